//! `motcua serve`: the web server, on the data folder's SQLite database or on PostgreSQL.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;
use motcua_web::{App, Config, CookieSecurity};

use super::DbArgs;
use super::identity_keys::KeyArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
    #[command(flatten)]
    checkpoints: super::audit::CheckpointArgs,
    /// Địa chỉ lắng nghe / Address to listen on
    #[arg(
        long,
        env = "MOTCUA_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    listen: SocketAddr,
    /// Nạp dữ liệu mẫu ở lần chạy đầu và in các tài khoản mẫu / Load demo data on first start and print the demo logins
    #[arg(long)]
    demo: bool,
    /// Số hồ sơ lịch sử (hai năm) tạo cùng dữ liệu mẫu / How many dossiers of two years' history the demo creates
    #[arg(long, default_value_t = 22_000, value_name = "N")]
    demo_dossiers: usize,
    /// Ghi nhật ký dạng JSON / Write logs as JSON
    #[arg(long, env = "MOTCUA_LOG_JSON")]
    log_json: bool,
    /// Cookie phiên có thuộc tính Secure: always, never, hoặc auto (khi proxy tin cậy báo HTTPS) / Session cookie Secure attribute: always, never, or auto (when a trusted proxy says HTTPS)
    #[arg(
        long,
        env = "MOTCUA_SECURE_COOKIES",
        value_enum,
        default_value = "auto"
    )]
    secure_cookies: SecureCookies,
    /// Tệp cấu hình gửi thông báo (email, SMS, Zalo); mặc định DIR/notify.toml nếu có / Notification settings (email, SMS, Zalo); default DIR/notify.toml when present
    #[arg(long, env = "MOTCUA_NOTIFY_CONFIG", value_name = "FILE")]
    notify_config: Option<std::path::PathBuf>,
    /// Tin tiêu đề X-Forwarded-For/-Proto của reverse proxy phía trước / Trust the X-Forwarded-For/-Proto headers of the reverse proxy in front
    #[arg(long, env = "MOTCUA_TRUSTED_PROXY")]
    trusted_proxy: bool,
    /// Địa chỉ công khai người dân truy cập, dùng cho mã QR và đường dẫn tra cứu trên biểu mẫu in; mặc định http://LISTEN / Public URL citizens reach this server at, for the QR codes and tracking links on printed forms; default http://LISTEN
    #[arg(long, env = "MOTCUA_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    public_url: Option<String>,
    /// Số lần tra cứu công khai mỗi phút cho một địa chỉ / Public look-ups allowed per client address per minute
    #[arg(long, env = "MOTCUA_TRACKING_PER_MINUTE", default_value_t = 30, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    tracking_per_minute: u32,
    /// Số người báo cáo khiến một bình luận tự động bị ẩn / Reports by different people that hide a comment until a moderator looks
    #[arg(long, env = "MOTCUA_COMMENT_HIDE_AFTER_REPORTS", default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=1000))]
    comment_hide_after_reports: i64,
    /// Số bình luận một người được gửi trong 10 phút / Comments one person may post in ten minutes
    #[arg(long, env = "MOTCUA_COMMENTS_PER_10_MINUTES", default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=1000))]
    comments_per_10_minutes: i64,
    /// Tệp bản đồ nền của tỉnh (PMTiles hoặc MBTiles, ô ảnh) để bản đồ chạy không cần Internet / The province's raster tile archive (PMTiles or MBTiles) for a map that needs no internet
    #[arg(long, env = "MOTCUA_TILES", value_name = "FILE")]
    tiles: Option<std::path::PathBuf>,
    #[command(flatten)]
    oidc: OidcArgs,
}

/// Single sign-on through the province's OpenID Connect provider: off unless an issuer is given.
#[derive(Debug, Args)]
struct OidcArgs {
    /// Địa chỉ (issuer) của hệ thống đăng nhập một lần OpenID Connect, ví dụ VNeID của tỉnh / Issuer URL of the OpenID Connect single sign-on provider
    #[arg(long, env = "MOTCUA_OIDC_ISSUER", value_name = "URL", value_parser = parse_public_url, requires_all = ["oidc_client_id", "oidc_client_secret"])]
    oidc_issuer: Option<String>,
    /// Mã ứng dụng (client_id) đã đăng ký với hệ thống đăng nhập một lần / The client_id registered with the provider
    #[arg(long, env = "MOTCUA_OIDC_CLIENT_ID", value_name = "ID")]
    oidc_client_id: Option<String>,
    /// Khóa bí mật của ứng dụng; nên truyền qua biến môi trường / The client secret; better passed in the environment
    #[arg(
        long,
        env = "MOTCUA_OIDC_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    oidc_client_secret: Option<String>,
    /// Tên hiển thị trên nút đăng nhập / The name on the login button
    #[arg(
        long,
        env = "MOTCUA_OIDC_NAME",
        default_value = "VNeID",
        value_name = "NAME"
    )]
    oidc_name: String,
}

