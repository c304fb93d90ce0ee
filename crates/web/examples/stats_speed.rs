//! Leaders' dashboards over millions of dossiers (issue 26, point 9): opens a database seeded
//! by `motcua seed`, serves it, logs in as the province's inspector (who may see the province's
//! dashboards) and the commune's head, and times each dashboard view over HTTP, one request at
//! a time, `ROUNDS` times each after a warm-up.
//!
//! ```sh
//! cargo build --release -p motcua
//! target/release/motcua seed --cases 5000000 --data /tmp/seed5m
//! cargo run --release -p motcua-web --example stats_speed -- sqlite:///tmp/seed5m/motcua.db
//! ```
//!
//! Prints one JSON object: the dossiers in the database, and for each view its median and
//! 95th-percentile time in milliseconds and the size of its page.

use std::time::Instant;

use motcua_domain::stats::Month;
use motcua_web::{App, Config, CookieSecurity};

const ROUNDS: usize = 20;

/// The server runs in this process, so it gets the allocator the `motcua` binary has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

async fn login(base: &str, login: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let form = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let token = form
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or_else(|| anyhow::anyhow!("no login form"))?
        .to_owned();
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("login", login),
            ("password", motcua_demo::demo::DEMO_PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "login of {login}: {}", r.status());
    Ok(client)
}

async fn scalar(db: &motcua_store::Db, sql: &'static str) -> anyhow::Result<i64> {
    Ok(match db {
        motcua_store::Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await?,
        motcua_store::Db::Postgres(p, _) => sqlx::query_scalar(sql).fetch_one(p).await?,
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    // Nearest rank.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("give the seeded database's URL"))?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("motcua-stats-speed-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let mut config = Config::new(dir.join("data"));
    config.listen = "127.0.0.1:0".parse()?;
    config.database_url = Some(url.clone());
    config.cookie_security = CookieSecurity::Never;
    config.jobs.enabled = false;
    let app = App::build(config).await?;
    let ctx = app.context().clone();
    let base = format!("http://{}", app.local_addr);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let dossiers = scalar(ctx.db(), "SELECT COUNT(*) FROM dossier").await?;
    let province = login(&base, "thanhtra.tinh").await?;
    let commune = login(&base, "lanhdao.baclieu").await?;
    let public = reqwest::Client::new();
    let now = Month::of(motcua_store::now());
    let year = format!("tu={}-01&den={}-12", now.year() - 1, now.year() - 1);
    let views: Vec<(&str, &reqwest::Client, String)> = vec![
        (
            "province_year_with_index",
            &province,
            format!("/thong-ke?{year}"),
        ),
        ("province_this_month", &province, "/thong-ke".into()),
        (
            "province_quarter",
            &province,
            format!("/thong-ke?tu={}&den={}", now.plus(-3), now.plus(-1)),
        ),
        (
            "province_two_years",
            &province,
            format!("/thong-ke?tu={}&den={now}", now.plus(-23)),
        ),
        ("commune_year", &commune, format!("/thong-ke?{year}")),
        ("commune_this_month", &commune, "/thong-ke".into()),
        (
            "province_late_list",
            &province,
            format!("/thong-ke/ho-so?{year}&loai=tre-han"),
        ),
        (
            "province_open_over_list",
            &province,
            "/thong-ke/ho-so?loai=dang-qua-han".into(),
        ),
        (
            "province_units_csv",
            &province,
            format!("/thong-ke/bang.csv?{year}&bang=don-vi"),
        ),
        (
            "province_index_csv",
            &province,
            format!("/thong-ke/bang.csv?{year}&bang=chi-so"),
        ),
        ("public_last_month", &public, "/thong-ke/cong-khai".into()),
    ];
    let mut out = serde_json::Map::new();
    for (name, client, path) in views {
        let fetch = || async {
            let r = client.get(format!("{base}{path}")).send().await?;
            anyhow::ensure!(r.status() == 200, "{path}: {}", r.status());
            Ok::<usize, anyhow::Error>(r.bytes().await?.len())
        };
        let size = fetch().await?;
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let t = Instant::now();
            fetch().await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        out.insert(
            name.to_owned(),
            serde_json::json!({
                "path": path,
                "median_ms": (percentile(&times, 0.5) * 10.0).round() / 10.0,
                "p95_ms": (percentile(&times, 0.95) * 10.0).round() / 10.0,
                "bytes": size,
            }),
        );
    }
    let lines = scalar(ctx.db(), "SELECT COUNT(*) FROM dossier_tally").await?;
    println!(
        "{}",
        serde_json::json!({
            "database": if url.starts_with("postgres") { "postgresql" } else { "sqlite" },
            "dossiers": dossiers,
            "tally_lines": lines,
            "rounds": ROUNDS,
            "views": out,
        })
    );
    let _ = stop.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
