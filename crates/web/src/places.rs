//! Where a person may go: the menu every page shows and the home page's doors. A place is
//! listed when the policy lets the person do, somewhere in their scope, what its page checks
//! before it shows anything, so a link is never offered to someone the page would refuse, and
//! no page a role needs is reachable only by typing its address.

use motcua_domain::policy::Action;
use motcua_domain::role::Role;

use crate::auth::CurrentUser;
use crate::authz;

/// A page and the Fluent id of its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub href: &'static str,
    pub label: &'static str,
}

const fn place(href: &'static str, label: &'static str) -> Place {
    Place { href, label }
}

/// What the person's roles let them do, in the order of a working day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    pub receive_dossiers: bool,
    pub view_dossiers: bool,
    /// A citizen without a staff role: their own dossiers and filings.
    pub citizen: bool,
    pub view_petitions: bool,
    pub steer: bool,
    /// Handles or moderates place reports somewhere.
    pub reports: bool,
    pub admin_units: bool,
    pub admin_users: bool,
    pub admin_procedures: bool,
    /// Writes, approves or posts notices somewhere.
    pub newsroom: bool,
    /// Moderates comments somewhere.
    pub moderate: bool,
}

impl Reach {
    #[must_use]
    pub fn of(user: Option<&CurrentUser>) -> Self {
        let Some(u) = user else {
            return Self::default();
        };
        let view_dossiers = authz::can_somewhere(u, Action::ViewDossier);
        Self {
            receive_dossiers: authz::can_somewhere(u, Action::ReceiveDossier),
            view_dossiers,
            citizen: !view_dossiers && u.grants.iter().any(|g| g.role == Role::Citizen),
            view_petitions: authz::can_somewhere(u, Action::ViewPetition),
            steer: authz::can_somewhere(u, Action::ViewDashboard),
            reports: authz::can_somewhere(u, Action::HandleReport)
                || authz::can_somewhere(u, Action::Moderate),
            admin_units: authz::can_see_admin_units(u),
            admin_users: authz::can_see_admin_users(u),
            admin_procedures: authz::can_see_admin_procedures(u),
            newsroom: [Action::EditNews, Action::ApproveNews, Action::PostNotice]
                .into_iter()
                .any(|a| authz::can_somewhere(u, a)),
            moderate: authz::can_somewhere(u, Action::Moderate),
        }
    }

    /// The places, work first; tracking and the catalogue, open to all, last.
    #[must_use]
    pub fn places(self) -> Vec<Place> {
        let mut out = Vec::new();
        if self.receive_dossiers {
            out.push(place("/mot-cua/tiep-nhan", "desk-nav-intake"));
        }
        if self.view_dossiers {
            out.push(place("/mot-cua/ho-so", "desk-nav-queue"));
            out.push(place("/mot-cua/so-theo-doi", "nav-logbook"));
        }
        if self.citizen {
            out.push(place("/mot-cua/nop-truc-tuyen", "desk-nav-file-online"));
            out.push(place("/mot-cua/cua-toi", "desk-nav-my-dossiers"));
            out.push(place("/don-thu/gui", "pet-online-title"));
            out.push(place("/don-thu/cua-toi", "pet-mine-title"));
        }
        if self.view_petitions {
            out.push(place("/don-thu", "nav-petitions"));
            out.push(place("/tiep-cong-dan", "pet-nav-reception"));
        }
        if self.steer {
            out.push(place("/thong-ke", "stats-nav"));
            out.push(place("/chi-dao", "pet-nav-dashboard"));
        }
        if self.reports {
            out.push(place("/phan-anh/xu-ly", "report-nav-queue"));
        }
        if self.newsroom {
            out.push(place("/toa-soan", "news-newsroom"));
        }
        if self.moderate {
            out.push(place("/kiem-duyet/binh-luan", "comment-queue-title"));
        }
        if self.admin_units {
            out.push(place("/admin/units", "nav-admin-units"));
        }
        if self.admin_users {
            out.push(place("/admin/users", "nav-admin-users"));
        }
        if self.admin_procedures {
            out.push(place("/admin/procedures", "nav-admin-procedures"));
        }
        out.push(place("/tin-tuc", "news-title"));
        out.push(place("/phan-anh", "report-nav"));
        out.push(place("/tham-do", "poll-nav"));
        out.push(place("/tra-cuu", "desk-nav-track"));
        out.push(place("/thong-ke/cong-khai", "stats-public-nav"));
        out.push(place("/procedures", "nav-catalogue"));
        out
    }
}
