//! After a crash and restart: is every acknowledged step still there?

use std::collections::HashMap;
use std::sync::Arc;

use hyper::Method;
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::acks::Expected;
use crate::client::{Client, Target};

#[derive(Debug, Default)]
pub struct Verdict {
    pub dossiers: usize,
    pub lost: Vec<String>,
}

#[derive(Deserialize)]
struct Seen {
    version: i64,
    status: String,
}

/// Asks the server for each dossier; a dossier is lost if it is missing, or older than the
/// last step acknowledged, or at that version in another state.
pub async fn run(
    target: &Target,
    token: &str,
    expected: HashMap<String, Expected>,
    clients: usize,
) -> anyhow::Result<Verdict> {
    let dossiers = expected.len();
    let queue = Arc::new(Mutex::new(expected.into_iter().collect::<Vec<_>>()));
    let mut tasks = Vec::new();
    for _ in 0..clients.max(1) {
        let queue = Arc::clone(&queue);
        let mut client = Client::new(target.clone(), Some(token.to_owned()));
        tasks.push(tokio::spawn(async move {
            let mut lost = Vec::new();
            loop {
                let Some((id, want)) = queue.lock().await.pop() else {
                    break;
                };
                let a = client
                    .call(Method::GET, &format!("/api/v1/dossiers/{id}"), None, true)
                    .await?;
                let problem = match a.status {
                    200 => {
                        let seen: Seen = serde_json::from_slice(&a.body)?;
                        if seen.version < want.version {
                            Some(format!(
                                "at version {}, acknowledged {}",
                                seen.version, want.version
                            ))
                        } else if seen.version == want.version && seen.status != want.status {
                            Some(format!(
                                "{} at version {}, acknowledged {}",
                                seen.status, seen.version, want.status
                            ))
                        } else {
                            None
                        }
                    }
                    404 => Some("missing".to_owned()),
                    s => anyhow::bail!("GET /api/v1/dossiers/{id}: HTTP {s}"),
                };
                if let Some(p) = problem {
                    lost.push(format!("{} ({id}): {p}", want.code));
                }
            }
            anyhow::Ok(lost)
        }));
    }
    let mut verdict = Verdict {
        dossiers,
        lost: Vec::new(),
    };
    for t in tasks {
        verdict.lost.extend(t.await??);
    }
    verdict.lost.sort();
    Ok(verdict)
}
