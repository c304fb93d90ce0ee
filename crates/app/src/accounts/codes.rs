//! Accounts citizens make and recover themselves: a one-time code sent through the outbox to
//! the phone or address they give proves it is theirs.
//!
//! Asking for a code answers the same way whether or not an account exists (a reset for an
//! unknown contact, or a sign-up for a taken one, gets a ticket that no code opens), so the
//! forms cannot be used to learn who has an account. The owner of a taken contact is told
//! that someone tried to sign up with it.

use chrono::{DateTime, Utc};
use motcua_domain::account::{CodeLimits, CodePurpose, Contact};
use motcua_domain::ids::UserId;
use motcua_domain::message::Text;
use motcua_store::account_codes::{self, NewCode, OpenCode};
use motcua_store::audit::AuditContext;
use motcua_store::outbox::{self, Channel, NewMessage};
use motcua_store::users::{self, NewUser, User};

use crate::{Context, Error, Result};

/// A new account, waiting for its code.
#[derive(Debug)]
pub struct SignUp {
    pub contact: Contact,
    pub full_name: String,
    /// The chosen password, already hashed.
    pub password_hash: String,
}

/// A code on its way: the ticket the browser keeps (a secret, never shown) and where the code
/// went, mostly hidden.
#[derive(Debug)]
pub struct CodeSent {
    pub ticket: String,
    pub masked_contact: String,
}

/// What the outbox row is about; the code's own id, never the ticket.
const ENTITY: &str = "account_code";

fn mac(ctx: &Context, what: &str, value: &str) -> String {
    ctx.identity_keys().blind_index(what, value)
}

fn random_ticket() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| Error::internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(hex::encode(b))
}

/// A uniformly drawn code of `digits` digits (leading zeros kept).
fn random_code(digits: u32) -> Result<String> {
    let modulus = 10u32.pow(digits.clamp(4, 9));
    // Draws above the last whole multiple of the modulus would favour small codes.
    let limit = u32::MAX - u32::MAX % modulus;
    loop {
        let r =
            getrandom::u32().map_err(|e| Error::internal(anyhow::anyhow!("no randomness: {e}")))?;
        if r < limit {
            return Ok(format!("{:0width$}", r % modulus, width = digits as usize));
        }
    }
}

fn channel(contact: &Contact) -> Channel {
    match contact {
        Contact::Phone(_) => Channel::Sms,
        Contact::Email(_) => Channel::Email,
    }
}

/// Refuses a new code when this contact or this address asked for too many lately.
async fn check_limits(
    ctx: &Context,
    contact: &Contact,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let limits = CodeLimits::default();
    let (to_contact, from_ip) =
        account_codes::recent_counts(ctx.db(), contact.as_str(), ip, now - limits.window).await?;
    if to_contact >= i64::from(limits.per_contact) || from_ip >= i64::from(limits.per_address) {
        tracing::warn!(
            ip,
            to_contact,
            from_ip,
            "one-time codes refused: too many asked for"
        );
        return Err(Error::rule(
            "code_limit",
            Text::with(
                "account-code-limit",
                vec![("minutes", limits.window.num_minutes().into())],
            ),
        ));
    }
    Ok(())
}

/// What a stored code needs besides the contact: the account it resets or the new account.
struct Pending {
    purpose: CodePurpose,
    user: Option<UserId>,
    full_name: Option<String>,
    password_hash: Option<String>,
    /// What to send; `None` sends nothing (a reset for no account).
    message: Option<CodeMessage>,
}

/// The messages a code request sends.
#[derive(Clone, Copy, Debug)]
enum CodeMessage {
    SignUp,
    /// A sign-up with a contact that already has an account: the owner is told, with no code.
    Taken,
    Reset,
}

