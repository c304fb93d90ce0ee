//! `motcua-load`: a load generator for motcua, in the manner of k6. It sends real HTTP over
//! loopback: 64 clients (by default) each repeat the dossier lifecycle for a fixed time, then
//! the same clients measure the public lookup and `/healthz` alone. `check` verifies, after a
//! crash, that every acknowledged step survived. See docs/BENCHMARKS.md.

mod acks;
mod check;
mod client;
mod lifecycle;
mod probe;
mod rss;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::client::{Client, Target};
use crate::probe::ProbeResult;
use crate::stats::{Call, ClientStats, Latency};

#[derive(Debug, Parser)]
#[command(
    name = "motcua-load",
    version,
    about = "Load generator and crash checker for motcua"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Drive the lifecycle, then measure lookups and /healthz alone
    Run(RunArgs),
    /// Verify that every step in an acknowledgement log is on the server
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Server address, http://host:port; repeat it to spread the clients over several servers
    #[arg(long = "url", required = true)]
    urls: Vec<String>,
    /// API token of a desk officer with dossiers:read and dossiers:write. Repeat it (or list
    /// tokens with commas) to spread the intakes over several desk officers' units: client `c`
    /// uses token `c` modulo their number
    #[arg(
        long = "token",
        env = "MOTCUA_LOAD_TOKEN",
        required = true,
        value_delimiter = ','
    )]
    tokens: Vec<String>,
    /// A one-step procedure (data/bench/procedures.csv)
    #[arg(long, default_value = "9.999001")]
    procedure: String,
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Measured seconds of lifecycle load
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Seconds of load before measuring starts
    #[arg(long, default_value_t = 2)]
    warmup: u64,
    /// Seconds for each of the lookup-only and /healthz-only phases; 0 skips them
    #[arg(long, default_value_t = 5)]
    probe_seconds: u64,
    /// Server process id, for its resident memory; repeat for several servers
    #[arg(long = "server-pid")]
    server_pids: Vec<u32>,
    /// Write every acknowledged step to this file (for `check`)
    #[arg(long)]
    acks: Option<PathBuf>,
    /// Also write the figures as JSON to this file
    #[arg(long)]
    json: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[arg(long)]
    url: String,
    #[arg(long, env = "MOTCUA_LOAD_TOKEN")]
    token: String,
    /// The log written by `run --acks`
    #[arg(long)]
    acks: PathBuf,
}

#[derive(Debug, Serialize)]
struct Report {
    clients: usize,
    /// How many desk officers (each receiving for a unit of their own) the clients took turns as.
    desk_officers: usize,
    seconds: f64,
    lifecycles: u64,
    lifecycles_per_second: f64,
    calls: Vec<Latency>,
    errors: Vec<ErrorCount>,
    server_peak_rss_mb: Vec<f64>,
    /// CPU time of the servers together over the measured seconds, per lifecycle. Unlike the
    /// rate, it hardly depends on how much of the machine the host lets the run have.
    server_cpu_ms_per_lifecycle: Option<f64>,
    lookup: Option<ProbeResult>,
    healthz: Option<ProbeResult>,
    /// Lookups per second over /healthz per second.
    lookup_to_healthz: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ErrorCount {
    call: Call,
    /// 0: no answer (connection refused or reset).
    status: u16,
    count: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args).await,
        Command::Check(args) => check(args).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("motcua-load: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let mut targets = Vec::new();
    for url in &args.urls {
        targets.push(Target::parse(url).await?);
    }
    let plan = lifecycle::plan(
        &mut Client::new(targets[0].clone(), Some(args.tokens[0].clone())),
        &args.procedure,
    )
    .await?;
    let samplers: Vec<_> = args
        .server_pids
        .iter()
        .map(|&p| rss::Sampler::start(p))
        .collect();
    let (acks, ack_writer) = match &args.acks {
        Some(path) => {
            let (tx, task) = acks::writer(path).await?;
            (Some(tx), Some(task))
        }
        None => (None, None),
    };
    let (codes_tx, mut codes_rx) = mpsc::unbounded_channel();

    let start = Instant::now();
    let measure_from = start + Duration::from_secs(args.warmup);
    let until = measure_from + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        let client = Client::new(
            targets[c % targets.len()].clone(),
            Some(args.tokens[c % args.tokens.len()].clone()),
        );
        tasks.push(tokio::spawn(lifecycle::drive(
            client,
            plan.clone(),
            measure_from,
            until,
            acks.clone(),
            codes_tx.clone(),
        )));
    }
    drop((acks, codes_tx));
    let pids = args.server_pids.clone();
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from.into()).await;
        let from = servers_cpu_seconds(&pids);
        tokio::time::sleep_until(until.into()).await;
        Some(servers_cpu_seconds(&pids)? - from?)
    });
    let mut total = ClientStats::default();
    for t in tasks {
        total.merge(t.await.context("a client task failed")?);
    }
    let measured = until.saturating_duration_since(measure_from).as_secs_f64();
    if let Some(task) = ack_writer {
        let n = task.await??;
        println!("acknowledged steps logged: {n}");
    }
    let rss: Vec<f64> = samplers.iter().map(|s| kib_to_mb(s.peak_kib())).collect();
    let cpu_seconds = cpu.await.context("the CPU sampler failed")?;

    let mut codes = Vec::new();
    while let Ok(c) = codes_rx.try_recv() {
        codes.push(format!("/api/v1/track/{c}"));
    }
    let (lookup, healthz) = if args.probe_seconds > 0 && !codes.is_empty() {
        let length = Duration::from_secs(args.probe_seconds);
        fastrand::shuffle(&mut codes);
        let lookup = probe::run(&targets[0], args.clients, length, "lookup", Arc::new(codes)).await;
        let health = Arc::new(vec!["/healthz".to_owned()]);
        let healthz = probe::run(&targets[0], args.clients, length, "/healthz", health).await;
        (Some(lookup), Some(healthz))
    } else {
        (None, None)
    };

    let report = report(&args, total, measured, (rss, cpu_seconds), lookup, healthz);
    print(&report);
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_vec_pretty(&report)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The servers' CPU seconds so far, summed; `None` without servers or if one is gone.
fn servers_cpu_seconds(pids: &[u32]) -> Option<f64> {
    if pids.is_empty() {
        return None;
    }
    pids.iter().map(|&p| rss::cpu_seconds(p)).sum()
}

