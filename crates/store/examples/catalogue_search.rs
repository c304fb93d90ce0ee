//! Measures catalogue search (folded `LIKE`) on a catalogue of N procedure versions.
//!
//!     cargo run --release -p motcua-store --example catalogue_search -- [N] [DATABASE_URL]
//!
//! Without a URL it uses a temporary SQLite file. With a PostgreSQL URL it uses that database
//! as is (it must be migrated and empty of procedures; use a scratch database).

use std::time::Instant;

use chrono::NaiveDate;
use motcua_domain::catalogue::parse_csv;
use motcua_domain::procedure::ProcedureCode;
use motcua_store::procedures::{self, ProcedureFilter};
use motcua_store::{AuditContext, Db};

const EXAMPLE: &[u8] = include_bytes!("../../../data/demo/procedures.csv");
const QUERIES: [&str; 6] = [
    "giay phep xay dung",
    "dang ky ket hon",
    "chung thuc",
    "ho tich khai sinh",
    "dat dai",
    "khong co ket qua nao",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(5000), |s| s.parse())?;
    let tmp = std::env::temp_dir().join(format!(
        "motcua-search-bench-{}.sqlite3",
        std::process::id()
    ));
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}", tmp.display()));
    let db = Db::connect_and_migrate(&url).await?;

    // N versions: the demo catalogue repeated under fresh codes.
    let base: Vec<_> = parse_csv(EXAMPLE)
        .valid
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let mut tx = db.begin().await?;
    for i in 0..n {
        let mut d = base[i % base.len()].clone();
        d.code = ProcedureCode::parse(&format!("B{i:07}"))?;
        procedures::create_version(&mut tx, &AuditContext::system(), d).await?;
    }
    tx.commit().await?;

    let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("date")?;
    let mut times = Vec::new();
    let mut hits = 0;
    for round in 0..50 {
        for q in QUERIES {
            let mut f = ProcedureFilter::on(as_of);
            f.query = Some(q.to_owned());
            f.limit = 20;
            let t = Instant::now();
            let found = procedures::list(&db, &f).await?;
            times.push(t.elapsed());
            if round == 0 {
                hits += found.len();
            }
        }
    }
    times.sort();
    let p50 = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    println!(
        "{} versions on {:?}: {} searches, p50 {:.2} ms, p95 {:.2} ms ({hits} hits in the first round)",
        n,
        db.backend(),
        times.len(),
        p50.as_secs_f64() * 1000.0,
        p95.as_secs_f64() * 1000.0
    );
    db.close().await;
    if std::env::var_os("KEEP").is_none() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
    }
    Ok(())
}
