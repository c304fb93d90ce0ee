//! One poll, many voters at once (issue 25, point 5): a server on SQLite with the demo data,
//! 64 clients each voting online through the page (`POST /tham-do/{id}/bo-phieu`) as verified
//! citizens signed in with sessions of their own, one ballot each, as fast as the server takes
//! them. Three rounds, each in a fresh poll with the same voters; then every voter tries a
//! second ballot, and the tallies are checked against the voters.
//!
//! ```sh
//! cargo run --release -p motcua-web --example poll_speed -- 9600
//! ```
//!
//! Prints one JSON object: ballots per second per round and their median, and the double votes
//! found (refused second ballots that were counted, voters against tallies).

use std::time::Instant;

use chrono::Duration;
use motcua_app::Actor;
use motcua_domain::account::Login;
use motcua_domain::dossier::citizen_id::CitizenId;
use motcua_domain::ids::PollId;
use motcua_domain::poll::RawPoll;
use motcua_store::AuditContext;
use motcua_store::polls::{self, CitizenIdentity};
use motcua_store::sessions;
use motcua_store::users::{self, NewUser};
use motcua_web::{App, Config, CookieSecurity};

const CLIENTS: usize = 64;

/// The server runs in this process, so it gets the allocator the `motcua` binary has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A signed-in voter: the session cookie and its CSRF token.
struct Voter {
    cookie: String,
    csrf: String,
}

/// `n` citizen accounts, each bound to an ID card of its own in the poll's unit and signed in.
async fn voters(
    ctx: &motcua_app::Context,
    unit: motcua_domain::ids::UnitId,
    n: usize,
) -> anyhow::Result<Vec<Voter>> {
    let audit = AuditContext::system();
    let mut out = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tx = ctx.db().begin().await?;
        for &i in chunk {
            let user = users::create(
                &mut tx,
                &audit,
                NewUser {
                    login: Login::parse(&format!("cu.tri.{i}"))?,
                    full_name: format!("Cử tri {i}"),
                    email: None,
                    password_hash: "!bench".into(),
                    unit: None,
                },
            )
            .await?;
            // Cà Mau (096), born in the 1980s or 1990s, a running number.
            let id = CitizenId::parse(&format!("0960{:02}{:06}", 80 + i % 20, i))?;
            polls::verify_citizen(
                &mut tx,
                &audit,
                &CitizenIdentity {
                    user: user.id,
                    person_key: motcua_app::polls::person_key(ctx, &id),
                    unit,
                    verified_at: ctx.now(),
                },
            )
            .await?;
            let s =
                sessions::create(&mut tx, &audit, user.id, Duration::hours(8), None, None).await?;
            out.push(Voter {
                cookie: format!("motcua_session={}", s.token),
                csrf: s.session.csrf_secret,
            });
        }
        tx.commit().await?;
    }
    Ok(out)
}

async fn new_poll(
    ctx: &motcua_app::Context,
    unit: motcua_domain::ids::UnitId,
    round: usize,
) -> anyhow::Result<PollId> {
    let now = ctx.now();
    motcua_app::polls::create(
        ctx,
        &Actor::system("poll_speed"),
        RawPoll {
            unit: Some(unit),
            title: format!("Đo tốc độ bỏ phiếu, lượt {round}"),
            question: "Theo bạn, điều gì có thể giữ chân và thu hút người tài vào khu vực công?"
                .into(),
            description: String::new(),
            kind: "single".into(),
            max_choices: String::new(),
            options: vec![
                "Thu nhập tương xứng".into(),
                "Môi trường làm việc".into(),
                "Cơ hội thăng tiến".into(),
                "Được ghi nhận".into(),
            ],
            opens_at: Some(now - Duration::minutes(1)),
            closes_at: Some(now + Duration::days(1)),
            results_live: false,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Every voter sends one ballot, `CLIENTS` at a time; the counted ones and the seconds taken.
async fn round(
    client: &reqwest::Client,
    base: &str,
    poll: PollId,
    options: &[String],
    voters: &std::sync::Arc<Vec<Voter>>,
) -> anyhow::Result<(usize, usize, f64)> {
    let t = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = client.clone();
        let url = format!("{base}/tham-do/{poll}/bo-phieu");
        let voters = voters.clone();
        let options = options.to_vec();
        tasks.push(tokio::spawn(async move {
            let (mut counted, mut refused) = (0usize, 0usize);
            for (i, v) in voters.iter().enumerate().skip(c).step_by(CLIENTS) {
                let r = client
                    .post(&url)
                    .header(reqwest::header::COOKIE, &v.cookie)
                    .form(&[
                        ("csrf_token", v.csrf.as_str()),
                        ("option", &options[i % options.len()]),
                    ])
                    .send()
                    .await?;
                match r.status().as_u16() {
                    303 => counted += 1,
                    422 => refused += 1,
                    s => anyhow::bail!("ballot answered {s}: {}", r.text().await?),
                }
            }
            Ok::<_, anyhow::Error>((counted, refused))
        }));
    }
    let (mut counted, mut refused) = (0, 0);
    for t in tasks {
        let (c, r) = t.await??;
        counted += c;
        refused += r;
    }
    Ok((counted, refused, t.elapsed().as_secs_f64()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).map_or(Ok(9_600), |s| s.parse())?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("motcua-poll-speed-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let mut config = Config::new(dir.join("data"));
    config.listen = "127.0.0.1:0".parse()?;
    config.database_url = Some(format!(
        "sqlite://{}?mode=rwc",
        dir.join("speed.db").display()
    ));
    config.cookie_security = CookieSecurity::Never;
    config.jobs.enabled = false;
    let app = App::build(config).await?;
    motcua_demo::demo::load_once(app.context(), 0).await?;
    let ctx = app.context().clone();
    let base = format!("http://{}", app.local_addr);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));

    let unit = motcua_store::units::list_all(ctx.db())
        .await?
        .into_iter()
        .find(|u| u.parent.is_none())
        .ok_or_else(|| anyhow::anyhow!("no province in the demo"))?
        .id;
    let t = Instant::now();
    let voters = std::sync::Arc::new(voters(&ctx, unit, n).await?);
    let setup_s = t.elapsed().as_secs_f64();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CLIENTS)
        .build()?;

    let mut rates = Vec::new();
    let mut double_votes = 0i64;
    for r in 1..=3 {
        let poll = new_poll(&ctx, unit, r).await?;
        let options: Vec<String> = polls::get(ctx.db(), poll)
            .await?
            .options
            .iter()
            .map(|o| o.id.to_string())
            .collect();
        let (counted, refused, secs) = round(&client, &base, poll, &options, &voters).await?;
        anyhow::ensure!(
            counted == n && refused == 0,
            "round {r}: {counted} counted, {refused} refused"
        );
        rates.push(counted as f64 / secs);
        // Everyone again: every second ballot must be refused, and the tallies must still add
        // up to one ballot a voter.
        let (again, refused, _) = round(&client, &base, poll, &options, &voters).await?;
        let stored = polls::get(ctx.db(), poll).await?;
        let tallied: i64 = stored.options.iter().map(|o| o.votes).sum();
        double_votes +=
            again as i64 + (stored.voters - n as i64).abs() + (tallied - n as i64).abs();
        anyhow::ensure!(
            refused == n,
            "round {r}: {refused} of {n} second ballots refused"
        );
    }
    let mut sorted = rates.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{}",
        serde_json::json!({
            "voters": n,
            "clients": CLIENTS,
            "setup_s": setup_s,
            "ballots_per_s": rates,
            "median_ballots_per_s": sorted[1],
            "double_votes": double_votes,
        })
    );
    let _ = stop.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
