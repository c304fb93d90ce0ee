//! Place reports at scale (issue 24, point 11): a server on SQLite holding N reports (default
//! 1,000,000) answers Open311 `GET requests.json` with a date or a status filter, and the form's
//! nearby suggestions, measured over real HTTP one request at a time; then reports with a 2 MB
//! photo are filed through the page by several clients at once, and the photo worker's backlog
//! is timed until it is empty.
//!
//! ```sh
//! cargo run --release -p motcua-web --example report_speed -- 1000000
//! ```
//!
//! Prints one JSON object: p50 and p95 in milliseconds per query, and filings per second. A
//! second argument `reads` measures the queries alone.

use std::io::Cursor;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use motcua_domain::report::place::Boundary;
use motcua_store::Db;
use motcua_web::{App, Config, CookieSecurity};

const SAMPLES: usize = 300;

/// The server runs in this process, so it gets the allocator the `motcua` binary has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn point_in(b: &Boundary, rng: &mut fastrand::Rng) -> (f64, f64) {
    let bb = b.bbox();
    loop {
        let lat = bb.min_lat + rng.f64() * (bb.max_lat - bb.min_lat);
        let lon = bb.min_lon + rng.f64() * (bb.max_lon - bb.min_lon);
        if b.contains(motcua_domain::report::place::Coordinates { lat, lon }) {
            return (lat, lon);
        }
    }
}