impl OidcArgs {
    fn config(&self) -> Option<motcua_web::config::OidcConfig> {
        Some(motcua_web::config::OidcConfig {
            issuer: self.oidc_issuer.clone()?,
            client_id: self.oidc_client_id.clone()?,
            client_secret: self.oidc_client_secret.clone()?.into(),
            display_name: self.oidc_name.clone(),
        })
    }
}

/// `http(s)://host[:port][/path]`, without query, fragment, credentials or whitespace: it is
/// printed on forms and compared with browsers' `Origin`.
fn parse_public_url(s: &str) -> Result<String, String> {
    let refuse = || {
        format!(
            "«{s}» không phải địa chỉ http(s)://tên-miền hợp lệ / is not a valid http(s)://host URL"
        )
    };
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(refuse)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || s.chars().any(|c| c.is_whitespace() || c.is_control())
        || s.contains(['?', '#', '@', '\\'])
    {
        return Err(refuse());
    }
    Ok(s.trim_end_matches('/').to_owned())
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SecureCookies {
    Always,
    Never,
    Auto,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    motcua_web::telemetry::init(args.log_json);
    super::private::secure_data_folder(&args.db.data)?;
    let mut config = Config::new(&args.db.data);
    config.listen = args.listen;
    config.database_url = args.db.database_url.clone();
    config.cookie_security = match args.secure_cookies {
        SecureCookies::Always => CookieSecurity::Always,
        SecureCookies::Never => CookieSecurity::Never,
        SecureCookies::Auto => CookieSecurity::Auto,
    };
    config.trusted_proxy = args.trusted_proxy;
    config.public_url.clone_from(&args.public_url);
    config.tracking.per_minute = args.tracking_per_minute;
    config.comment_rules.hide_after_reports = args.comment_hide_after_reports;
    config.comment_rules.per_person = args.comments_per_10_minutes;
    config.oidc = args.oidc.config();
    if let Some(path) = &args.tiles {
        let archive = motcua_web::map::TileArchive::open(path)
            .await
            .with_context(|| format!("tệp bản đồ / tile archive {}", path.display()))?;
        tracing::info!(path = %path.display(), format = archive.info().format, "map tiles served from the archive");
        config.tiles = Some(Arc::new(archive));
    }
    config.legal_time = Arc::new(super::calendar::load(&args.db.data)?);
    let (keys, source) = args.keys.load_or_create(&args.db).await?;
    tracing::info!(
        source = %source,
        current_key = keys.current_key_id(),
        "identity keys loaded"
    );
    config.identity_keys = Arc::new(keys);
    let keys_dir = args.keys.keys_dir(&args.db.data)?;
    config.audit_checkpoints = Some(motcua_web::audit::checkpoints::AuditCheckpoints {
        signer: Arc::new(super::audit::load_or_create_signer(&keys_dir)?),
        dir: args.checkpoints.dir(&keys_dir, &args.db.data)?,
    });
    config.petition_rules = Arc::new(super::petition_rules::load_petition_rules(&args.db.data)?);
    config.reception_rules = Arc::new(super::petition_rules::load_reception_rules(&args.db.data)?);
    config.feedback_rules = Arc::new(super::petition_rules::load_feedback_rules(&args.db.data)?);
    let app = App::build(config).await?;
    if args.demo {
        let report = motcua_demo::demo::load_once(app.context(), args.demo_dossiers).await?;
        report.print(app.local_addr());
    }
    let notifier = start_notifier(&args, &app).await?;
    // Listen for SIGTERM before announcing the address: a supervisor (or a test) that stops
    // the server right after it starts must get a graceful stop, not the default kill.
    let shutdown = shutdown_signal()?;
    println!(
        "motcua đang chạy tại http://{} / motcua is listening on http://{}",
        app.local_addr(),
        app.local_addr()
    );
    app.run_until(shutdown).await?;
    if let Some((stop, handle)) = notifier {
        // Let a round in progress finish: a message half-sent would be sent again.
        let _ = stop.send(true);
        let _ = handle.await;
    }
    Ok(ExitCode::SUCCESS)
}

type Notifier = (
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<()>,
);

/// Starts the notification worker when notifications are configured. Without a configuration
/// notices stay in the outbox, pending, until a server with one delivers them: nothing is lost.
async fn start_notifier(args: &ServeArgs, app: &App) -> anyhow::Result<Option<Notifier>> {
    let path = match &args.notify_config {
        Some(p) => p.clone(),
        None => {
            let p = args.db.data.join("notify.toml");
            if !p.is_file() {
                let pending = motcua_store::outbox::pending_count(app.db()).await?;
                tracing::warn!(
                    pending,
                    "notifications are not configured (no {}); notices wait in the outbox",
                    p.display()
                );
                return Ok(None);
            }
            p
        }
    };
    let config = motcua_notify::NotifyConfig::load(&path)
        .with_context(|| format!("notification settings {}", path.display()))?;
    let senders = motcua_notify::Senders::from_config(&config)?;
    let holder = format!("{}-notify", app.local_addr());
    let worker = motcua_notify::worker::Worker::new(app.db().clone(), senders, config, holder);
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(async move {
        worker
            .run(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
    });
    Ok(Some((stop, handle)))
}

/// Completes on SIGTERM or Ctrl-C. The handlers are installed when this is called.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