impl CodeMessage {
    /// Subject and body, given the code.
    fn text(self, code: &str) -> (String, String) {
        let minutes = CodeLimits::default().valid_for.num_minutes();
        match self {
            Self::SignUp => (
                "Mã xác nhận đăng ký tài khoản".to_owned(),
                format!(
                    "Mã xác nhận đăng ký tài khoản dịch vụ công của bạn là {code}. Mã có hiệu \
                     lực {minutes} phút. Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ."
                ),
            ),
            Self::Taken => (
                "Có người đăng ký tài khoản bằng số/địa chỉ của bạn".to_owned(),
                "Vừa có yêu cầu tạo tài khoản dịch vụ công bằng số điện thoại hoặc địa chỉ thư \
                 này, nhưng số/địa chỉ này đã có tài khoản. Nếu bạn quên mật khẩu, hãy dùng \
                 chức năng \"Quên mật khẩu\". Nếu không phải bạn yêu cầu, hãy bỏ qua tin này."
                    .to_owned(),
            ),
            Self::Reset => (
                "Mã đặt lại mật khẩu".to_owned(),
                format!(
                    "Mã đặt lại mật khẩu tài khoản dịch vụ công của bạn là {code}. Mã có hiệu \
                     lực {minutes} phút. Nếu không phải bạn yêu cầu, hãy bỏ qua tin này: mật \
                     khẩu chưa thay đổi."
                ),
            ),
        }
    }
}