/// Writes `n` reports straight into the table (the live filing path is measured on its own
/// below): spread evenly over the last year in the order they arrive, over the demo's wards and
/// categories, 30 % open.
async fn bulk(
    db: &Db,
    n: usize,
    wards: &[(String, Boundary)],
    categories: &[String],
) -> anyhow::Result<()> {
    let Db::Sqlite(pool, _) = db else {
        anyhow::bail!("this benchmark fills SQLite");
    };
    let mut rng = fastrand::Rng::with_seed(11);
    let now = Utc::now();
    const BATCH: usize = 500;
    let mut done = 0;
    while done < n {
        let rows = BATCH.min(n - done);
        let mut sql = String::from(
            "INSERT INTO place_report (report_id, code, category_code, unit_id, lat, lon, address, \
             title, description, answers, channel, reporter_id, reporter_name, reporter_email, \
             reporter_phone, anonymous, state, grp, duplicate_of, rules_id, acknowledge_due, answer_due, \
             acknowledged_at, answered_at, closed_at, original, version, created_at, updated_at) VALUES ",
        );
        for i in 0..rows {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str("(?,?,?,?,?,?,'','Phản ánh thử','Nội dung thử','[]','web',NULL,'','','',0,?,?,NULL,'qd766-pakn-2022',?,?,NULL,?,?,NULL,1,?,?)");
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in 0..rows {
            let k = done + i;
            let (unit, ring) = &wards[rng.usize(..wards.len())];
            let (lat, lon) = point_in(ring, &mut rng);
            // In the order they arrive, as a live table fills: the oldest first.
            let created = now - Days::seconds((n - k) as i64 * 365 * 86_400 / n as i64);
            let (state, grp, answered) = match rng.u8(..10) {
                0..=2 => ("in_progress", "open", None),
                3..=7 => ("fixed", "fixed", Some(created + Days::days(rng.i64(1..30)))),
                _ => (
                    "no_further_action",
                    "closed",
                    Some(created + Days::days(rng.i64(1..30))),
                ),
            };
            q = q
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(format!("PB-{k:08}"))
                .bind(categories[rng.usize(..categories.len())].clone())
                .bind(unit.clone())
                .bind(lat)
                .bind(lon)
                .bind(state)
                .bind(grp)
                .bind(created + Days::days(2))
                .bind(created + Days::days(21))
                .bind(answered)
                .bind(answered)
                .bind(created)
                .bind(created);
        }
        let mut tx = pool.begin().await?;
        q.execute(&mut *tx).await?;
        tx.commit().await?;
        done += rows;
    }
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

async fn timed(client: &reqwest::Client, urls: &[String]) -> anyhow::Result<(f64, f64, usize)> {
    let mut ms = Vec::new();
    let mut rows = 0;
    for u in urls {
        let t = Instant::now();
        let r = client.get(u).send().await?;
        anyhow::ensure!(r.status().is_success(), "{u}: {}", r.status());
        let v: serde_json::Value = r.json().await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        rows += v.as_array().map_or(0, Vec::len);
    }
    Ok((
        percentile(ms.clone(), 0.5),
        percentile(ms, 0.95),
        rows / urls.len().max(1),
    ))
}

/// A 12-megapixel photo of about 2 MB, as a phone sends it: grain keeps the JPEG from
/// compressing away. Each `seed` gives another picture, so no two filings share a stored file.
/// (The same picture as `photo_speed`'s "grain".)
fn photo(seed: u64) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let grain = rng.u8(..) & 0x3F;
        image::Rgb([
            ((x / 7) % 256) as u8 ^ grain,
            ((y / 5) % 256) as u8,
            ((x + y) / 11 % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("encode");
    out
}

/// `n` distinct photos, made on every core.
fn photos(n: usize) -> Vec<Vec<u8>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut out = vec![Vec::new(); n];
    std::thread::scope(|s| {
        for (t, chunk) in out.chunks_mut(n.div_ceil(threads)).enumerate() {
            s.spawn(move || {
                for (i, p) in chunk.iter_mut().enumerate() {
                    *p = photo((t * 100_000 + i) as u64);
                }
            });
        }
    });
    out
}

/// How many photos wait to be rendered.
async fn pending(db: &Db) -> anyhow::Result<i64> {
    let Db::Sqlite(pool, _) = db else {
        anyhow::bail!("this benchmark reads SQLite");
    };
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM report_photo WHERE pending = 1")
            .fetch_one(pool)
            .await?,
    )
}

fn csrf(html: &str) -> String {
    const FIELD: &str = "name=\"csrf_token\" value=\"";
    let i = html.find(FIELD).expect("csrf field") + FIELD.len();
    html[i..].split('"').next().unwrap_or("").to_owned()
}

async fn signed_in(base: &str) -> anyhow::Result<(reqwest::Client, String)> {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let token = csrf(&c.get(format!("{base}/login")).send().await?.text().await?);
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("login", "congdan"),
            ("password", "motcua-demo"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "login: {}", r.status());
    let form = c
        .get(format!("{base}/phan-anh/gui"))
        .send()
        .await?
        .text()
        .await?;
    Ok((c, csrf(&form)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |s| s.parse())?;
    // `reads`: the queries alone, without the filing half (for profiling them).
    let reads_only = std::env::args().nth(2).is_some_and(|a| a == "reads");
    // reqwest is built without a TLS provider of its own; the workspace's is ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("motcua-report-speed-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let mut config = Config::new(dir.join("data"));
    config.listen = "127.0.0.1:0".parse()?;
    config.database_url = Some(format!(
        "sqlite://{}?mode=rwc",
        dir.join("speed.db").display()
    ));
    config.cookie_security = CookieSecurity::Never;
    config.jobs.enabled = false;
    config.body_limit_bytes = 64 * 1024 * 1024;
    let app = App::build(config).await?;
    motcua_demo::demo::load_once(app.context(), 0).await?;
    let base = format!("http://{}", app.local_addr);
    let db = app.db().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));

    let units = motcua_store::units::list_all(&db).await?;
    let wards: Vec<(String, Boundary)> = motcua_store::reports::setup::all_boundaries(&db)
        .await?
        .into_iter()
        .map(|(u, b)| (u.to_string(), b))
        .collect();
    let _ = units;
    let categories: Vec<String> = motcua_store::reports::setup::active_categories(&db)
        .await?
        .into_iter()
        .filter(|c| c.routing == motcua_domain::report::category::Routing::Area)
        .map(|c| c.code)
        .collect();
    let t = Instant::now();
    bulk(&db, n, &wards, &categories).await?;
    let fill_s = t.elapsed().as_secs_f64();

    let client = reqwest::Client::new();
    let mut rng = fastrand::Rng::with_seed(7);
    let day = |d: i64| {
        (Utc::now() - Days::days(d))
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    };
    let open311 = |q: &str| format!("{base}/open311/v2/requests.json?{q}");
    let by_date: Vec<String> = (0..SAMPLES)
        .map(|_| {
            let end = rng.i64(0..270);
            open311(&format!(
                "start_date={}&end_date={}",
                day(end + 30).replace('+', "%2B"),
                day(end).replace('+', "%2B")
            ))
        })
        .collect();
    let by_status: Vec<String> = (0..SAMPLES)
        .map(|i| {
            open311(&format!(
                "status={}",
                if i % 2 == 0 { "open" } else { "closed" }
            ))
        })
        .collect();
    let nearby: Vec<String> = (0..SAMPLES)
        .map(|_| {
            let (_, ring) = &wards[rng.usize(..wards.len())];
            let (lat, lon) = point_in(ring, &mut rng);
            format!(
                "{base}/phan-anh/gan-day?category={}&lat={lat:.6}&lon={lon:.6}",
                categories[rng.usize(..categories.len())]
            )
        })
        .collect();
    // Warm the caches the way a running server has them warm.
    timed(&client, &by_date[..20]).await?;
    timed(&client, &nearby[..20]).await?;
    let (d50, d95, d_rows) = timed(&client, &by_date).await?;
    let (s50, s95, s_rows) = timed(&client, &by_status).await?;
    let (n50, n95, n_rows) = timed(&client, &nearby).await?;

    if reads_only {
        println!(
            "{}",
            serde_json::json!({
                "reports": n,
                "open311_date_filter_ms": { "p50": d50, "p95": d95, "rows_per_answer": d_rows },
                "open311_status_filter_ms": { "p50": s50, "p95": s95, "rows_per_answer": s_rows },
                "nearby_ms": { "p50": n50, "p95": n95, "rows_per_answer": n_rows },
            })
        );
        let _ = stop.send(());
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }

    // Filing with a 2 MB photo through the page, several clients at once, each report with a
    // picture of its own; the photo worker renders beside the filings, as it would.
    let clients = 8;
    let per_client = 50;
    let pictures = photos(clients * per_client);
    let photo_bytes = pictures.iter().map(Vec::len).sum::<usize>() / pictures.len();
    let mut sessions = Vec::new();
    for _ in 0..clients {
        sessions.push(signed_in(&base).await?);
    }
    let (lat0, lon0) = point_in(&wards[0].1, &mut rng);
    let t = Instant::now();
    let mut tasks = Vec::new();
    let mut pictures = pictures.into_iter();
    for (c, token) in sessions {
        let base = base.clone();
        let mine: Vec<Vec<u8>> = pictures.by_ref().take(per_client).collect();
        let category = categories[0].clone();
        tasks.push(tokio::spawn(async move {
            for picture in mine {
                let form = reqwest::multipart::Form::new()
                    .text("csrf_token", token.clone())
                    .text("category", category.clone())
                    .text("attribute[depth]", "knee")
                    .text("lat", format!("{lat0:.6}"))
                    .text("lon", format!("{lon0:.6}"))
                    .text("description", "Hẻm ngập sau mưa, nước lên đến gối.")
                    .part(
                        "photos",
                        reqwest::multipart::Part::bytes(picture).file_name("anh.jpg"),
                    );
                let r = c
                    .post(format!("{base}/phan-anh/gui"))
                    .multipart(form)
                    .send()
                    .await?;
                anyhow::ensure!(r.status() == 303, "filing: {}", r.status());
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let filed = clients * per_client;
    let filing_s = t.elapsed().as_secs_f64();
    let filing_rate = filed as f64 / filing_s;
    let left_at_end = pending(&db).await?;
    while pending(&db).await? > 0 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let all_rendered_s = t.elapsed().as_secs_f64();

    println!(
        "{}",
        serde_json::json!({
            "reports": n,
            "fill_seconds": (fill_s * 10.0).round() / 10.0,
            "open311_date_filter_ms": { "p50": d50, "p95": d95, "rows_per_answer": d_rows },
            "open311_status_filter_ms": { "p50": s50, "p95": s95, "rows_per_answer": s_rows },
            "nearby_ms": { "p50": n50, "p95": n95, "rows_per_answer": n_rows },
            "filing_with_2mb_photo": { "photo_bytes": photo_bytes, "clients": clients, "reports": filed, "per_second": (filing_rate * 10.0).round() / 10.0 },
            "photo_worker": { "pending_when_filing_ended": left_at_end, "all_rendered_after_seconds": (all_rendered_s * 10.0).round() / 10.0, "rendered_per_second": (filed as f64 / all_rendered_s * 10.0).round() / 10.0 },
        })
    );
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .ok();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
