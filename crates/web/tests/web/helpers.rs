//! The test harness: a server on a free port with its own database, an HTTP client with a
//! cookie jar and no redirects, and helpers for the things most tests arrange.

#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::Duration;

use motcua_domain::account::Login;
use motcua_domain::ids::{UnitId, UserId};
use motcua_domain::role::{Role, RoleGrant};
use motcua_store::{AuditContext, Db, tokens, users};
use motcua_web::{App, Config, CookieSecurity};

pub const PASSWORD: &str = "mat-khau-rat-dai-123";

pub use motcua_test_support::db::{Backend, case_database_url};

pub fn test_config(database_url: String) -> Config {
    let mut c = Config::new(std::env::temp_dir().join("motcua-unused"));
    c.listen = "127.0.0.1:0".parse().expect("addr");
    c.database_url = Some(database_url);
    c.cookie_security = CookieSecurity::Never;
    c.jobs.enabled = false;
    c.shutdown_grace = Duration::from_secs(5);
    c
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub database_url: String,
    /// A client with a cookie jar that does not follow redirects.
    pub client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Self {
        let url = case_database_url(backend).await;
        let mut config = test_config(url);
        tweak(&mut config);
        Self::start(config).await
    }

    /// Starts a server on an existing database (a second server in multi-server tests).
    pub async fn start(config: Config) -> Self {
        let database_url = config.database_url.clone().expect("url");
        let app = App::build(config).await.expect("app builds");
        let address = format!("http://{}", app.local_addr);
        let db = app.db().clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        }));
        let test_app = Self {
            address,
            db,
            database_url,
            client: new_client(),
            stop: Some(tx),
            server: Some(server),
        };
        test_app.wait_ready().await;
        test_app
    }

    async fn wait_ready(&self) {
        for _ in 0..100 {
            if let Ok(r) = self.client.get(self.url("/readyz")).send().await
                && r.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("server did not become ready");
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.server.take() {
            h.await
                .expect("server task")
                .expect("server stopped cleanly");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A fresh client (another browser) for the same server.
    pub fn new_client(&self) -> reqwest::Client {
        new_client()
    }

    /// The id of the account with this login.
    pub async fn user_id_of(&self, login: &str) -> UserId {
        users::find_by_login(&self.db, &Login::parse(login).expect("login"))
            .await
            .expect("read")
            .expect("no such login")
            .user
            .id
    }

    pub async fn create_user(&self, login: &str, grants: &[(Role, Option<UnitId>)]) -> UserId {
        self.create_user_in(login, None, grants).await
    }

    /// A user working in `unit` (officers), with the given grants.
    pub async fn create_user_in(
        &self,
        login: &str,
        unit: Option<UnitId>,
        grants: &[(Role, Option<UnitId>)],
    ) -> UserId {
        let hash = password_hash().to_owned();
        let mut tx = self.db.begin().await.expect("tx");
        let ctx = AuditContext::system();
        let user = users::create(
            &mut tx,
            &ctx,
            users::NewUser {
                login: Login::parse(login).expect("login"),
                full_name: format!("Người dùng {login}"),
                email: None,
                password_hash: hash,
                unit,
            },
        )
        .await
        .expect("create user");
        for (role, unit) in grants {
            users::grant_role(
                &mut tx,
                &ctx,
                user.id,
                RoleGrant::new(*role, *unit).expect("grant"),
            )
            .await
            .expect("grant role");
        }
        tx.commit().await.expect("commit");
        user.id
    }

    pub async fn create_token(
        &self,
        user: UserId,
        scopes: &[&str],
    ) -> (String, motcua_domain::ids::ApiTokenId) {
        let mut tx = self.db.begin().await.expect("tx");
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let t = tokens::create(
            &mut tx,
            &AuditContext::system(),
            user,
            "test",
            &scopes,
            None,
        )
        .await
        .expect("token");
        tx.commit().await.expect("commit");
        (t.plaintext, t.token.id)
    }

    /// Moves a token's expiry, as time passing would (tokens cannot be created expired).
    pub async fn set_token_expiry(
        &self,
        id: motcua_domain::ids::ApiTokenId,
        at: chrono::DateTime<chrono::Utc>,
    ) {
        const SQL: &str = "UPDATE api_token SET expires_at = $1 WHERE token_id = $2";
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query(SQL)
                .bind(at)
                .bind(id.to_string())
                .execute(p)
                .await
                .map(|_| ()),
            Db::Postgres(p, _) => sqlx::query(SQL)
                .bind(at)
                .bind(id.to_string())
                .execute(p)
                .await
                .map(|_| ()),
        }
        .expect("set expiry");
    }

    /// Moves every session's last activity `idle` into the past, as that long without a request
    /// would.
    pub async fn idle_sessions_for(&self, idle: Duration) {
        const SQL: &str = "UPDATE session SET last_seen_at = $1";
        let at = chrono::Utc::now() - idle;
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query(SQL).bind(at).execute(p).await.map(|_| ()),
            Db::Postgres(p, _) => sqlx::query(SQL).bind(at).execute(p).await.map(|_| ()),
        }
        .expect("age the sessions");
    }

    pub async fn revoke_token(&self, id: motcua_domain::ids::ApiTokenId) {
        let mut tx = self.db.begin().await.expect("tx");
        tokens::revoke(&mut tx, &AuditContext::system(), id)
            .await
            .expect("revoke");
        tx.commit().await.expect("commit");
    }

    /// Posts the login form as a browser would: the form page first (which sets the
    /// login-form token cookie), then the form with its `csrf_token` field.
    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        login: &str,
        password: &str,
    ) -> reqwest::Response {
        let token = self.login_form_token(client).await;
        client
            .post(self.url("/login"))
            .form(&[
                ("login", login),
                ("password", password),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .expect("POST /login")
    }

    /// The anti-forgery token of the login form `client` gets (its cookie is kept in
    /// `client`'s jar).
    pub async fn login_form_token(&self, client: &reqwest::Client) -> String {
        let html = self.get(client, "/login").await.text().await.expect("body");
        extract_csrf(&html).expect("a csrf_token field on the login form")
    }

    /// Logs `client` in and returns the CSRF token found on the home page.
    pub async fn login(&self, client: &reqwest::Client, login: &str) -> String {
        let r = self.post_login(client, login, PASSWORD).await;
        assert_eq!(r.status(), 303, "login of {login} should redirect");
        self.csrf_token(client).await
    }

    /// The CSRF token rendered into the page's forms.
    pub async fn csrf_token(&self, client: &reqwest::Client) -> String {
        let html = client
            .get(self.url("/account/password"))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        extract_csrf(&html).expect("a csrf_token field on the page")
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(self.url(path)).send().await.expect("GET")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// The hash of [`PASSWORD`], computed once (argon2 is slow in debug builds).
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| motcua_web::password::hash_now(PASSWORD).expect("hash"))
}

pub fn new_client() -> reqwest::Client {
    // In a workspace build reqwest also has the notification worker's TLS feature, which needs
    // a process-wide crypto provider even for plain HTTP; the worker uses ring, so do the tests.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = r#"name="csrf_token" value=""#;
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    let v = &html[start..end];
    (!v.is_empty()).then(|| v.to_owned())
}

/// `{"error":{"code":…}}` of an API error response.
pub async fn error_code(r: reqwest::Response) -> String {
    let v: serde_json::Value = r.json().await.expect("JSON error body");
    v["error"]["code"].as_str().expect("error.code").to_owned()
}

impl TestApp {
    /// A unit in force since 2025-07-01.
    pub async fn create_unit(
        &self,
        code: &str,
        name: &str,
        level: &str,
        parent: Option<UnitId>,
    ) -> UnitId {
        use motcua_domain::unit::{NewUnit, UnitCode, UnitLevel};
        let mut tx = self.db.begin().await.expect("tx");
        let u = motcua_store::units::create(
            &mut tx,
            &AuditContext::system(),
            NewUnit {
                code: UnitCode::parse(code).expect("code"),
                name: name.to_owned(),
                level: UnitLevel::parse(level).expect("level"),
                parent,
                remote_area: false,
                effective_from: chrono::NaiveDate::from_ymd_opt(2025, 7, 1).expect("date"),
                effective_to: None,
                schedule: None,
            },
        )
        .await
        .expect("create unit");
        tx.commit().await.expect("commit");
        u.id
    }

    /// Imports catalogue rows (CSV body without the header).
    pub async fn import_procedures(&self, rows: &str) {
        let csv = format!("{}\n{rows}", motcua_domain::catalogue::COLUMNS.join(","));
        let outcome = motcua_domain::catalogue::parse_csv(csv.as_bytes());
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        let mut tx = self.db.begin().await.expect("tx");
        motcua_store::procedures::import(
            &mut tx,
            &AuditContext::system(),
            outcome,
            false,
            &mut |_, _| {},
        )
        .await
        .expect("import");
        tx.commit().await.expect("commit");
    }

    /// Two procedures of the demo catalogue's kind.
    pub async fn seed_catalogue(&self) {
        self.import_procedures(SAMPLE_ROWS).await;
    }
}

pub const SAMPLE_ROWS: &str = "\
1.000894,Đăng ký kết hôn,Hộ tịch,commune,PBL,working_days,5,3,Miễn lệ phí,0,Tờ khai đăng ký kết hôn; bản chính; 1|Căn cước của hai bên (xuất trình); bản chính; 2,\"Tiếp nhận, kiểm tra hồ sơ; desk_officer; 0.5|Thẩm định; specialist; 1.5|Ký; head; 1\",2025-07-01,Luật Hộ tịch 2014
1.009994,Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ,Hoạt động xây dựng,commune,PBL,working_days,15,12,75.000 đồng/giấy phép,75000,Đơn đề nghị cấp giấy phép xây dựng; bản chính; 1|Bản vẽ thiết kế; bản sao; 2,\"Tiếp nhận hồ sơ; desk_officer; 1|Thẩm định hồ sơ; specialist; 9|Ký giấy phép; head; 2\",2025-07-01,Luật Xây dựng 2014
";

/// Every log line the servers of this test binary write from now on, at debug level and
/// above: tests that must prove something never reaches the logs read them back from here.
/// The first call installs the process's subscriber; later calls share it.
pub fn captured_logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buf);
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "info,motcua_web=trace,motcua_store=trace,motcua_vault=trace,tower_http=debug",
            ))
            .with_ansi(false)
            .with_writer(move || LogSink(Arc::clone(&sink)))
            .try_init();
        buf
    })
    .clone()
}

struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
