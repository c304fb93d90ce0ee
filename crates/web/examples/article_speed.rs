//! An article page with 500 comments (issue 25, point 5): a server on SQLite with the demo
//! data, the seed's article given 500 comments in threads three deep (a few hidden by
//! moderators), and 64 readers fetching its page over HTTP as fast as the server answers, for
//! three rounds of `SECONDS` seconds each.
//!
//! ```sh
//! cargo run --release -p motcua-web --example article_speed -- 5
//! ```
//!
//! The page shows the 20 newest threads with all their replies (a pager leads to the older
//! ones), so it reads and renders those, not all 500. Prints one JSON object: pages per second
//! per round and their median, the page's size, the comments stored and those on the page.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use motcua_domain::comment::{CommentState, Moderation, Subject};
use motcua_domain::ids::CommentId;
use motcua_store::AuditContext;
use motcua_store::comments::{self, NewComment};
use motcua_web::{App, Config, CookieSecurity};

const CLIENTS: usize = 64;
const COMMENTS: usize = 500;

/// The server runs in this process, so it gets the allocator the `motcua` binary has.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 500 comments under the article: 250 comments, 150 replies spread over them, 100 replies
/// to replies; one in 25 hidden. Written by the demo's people.
async fn comment_on(
    ctx: &motcua_app::Context,
    article: motcua_domain::ids::ArticleId,
) -> anyhow::Result<()> {
    let a = motcua_store::news::get(ctx.db(), article).await?;
    let authors: Vec<_> = motcua_store::users::list_all(ctx.db()).await?;
    let subject = Subject::Article(article);
    let mut tx = ctx.db().begin().await?;
    let mut tops: Vec<CommentId> = Vec::new();
    // (reply, its thread's first comment)
    let mut replies: Vec<(CommentId, CommentId)> = Vec::new();
    for i in 0..COMMENTS {
        // Replies go to every fifth thread, the newest included, so that every page of threads
        // carries some.
        let (parent, depth) = if i < 250 {
            (None, 1)
        } else if i < 400 {
            let top = tops[(i * 5) % tops.len()];
            (Some((top, top)), 2)
        } else {
            (Some(replies[(i * 3) % replies.len()]), 3)
        };
        let author = &authors[i % authors.len()];
        let body = format!(
            "Ý kiến số {i}: phường nên tiếp tục duy trì các mô hình tự quản, thắp sáng hẻm và \
             quỹ khuyến học; mong cán bộ một cửa tiếp tục hướng dẫn người dân nộp hồ sơ trực \
             tuyến."
        );
        let id = comments::insert(
            &mut tx,
            &NewComment {
                subject,
                unit: a.unit,
                parent,
                depth,
                author: author.id,
                author_name: &author.full_name,
                body: &body,
                state: CommentState::Visible,
            },
            ctx.now(),
        )
        .await?;
        match (depth, parent) {
            (1, _) => tops.push(id),
            (2, Some((_, root))) => replies.push((id, root)),
            _ => {}
        }
        if i % 25 == 24 {
            comments::moderate(
                &mut tx,
                &AuditContext::system(),
                id,
                Moderation::Hide,
                CommentState::Visible,
                "bench",
                ctx.now(),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// `CLIENTS` readers for `secs` seconds; the pages fetched, and their sizes seen.
async fn round(client: &reqwest::Client, url: &str, secs: u64) -> anyhow::Result<(u64, u64)> {
    let stop = Arc::new(AtomicBool::new(false));
    let pages = Arc::new(AtomicU64::new(0));
    let size = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (client, url) = (client.clone(), url.to_owned());
        let (stop, pages, size) = (stop.clone(), pages.clone(), size.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let r = client.get(&url).send().await?;
                anyhow::ensure!(r.status() == 200, "the page answered {}", r.status());
                let body = r.bytes().await?;
                size.store(body.len() as u64, Ordering::Relaxed);
                pages.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await??;
    }
    Ok((pages.load(Ordering::Relaxed), size.load(Ordering::Relaxed)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let secs: u64 = std::env::args().nth(1).map_or(Ok(5), |s| s.parse())?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("motcua-article-speed-{}", uuid::Uuid::now_v7()));
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
    let demo = motcua_demo::demo::load_once(app.context(), 0).await?;
    let ctx = app.context().clone();
    let base = format!("http://{}", app.local_addr);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    let seed = demo
        .news
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the demo made no news"))?
        .seed;
    comment_on(&ctx, seed).await?;
    let a = motcua_store::news::get(ctx.db(), seed).await?;
    let url = format!("{base}/tin-tuc/{}-{}", a.number, a.slug);
    let stored = comments::for_subject(ctx.db(), Subject::Article(seed))
        .await?
        .len();
    let first_page = comments::thread_page(ctx.db(), Subject::Article(seed), 0, 20).await?;
    let shown = first_page.comments.len();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CLIENTS)
        .build()?;
    // One page first: it must carry every comment of its threads.
    let page = client.get(&url).send().await?.text().await?;
    let on_page = page.matches(r#"class="comment depth-"#).count();
    anyhow::ensure!(
        on_page == shown,
        "{on_page} comments on the page, {shown} in its threads"
    );
    let mut rates = Vec::new();
    let mut size = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let (pages, bytes) = round(&client, &url, secs).await?;
        rates.push(pages as f64 / t.elapsed().as_secs_f64());
        size = bytes;
    }
    let mut sorted = rates.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{}",
        serde_json::json!({
            "comments": stored,
            "threads_on_page": first_page.roots.len(),
            "comments_on_page": on_page,
            "clients": CLIENTS,
            "seconds_per_round": secs,
            "page_bytes": size,
            "pages_per_s": rates,
            "median_pages_per_s": sorted[1],
        })
    );
    let _ = stop.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
