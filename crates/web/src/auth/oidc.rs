//! The OpenID Connect client: the authorization code flow with PKCE against the provider the
//! configuration names, and the checks on its ID token (signature from the provider's keys,
//! issuer, audience, expiry, nonce) by the `openidconnect` crate.
//!
//! Between leaving for the provider and coming back, the browser holds what the return must
//! match (the state, the nonce, the PKCE verifier, where to go next) in one cookie, sealed with
//! the server's identity keys: nothing is stored server-side, and a cookie that was altered,
//! made elsewhere or kept too long opens nothing.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse as _,
};
use secrecy::ExposeSecret as _;
use serde::{Deserialize, Serialize};
use std::time::Instant;

use tokio::sync::RwLock;

use crate::config::OidcConfig;

/// The cookie that carries the sealed login attempt, and how long it is good for.
pub const COOKIE: &str = "motcua_oidc";
const ATTEMPT_LIFETIME_SECS: i64 = 600;
/// What the sealed cookie is bound to: it opens in no other slot.
const SEAL_CONTEXT: &str = "oidc_login";
/// The path the provider sends the browser back to.
pub const RETURN_PATH: &str = "/dang-nhap/oidc/ve";

/// Why a sign-in through the provider failed. The person sees one message; the cause is
/// logged.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The return did not match the attempt this browser started (no cookie, altered, expired,
    /// another state): a forged or replayed return, or a very slow person.
    #[error("the return does not match a sign-in this browser started: {0}")]
    Mismatch(&'static str),
    /// The provider said no (the person cancelled, or the provider refused the client).
    #[error("the provider refused: {0}")]
    Refused(String),
    /// The provider could not be reached or answered something that is not valid OpenID Connect.
    #[error("provider: {0}")]
    Provider(String),
}

/// What the browser carries to the provider and back.
#[derive(Debug, Serialize, Deserialize)]
struct Attempt {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
    expires: DateTime<Utc>,
}

/// A person the provider vouched for, from the verified ID token.
#[derive(Debug)]
pub struct Verified {
    pub issuer: String,
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Where the person wanted to go when they started.
    pub next: String,
}

/// How long a fetched discovery document (with the provider's signing keys) is used: a key the
/// provider rotates in is known within this time.
const METADATA_FOR: Duration = Duration::from_secs(60 * 60);

/// The configured provider, its discovery document fetched on first use, again after a failure
/// (the provider may start after this server) and again once it is [`METADATA_FOR`] old.
#[derive(Debug)]
pub struct Oidc {
    config: OidcConfig,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
    http: reqwest::Client,
}

type HttpFuture =
    Pin<Box<dyn Future<Output = Result<openidconnect::HttpResponse, HttpError>> + Send>>;

/// A failed call to the provider.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

impl Oidc {
    pub fn new(config: OidcConfig) -> anyhow::Result<Self> {
        // The ring provider the mail sender uses too; an error only means one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send this server elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            config,
            metadata: RwLock::new(None),
            http,
        })
    }

    /// What the login page's button calls the provider.
    #[must_use]
    pub fn display_name(&self) -> &str {
        &self.config.display_name
    }

    /// Sends the provider's requests through this server's HTTP client.
    fn http_client(&self) -> impl Fn(openidconnect::HttpRequest) -> HttpFuture + '_ {
        move |request: openidconnect::HttpRequest| {
            let client = self.http.clone();
            Box::pin(async move {
                let (parts, body) = request.into_parts();
                let url = parts.uri.to_string();
                let mut builder = client.request(parts.method, url).body(body);
                for (name, value) in &parts.headers {
                    builder = builder.header(name, value);
                }
                let response = builder.send().await.map_err(|e| HttpError(e.to_string()))?;
                let status = response.status();
                let headers = response.headers().clone();
                let bytes = response
                    .bytes()
                    .await
                    .map_err(|e| HttpError(e.to_string()))?;
                let mut out = openidconnect::http::Response::builder().status(status);
                for (name, value) in &headers {
                    out = out.header(name, value);
                }
                out.body(bytes.to_vec())
                    .map_err(|e| HttpError(e.to_string()))
            }) as HttpFuture
        }
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, OidcError> {
        if let Some((at, m)) = self.metadata.read().await.as_ref()
            && at.elapsed() < METADATA_FOR
        {
            return Ok(m.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Provider(format!("issuer URL: {e}")))?;
        let fresh = CoreProviderMetadata::discover_async(issuer, &self.http_client())
            .await
            .map_err(|e| OidcError::Provider(format!("discovery: {e}")))?;
        *self.metadata.write().await = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    async fn client(
        &self,
        public_base: &str,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        OidcError,
    > {
        let metadata = self.metadata().await?;
        let redirect = RedirectUrl::new(format!("{public_base}{RETURN_PATH}"))
            .map_err(|e| OidcError::Provider(format!("redirect URL: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(
                self.config.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's address to send the browser to, and the sealed cookie value that must
    /// come back with it.
    pub async fn start(
        &self,
        keys: &motcua_vault::Keyring,
        public_base: &str,
        next: String,
        now: DateTime<Utc>,
    ) -> Result<(String, String), OidcError> {
        let client = self.client(public_base).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .add_scope(Scope::new("email".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        let attempt = Attempt {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            next,
            expires: now + chrono::Duration::seconds(ATTEMPT_LIFETIME_SECS),
        };
        let json = serde_json::to_string(&attempt)
            .map_err(|e| OidcError::Provider(format!("attempt: {e}")))?;
        Ok((url.to_string(), keys.seal(&json, SEAL_CONTEXT)))
    }

    /// Checks the provider's return against the sealed attempt, exchanges the code for tokens
    /// and verifies the ID token.
    pub async fn finish(
        &self,
        keys: &motcua_vault::Keyring,
        public_base: &str,
        sealed: Option<&str>,
        ret: Return,
        now: DateTime<Utc>,
    ) -> Result<Verified, OidcError> {
        let sealed = sealed.ok_or(OidcError::Mismatch("no cookie"))?;
        let json = keys
            .open(sealed, SEAL_CONTEXT)
            .map_err(|_| OidcError::Mismatch("cookie does not open"))?;
        let attempt: Attempt = serde_json::from_str(json.expose_secret())
            .map_err(|_| OidcError::Mismatch("cookie is not an attempt"))?;
        if attempt.expires <= now {
            return Err(OidcError::Mismatch("attempt expired"));
        }
        // Compared before anything else: an error answer must come from our own request too.
        if ret.state.as_deref() != Some(attempt.state.as_str()) {
            return Err(OidcError::Mismatch("state differs"));
        }
        if let Some(error) = ret.error {
            return Err(OidcError::Refused(error.chars().take(100).collect()));
        }
        let code = ret.code.ok_or(OidcError::Mismatch("no code"))?;
        let client = self.client(public_base).await?;
        let http = self.http_client();
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Provider(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(attempt.verifier))
            .request_async(&http)
            .await
            .map_err(|e| OidcError::Provider(format!("code exchange: {e}")))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| OidcError::Provider("no ID token in the answer".to_owned()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(attempt.nonce))
            .map_err(|e| OidcError::Provider(format!("ID token: {e}")))?;
        let name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned());
        // An address the provider has not verified names nobody.
        let email = claims
            .email()
            .filter(|_| claims.email_verified() == Some(true))
            .map(|e| e.as_str().to_owned());
        Ok(Verified {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            name,
            email,
            next: attempt.next,
        })
    }
}

/// The query the provider sends the browser back with.
#[derive(Debug, Default, Deserialize)]
pub struct Return {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}