async fn send_code(
    ctx: &Context,
    ip: Option<String>,
    contact: &Contact,
    pending: Pending,
) -> Result<CodeSent> {
    let now = ctx.now();
    let addr = ip.clone().unwrap_or_else(|| "unknown".to_owned());
    check_limits(ctx, contact, &addr, now).await?;
    let limits = CodeLimits::default();
    let ticket = random_ticket()?;
    let code = random_code(limits.digits)?;
    let purpose = pending.purpose.code();
    let mut tx = ctx.db().begin().await?;
    let code_id = account_codes::create(
        &mut tx,
        NewCode {
            ticket_mac: mac(ctx, "account_ticket", &ticket),
            purpose,
            contact: contact.as_str().to_owned(),
            user: pending.user,
            full_name: pending.full_name,
            password_hash: pending.password_hash,
            code_mac: mac(ctx, "account_code", &format!("{ticket}|{code}")),
            ip: Some(addr),
            created_at: now,
            expires_at: now + limits.valid_for,
        },
    )
    .await?;
    if let Some(message) = pending.message {
        let (subject, body) = message.text(&code);
        outbox::enqueue(
            &mut tx,
            &NewMessage {
                channel: channel(contact),
                recipient: contact.as_str().to_owned(),
                subject,
                body,
                entity_type: ENTITY.into(),
                entity_id: code_id,
                attachment: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(CodeSent {
        ticket,
        masked_contact: contact.masked(),
    })
}

/// Sends a code to confirm a new account's contact. The account is made when the code comes
/// back ([`confirm_sign_up`]).
pub async fn request_sign_up(ctx: &Context, ip: Option<String>, input: SignUp) -> Result<CodeSent> {
    let login = input.contact.login()?;
    let taken = users::find_by_login(ctx.db(), &login).await?.is_some();
    let message = if taken {
        CodeMessage::Taken
    } else {
        CodeMessage::SignUp
    };
    send_code(
        ctx,
        ip,
        &input.contact,
        Pending {
            purpose: CodePurpose::SignUp,
            user: None,
            // A taken contact's ticket carries nothing a confirmation could use.
            full_name: (!taken).then_some(input.full_name),
            password_hash: (!taken).then_some(input.password_hash),
            message: Some(message),
        },
    )
    .await
}

/// Sends a code that lets the owner of `contact` set a new password. A contact that names no
/// usable account gets a ticket too, and no message.
pub async fn request_reset(
    ctx: &Context,
    ip: Option<String>,
    contact: &Contact,
) -> Result<CodeSent> {
    let login = contact.login()?;
    let account = users::find_by_login(ctx.db(), &login)
        .await?
        .filter(|c| !c.user.disabled)
        .map(|c| c.user.id);
    let message = account.map(|_| CodeMessage::Reset);
    send_code(
        ctx,
        ip,
        contact,
        Pending {
            purpose: CodePurpose::Reset,
            user: account,
            full_name: None,
            password_hash: None,
            message,
        },
    )
    .await
}

/// Where the code a ticket names went, mostly hidden, while it can still be used.
pub async fn pending_contact(
    ctx: &Context,
    ticket: &str,
    purpose: CodePurpose,
) -> Result<Option<String>> {
    if ticket.is_empty() {
        return Ok(None);
    }
    let open = account_codes::peek(
        ctx.db(),
        &mac(ctx, "account_ticket", ticket),
        purpose.code(),
    )
    .await?;
    let usable = open.filter(|o| {
        o.expires_at > ctx.now() && o.tries < i64::from(CodeLimits::default().max_tries)
    });
    Ok(usable.and_then(|o| Contact::parse(&o.contact).ok().map(|c| c.masked())))
}

fn spent() -> Error {
    Error::rule("code_expired", Text::id("account-code-expired"))
}

/// Checks `code` against the ticket's open code in `tx`. A wrong code counts a try and is
/// committed at once, so that the tries survive the error.
async fn check_code(
    ctx: &Context,
    mut tx: motcua_store::db::Tx,
    ticket: &str,
    code: &str,
    purpose: CodePurpose,
) -> Result<(motcua_store::db::Tx, OpenCode)> {
    let limits = CodeLimits::default();
    let code = code.trim();
    let Some(open) =
        account_codes::find_open(&mut tx, &mac(ctx, "account_ticket", ticket), purpose.code())
            .await?
    else {
        return Err(spent());
    };
    if open.expires_at <= ctx.now() || open.tries >= i64::from(limits.max_tries) {
        return Err(spent());
    }
    let expected = mac(ctx, "account_code", &format!("{ticket}|{code}"));
    if code.is_empty() || expected != open.code_mac {
        account_codes::add_try(&mut tx, &open.code_id).await?;
        tx.commit().await?;
        let left = i64::from(limits.max_tries) - open.tries - 1;
        return Err(if left > 0 {
            Error::field(
                "code",
                Text::with("account-code-wrong", vec![("left", left.into())]),
            )
        } else {
            spent()
        });
    }
    Ok((tx, open))
}

/// Makes the account a confirmed code stands for: a citizen, logging in with the contact.
pub async fn confirm_sign_up(
    ctx: &Context,
    ip: Option<String>,
    ticket: &str,
    code: &str,
) -> Result<User> {
    let tx = ctx.db().begin().await?;
    let (mut tx, open) = check_code(ctx, tx, ticket, code, CodePurpose::SignUp).await?;
    let (Some(full_name), Some(password_hash)) =
        (open.full_name.clone(), open.password_hash.clone())
    else {
        // A ticket for a contact that already had an account: no code was ever sent for it.
        return Err(spent());
    };
    let contact = Contact::parse(&open.contact)?;
    let email = match &contact {
        Contact::Email(e) => Some(e.as_str().to_owned()),
        Contact::Phone(_) => None,
    };
    // Nobody is acting yet: the person is becoming an account.
    let audit = AuditContext { actor: None, ip };
    account_codes::mark_used(&mut tx, &open.code_id, ctx.now()).await?;
    let user = super::people::create_citizen(
        &mut tx,
        &audit,
        NewUser {
            login: contact.login()?,
            full_name,
            email,
            password_hash,
            unit: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Sets the new password a confirmed reset code allows; every session of the account ends and
/// the waits failed logins put on it are lifted.
pub async fn confirm_reset(
    ctx: &Context,
    ip: Option<String>,
    ticket: &str,
    code: &str,
    password_hash: &str,
) -> Result<UserId> {
    let tx = ctx.db().begin().await?;
    let (mut tx, open) = check_code(ctx, tx, ticket, code, CodePurpose::Reset).await?;
    let Some(user) = open.user()? else {
        return Err(spent());
    };
    let account = users::get(ctx.db(), user).await?;
    let audit = AuditContext::user(user, ip);
    account_codes::mark_used(&mut tx, &open.code_id, ctx.now()).await?;
    users::set_password_hash(&mut tx, &audit, user, password_hash).await?;
    users::clear_login_failures(&mut tx, &audit, &account.login).await?;
    tx.commit().await?;
    Ok(user)
}
