//! A read-only phase: every client repeats one kind of GET for a fixed time, with the same
//! client code as the lifecycle, so that rates compare.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::Method;
use serde::Serialize;

use crate::client::{Client, Target};

#[derive(Clone, Debug, Serialize)]
pub struct ProbeResult {
    pub path: String,
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
}

/// Runs `clients` loops of GET for `length`; `paths` are taken in turn by each client.
pub async fn run(
    target: &Target,
    clients: usize,
    length: Duration,
    label: &str,
    paths: Arc<Vec<String>>,
) -> ProbeResult {
    let until = Instant::now() + length;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let mut client = Client::new(target.clone(), None);
        let paths = Arc::clone(&paths);
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut bad) = (0u64, 0u64);
            let mut i = c;
            while Instant::now() < until {
                let path = &paths[i % paths.len()];
                i += clients;
                match client.call(Method::GET, path, None, false).await {
                    Ok(a) if a.status == 200 => ok += 1,
                    _ => bad += 1,
                }
            }
            (ok, bad)
        }));
    }
    let (mut requests, mut errors) = (0, 0);
    for t in tasks {
        if let Ok((ok, bad)) = t.await {
            requests += ok;
            errors += bad;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    let per_second = requests as f64 / secs;
    ProbeResult {
        path: label.to_owned(),
        requests,
        errors,
        per_second,
    }
}