fn report(
    args: &RunArgs,
    mut total: ClientStats,
    measured: f64,
    (server_peak_rss_mb, cpu_seconds): (Vec<f64>, Option<f64>),
    lookup: Option<ProbeResult>,
    healthz: Option<ProbeResult>,
) -> Report {
    if let Some(e) = &total.first_error {
        eprintln!("first error: {e}");
    }
    let calls = Call::ALL
        .iter()
        .map(|&c| {
            Latency::of(
                c,
                total
                    .latencies
                    .get_mut(&c)
                    .map_or(&mut [][..], |v| &mut v[..]),
            )
        })
        .collect();
    let errors = total
        .errors
        .iter()
        .map(|(&(call, status), &count)| ErrorCount {
            call,
            status,
            count,
        })
        .collect();
    let lookup_to_healthz = match (&lookup, &healthz) {
        (Some(l), Some(h)) if h.per_second > 0.0 => Some(l.per_second / h.per_second),
        _ => None,
    };
    #[allow(clippy::cast_precision_loss)]
    let lifecycles_per_second = total.lifecycles as f64 / measured;
    #[allow(clippy::cast_precision_loss)]
    let server_cpu_ms_per_lifecycle = cpu_seconds
        .filter(|_| total.lifecycles > 0)
        .map(|s| s * 1000.0 / total.lifecycles as f64);
    Report {
        clients: args.clients,
        desk_officers: args.tokens.len(),
        seconds: measured,
        lifecycles: total.lifecycles,
        lifecycles_per_second,
        calls,
        errors,
        server_peak_rss_mb,
        server_cpu_ms_per_lifecycle,
        lookup,
        healthz,
        lookup_to_healthz,
    }
}

fn print(r: &Report) {
    println!(
        "{} clients as {} desk officer(s), {:.0} s measured: {} lifecycles, {:.1} lifecycles/s",
        r.clients, r.desk_officers, r.seconds, r.lifecycles, r.lifecycles_per_second
    );
    println!(
        "{:<14}{:>9}{:>10}{:>10}{:>10}{:>10}",
        "call", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for l in &r.calls {
        println!(
            "{:<14}{:>9}{:>10.1}{:>10.1}{:>10.1}{:>10.1}",
            l.call.code(),
            l.count,
            l.p50_ms,
            l.p95_ms,
            l.p99_ms,
            l.max_ms
        );
    }
    if r.errors.is_empty() {
        println!("errors: none");
    }
    for e in &r.errors {
        let what = if e.status == 0 {
            "no answer".to_owned()
        } else {
            format!("HTTP {}", e.status)
        };
        println!("errors: {} {what}: {}", e.call, e.count);
    }
    for (i, mb) in r.server_peak_rss_mb.iter().enumerate() {
        println!("server {} peak resident memory: {mb:.1} MB", i + 1);
    }
    if let Some(ms) = r.server_cpu_ms_per_lifecycle {
        println!("server CPU time per lifecycle: {ms:.2} ms");
    }
    for p in [&r.lookup, &r.healthz].into_iter().flatten() {
        println!(
            "{} alone: {:.0} requests/s ({} errors)",
            p.path, p.per_second, p.errors
        );
    }
    if let Some(ratio) = r.lookup_to_healthz {
        println!("lookup / healthz: {:.0} %", ratio * 100.0);
    }
}

#[allow(clippy::cast_precision_loss)]
fn kib_to_mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1_000_000.0
}

async fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let target = Target::parse(&args.url).await?;
    let text = std::fs::read_to_string(&args.acks)
        .with_context(|| format!("cannot read {}", args.acks.display()))?;
    let (expected, steps) = acks::read(&text)?;
    let verdict = check::run(&target, &args.token, expected, 8).await?;
    println!(
        "{steps} acknowledged steps on {} dossiers: {} lost",
        verdict.dossiers,
        verdict.lost.len()
    );
    for l in verdict.lost.iter().take(20) {
        println!("  lost: {l}");
    }
    Ok(if verdict.lost.is_empty() && steps > 0 {
        ExitCode::SUCCESS
    } else {
        if steps == 0 {
            println!("the log is empty: nothing was checked");
        }
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_repeat_or_come_as_one_list() {
        let cli = Cli::try_parse_from([
            "motcua-load",
            "run",
            "--url",
            "http://127.0.0.1:1",
            "--token",
            "a,b",
            "--token",
            "c",
        ])
        .unwrap();
        let Command::Run(args) = cli.command else {
            panic!("parsed as another command");
        };
        assert_eq!(args.tokens, ["a", "b", "c"]);
    }
}
