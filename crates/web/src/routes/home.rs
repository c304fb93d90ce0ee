//! The home page: for the public, the doors to tracking, the catalogue and filing; for a
//! signed-in person, their work. An officer sees the counts of their lists (each opens the
//! list it counts, through the same filter and scope as the list itself), a citizen their
//! dossiers and filing, everyone the places their roles may go.

use askama::Template;
use askama_web::WebTemplate;

use axum::extract::State;
use motcua_store::{dossiers, petitions, units};

use crate::auth::CurrentUser;
use crate::dossiers::input::{QueueQuery, queue_filter};
use crate::error::AppError;
use crate::pages::PageCtx;
use crate::petitions::view::{ListQuery, list_filter};
use crate::places::Reach;
use crate::state::AppState;

/// Counts stop here: past it a card reads "500+", and a home page costs the same at a million
/// dossiers as at a thousand.
const COUNT_CAP: i64 = 500;

/// One role line on the home page.
#[derive(Debug)]
pub struct RoleLine {
    pub label: String,
    pub unit: Option<String>,
    /// What this role does here.
    pub duty: String,
}

/// A count that opens the list it counts.
#[derive(Debug)]
pub struct Card {
    pub id: &'static str,
    pub label: String,
    pub count: String,
    pub href: String,
    /// Late or overdue work: shown as a warning when there is any.
    pub urgent: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    p: PageCtx,
    welcome: Option<String>,
    roles: Vec<RoleLine>,
    dossier_cards: Vec<Card>,
    petition_cards: Vec<Card>,
    citizen: bool,
    /// The notices in force and the latest articles.
    news: crate::news::HomeNews,
}

impl Card {
    /// `n` counted of the list at `href`; `urgent` lists (late, overdue) warn when not empty.
    fn new(p: &PageCtx, id: &'static str, label: &str, href: String, n: i64, urgent: bool) -> Self {
        Self {
            id,
            label: p.t(label),
            count: if n >= COUNT_CAP {
                format!("{COUNT_CAP}+")
            } else {
                n.to_string()
            },
            href,
            urgent: urgent && n > 0,
        }
    }
}

/// The officer's dossier lists: (id, label, query string, filter, urgent).
fn dossier_lists() -> Vec<(&'static str, &'static str, &'static str, QueueQuery, bool)> {
    vec![
        (
            "home-mine",
            "home-card-mine",
            "mine=1",
            QueueQuery {
                mine: Some(true),
                ..QueueQuery::default()
            },
            false,
        ),
        (
            "home-received",
            "home-card-received",
            "status=received",
            QueueQuery {
                status: Some("received".into()),
                ..QueueQuery::default()
            },
            false,
        ),
        (
            "home-due-soon",
            "home-card-due-soon",
            "due_within_hours=24",
            QueueQuery {
                due_within_hours: Some(24),
                ..QueueQuery::default()
            },
            false,
        ),
        (
            "home-late",
            "home-card-late",
            "late=1",
            QueueQuery {
                late: Some(true),
                ..QueueQuery::default()
            },
            true,
        ),
        (
            "home-supplement",
            "home-card-supplement",
            "status=awaiting_supplement",
            QueueQuery {
                status: Some("awaiting_supplement".into()),
                ..QueueQuery::default()
            },
            false,
        ),
    ]
}

/// The petition lists: (id, label, query string, filter, urgent).
fn petition_lists() -> Vec<(&'static str, &'static str, &'static str, ListQuery, bool)> {
    vec![
        (
            "home-petitions-open",
            "home-card-petitions-open",
            "open=1",
            ListQuery {
                open: Some(true),
                ..ListQuery::default()
            },
            false,
        ),
        (
            "home-petitions-due",
            "home-card-petitions-due",
            "due_within_days=7",
            ListQuery {
                due_within_days: Some(7),
                ..ListQuery::default()
            },
            false,
        ),
        (
            "home-petitions-overdue",
            "home-card-petitions-overdue",
            "overdue=1",
            ListQuery {
                overdue: Some(true),
                ..ListQuery::default()
            },
            true,
        ),
    ]
}

async fn dossier_cards(
    state: &AppState,
    p: &PageCtx,
    user: &CurrentUser,
) -> Result<Vec<Card>, AppError> {
    let mut out = Vec::new();
    for (id, label, query, q, urgent) in dossier_lists() {
        let n = dossiers::count(state.db(), &queue_filter(state, user, &q)?, COUNT_CAP).await?;
        out.push(Card::new(
            p,
            id,
            label,
            format!("/mot-cua/ho-so?{query}"),
            n,
            urgent,
        ));
    }
    Ok(out)
}

async fn petition_cards(
    state: &AppState,
    p: &PageCtx,
    user: &CurrentUser,
) -> Result<Vec<Card>, AppError> {
    let mut out = Vec::new();
    for (id, label, query, q, urgent) in petition_lists() {
        let n =
            petitions::count(state.db(), &list_filter(state, user, &q).await?, COUNT_CAP).await?;
        out.push(Card::new(
            p,
            id,
            label,
            format!("/don-thu?{query}"),
            n,
            urgent,
        ));
    }
    Ok(out)
}

pub async fn home(
    State(state): State<AppState>,
    p: PageCtx,
    user: Option<CurrentUser>,
) -> Result<HomePage, AppError> {
    let news = crate::news::home_news(&state).await?;
    let Some(user) = user else {
        return Ok(HomePage {
            p,
            welcome: None,
            roles: Vec::new(),
            dossier_cards: Vec::new(),
            petition_cards: Vec::new(),
            citizen: false,
            news,
        });
    };
    let lang = p.lang;
    let mut roles = Vec::new();
    for g in &user.grants {
        let unit = match g.unit {
            None => None,
            Some(id) => match units::get(state.db(), id).await {
                Ok(u) => Some(u.name),
                Err(motcua_store::StoreError::NotFound { .. }) => None,
                Err(e) => return Err(e.into()),
            },
        };
        roles.push(RoleLine {
            label: lang.label(g.role),
            unit,
            duty: lang.t(&format!("home-role-{}", g.role.code())),
        });
    }
    let reach = Reach::of(Some(&user));
    let dossier_cards = if reach.view_dossiers {
        dossier_cards(&state, &p, &user).await?
    } else if reach.citizen {
        let n = dossiers::count(
            state.db(),
            &queue_filter(&state, &user, &QueueQuery::default())?,
            COUNT_CAP,
        )
        .await?;
        let petitions = crate::petitions::count_mine(&state, &user, COUNT_CAP).await?;
        vec![
            Card::new(
                &p,
                "home-my-dossiers",
                "desk-nav-my-dossiers",
                "/mot-cua/cua-toi".into(),
                n,
                false,
            ),
            Card::new(
                &p,
                "home-my-petitions",
                "pet-mine-title",
                "/don-thu/cua-toi".into(),
                petitions,
                false,
            ),
        ]
    } else {
        Vec::new()
    };
    let petition_cards = if reach.view_petitions {
        petition_cards(&state, &p, &user).await?
    } else {
        Vec::new()
    };
    Ok(HomePage {
        welcome: Some(p.t1("home-welcome", "name", user.full_name.clone())),
        roles,
        dossier_cards,
        petition_cards,
        citizen: reach.citizen,
        news,
        p,
    })
}
