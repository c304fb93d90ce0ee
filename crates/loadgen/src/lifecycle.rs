//! The lifecycle a client repeats: receive a dossier at the desk, hand it over (its one step is
//! done and the result is ready), return the result, and look it up publicly by its code.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use hyper::Method;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;

use crate::acks::Ack;
use crate::client::{Answer, Client};
use crate::stats::{Call, ClientStats};

/// What every client needs to know to build its requests.
#[derive(Clone, Debug)]
pub struct Plan {
    pub procedure: String,
    /// How many documents the procedure asks for; each is marked as seen on paper.
    pub documents: usize,
}

/// The fields of a dossier answer the generator reads.
#[derive(Debug, Deserialize)]
struct Dossier {
    id: String,
    code: String,
    version: i64,
    status: String,
}

/// Asks the server for the procedure's checklist, so that intakes are complete.
pub async fn plan(client: &mut Client, procedure: &str) -> anyhow::Result<Plan> {
    #[derive(Deserialize)]
    struct Procedure {
        documents: Vec<serde_json::Value>,
        steps: Vec<serde_json::Value>,
    }
    let a = client
        .call(
            Method::GET,
            &format!("/api/v1/procedures/{procedure}"),
            None,
            true,
        )
        .await?;
    anyhow::ensure!(
        a.status == 200,
        "procedure {procedure}: HTTP {} {}",
        a.status,
        String::from_utf8_lossy(&a.body)
    );
    let p: Procedure = serde_json::from_slice(&a.body).context("procedure answer")?;
    anyhow::ensure!(
        p.steps.len() == 1,
        "procedure {procedure} has {} steps; the four-call lifecycle needs a one-step procedure (data/bench/procedures.csv)",
        p.steps.len()
    );
    Ok(Plan {
        procedure: procedure.to_owned(),
        documents: p.documents.len(),
    })
}

/// Runs lifecycles until `until`, recording calls that end after `measure_from`.
pub async fn drive(
    mut client: Client,
    plan: Plan,
    measure_from: Instant,
    until: Instant,
    acks: Option<mpsc::UnboundedSender<Ack>>,
    codes: mpsc::UnboundedSender<String>,
) -> ClientStats {
    let mut stats = ClientStats::default();
    let mut rng = fastrand::Rng::new();
    while Instant::now() < until {
        let ok = one(
            &mut client,
            &plan,
            &mut rng,
            &mut stats,
            measure_from,
            acks.as_ref(),
        )
        .await;
        match ok {
            Ok(code) => {
                if Instant::now() >= measure_from {
                    stats.lifecycles += 1;
                }
                let _ = codes.send(code);
            }
            Err(Failure::Refused) => {}
            // The server is down or restarting: do not spin.
            Err(Failure::Transport) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    stats
}

enum Failure {
    /// The server answered with an error status; counted, the next lifecycle starts.
    Refused,
    /// No answer at all.
    Transport,
}

async fn one(
    client: &mut Client,
    plan: &Plan,
    rng: &mut fastrand::Rng,
    stats: &mut ClientStats,
    measure_from: Instant,
    acks: Option<&mpsc::UnboundedSender<Ack>>,
) -> Result<String, Failure> {
    let documents: Vec<_> = (0..plan.documents)
        .map(|i| json!({ "position": i, "provided": true }))
        .collect();
    let birth_year = rng.u32(1950..=2005);
    let intake = json!({
        "procedure_code": plan.procedure,
        "channel": "desk",
        "applicant": {
            "kind": "person",
            "name": format!("Người Đo Tải {}", rng.u32(1..1_000_000)),
            // Province 079; the fourth digit is a man's century (0: 1900s, 2: 2000s), then the
            // birth year's last two digits.
            "citizen_id": format!(
                "079{}{:02}{:06}",
                if birth_year < 2000 { 0 } else { 2 },
                birth_year % 100,
                rng.u32(0..1_000_000)
            ),
            "birth_year": birth_year.to_string(),
            "phone": format!("09{:08}", rng.u32(0..100_000_000)),
            "address": "Phường Bạc Liêu, tỉnh Cà Mau",
        },
        "documents": documents,
    });
    let created = step(
        client,
        stats,
        measure_from,
        Call::Create,
        Method::POST,
        "/api/v1/dossiers",
        Some(&intake),
        201,
    )
    .await?;
    let d: Dossier = parse(&created, stats, Call::Create, measure_from)?;
    ack(acks, Call::Create, &d);
    let path = format!("/api/v1/dossiers/{}/actions", d.id);
    let body = json!({ "action": "hand_over", "version": d.version });
    let handed = step(
        client,
        stats,
        measure_from,
        Call::HandOver,
        Method::POST,
        &path,
        Some(&body),
        200,
    )
    .await?;
    let h: Dossier = parse(&handed, stats, Call::HandOver, measure_from)?;
    ack(acks, Call::HandOver, &h);
    let body = json!({ "action": "return_result", "version": h.version });
    let returned = step(
        client,
        stats,
        measure_from,
        Call::Return,
        Method::POST,
        &path,
        Some(&body),
        200,
    )
    .await?;
    let r: Dossier = parse(&returned, stats, Call::Return, measure_from)?;
    ack(acks, Call::Return, &r);
    let track = format!("/api/v1/track/{}", d.code);
    step(
        client,
        stats,
        measure_from,
        Call::Lookup,
        Method::GET,
        &track,
        None,
        200,
    )
    .await?;
    Ok(d.code)
}

#[allow(clippy::too_many_arguments)]
async fn step(
    client: &mut Client,
    stats: &mut ClientStats,
    measure_from: Instant,
    call: Call,
    method: Method,
    path: &str,
    body: Option<&serde_json::Value>,
    expect: u16,
) -> Result<Answer, Failure> {
    let json = body.map(|b| b.to_string().into_bytes());
    // Public lookups go without the token, as a citizen's phone would.
    let authorised = call != Call::Lookup;
    match client.call(method, path, json, authorised).await {
        Ok(a) => {
            let counted = Instant::now() >= measure_from;
            if a.status == expect {
                if counted {
                    stats.record(call, a.took);
                }
                Ok(a)
            } else {
                if counted {
                    stats.error(call, a.status);
                }
                if stats.first_error.is_none() {
                    stats.first_error = Some(format!(
                        "{call}: HTTP {} {}",
                        a.status,
                        String::from_utf8_lossy(&a.body)
                            .chars()
                            .take(300)
                            .collect::<String>()
                    ));
                }
                Err(Failure::Refused)
            }
        }
        Err(e) => {
            if Instant::now() >= measure_from {
                stats.error(call, 0);
            }
            if stats.first_error.is_none() {
                stats.first_error = Some(format!("{call}: {e:#}"));
            }
            Err(Failure::Transport)
        }
    }
}

fn parse(
    a: &Answer,
    stats: &mut ClientStats,
    call: Call,
    measure_from: Instant,
) -> Result<Dossier, Failure> {
    serde_json::from_slice(&a.body).map_err(|e| {
        if Instant::now() >= measure_from {
            stats.error(call, a.status);
        }
        stats
            .first_error
            .get_or_insert_with(|| format!("{call}: unreadable answer: {e}"));
        Failure::Refused
    })
}

fn ack(acks: Option<&mpsc::UnboundedSender<Ack>>, call: Call, d: &Dossier) {
    if let Some(tx) = acks {
        let _ = tx.send(Ack {
            call,
            id: d.id.clone(),
            code: d.code.clone(),
            version: d.version,
            status: d.status.clone(),
        });
    }
}
