//! Accounts: people and what they may do (roles in units), their sessions, passwords, login
//! waits and API tokens. How a request proves who it is (cookies, CSRF, the login throttle)
//! belongs to the web layer; what changes an account is here.

mod codes;
mod oidc;
pub mod password;
mod people;
mod sessions;
mod tokens;

pub use codes::{
    CodeSent, SignUp, confirm_reset, confirm_sign_up, pending_contact, request_reset,
    request_sign_up,
};
pub use oidc::{OidcPerson, sign_in_with_oidc};
pub use people::{
    NewAccount, change_password, create, grant_role, record_login, reset_password, set_disabled,
    unlock, view_profile,
};
pub use sessions::{NewSession, end_session, start_session};
pub use tokens::{IssueToken, issue_token, revoke_token};

use motcua_domain::ids::UserId;

use crate::{Actor, Error, Result};

/// The person acting: operations on one's own account need one.
fn acting_user(actor: &Actor) -> Result<UserId> {
    actor.user.ok_or(Error::Forbidden)
}
