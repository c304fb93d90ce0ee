//! Signing in through the province's OpenID Connect provider. The web layer runs the protocol
//! and checks the ID token; what arrives here is a person the provider vouches for. The first
//! time, they get a citizen account of their own, with no password: it opens only through the
//! provider.

use motcua_domain::account::Login;
use motcua_store::account_codes;
use motcua_store::audit::AuditContext;
use motcua_store::users::{self, NewUser, User};

use crate::{Context, Error, Result};

/// A person as the provider's verified ID token describes them.
#[derive(Clone, Debug)]
pub struct OidcPerson {
    pub issuer: String,
    /// The provider's stable identifier for the person.
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Not a password hash: verifying any password against it fails, so the account has no
/// password to guess or to reset.
const NO_PASSWORD: &str = "!oidc";

/// The account the person signs in to, made on their first sign-in.
pub async fn sign_in_with_oidc(
    ctx: &Context,
    ip: Option<String>,
    person: OidcPerson,
) -> Result<User> {
    if let Some(id) = account_codes::oidc_user(ctx.db(), &person.issuer, &person.subject).await? {
        let user = users::get(ctx.db(), id).await?;
        if user.disabled {
            return Err(Error::Forbidden);
        }
        return Ok(user);
    }
    // A login no one can type by chance and no other issuer's subject can share.
    let index = ctx.identity_keys().blind_index(
        "oidc_login",
        &format!("{}|{}", person.issuer, person.subject),
    );
    let login = Login::parse(&format!("oidc.{}", &index[..index.len().min(20)]))?;
    let full_name = person
        .name
        .map(|n| n.trim().chars().take(200).collect::<String>())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Người dùng đăng nhập một lần".to_owned());
    let email = person
        .email
        .filter(|e| e.contains('@') && e.len() <= motcua_domain::limits::EMAIL);
    let audit = AuditContext { actor: None, ip };
    let mut tx = ctx.db().begin().await?;
    let user = super::people::create_citizen(
        &mut tx,
        &audit,
        NewUser {
            login,
            full_name,
            email,
            password_hash: NO_PASSWORD.to_owned(),
            unit: None,
        },
    )
    .await?;
    account_codes::link_oidc(&mut tx, &person.issuer, &person.subject, user.id, ctx.now()).await?;
    tx.commit().await?;
    Ok(user)
}
