//! Authorization, decided in one place.
//!
//! `authorize(principal, action, target)` answers Allow, Forbidden or NotFound. NotFound is
//! the answer when the principal may not even learn that the record exists: an officer of
//! another unit asking for a unit-scoped record, a citizen asking for someone else's dossier.
//! Forbidden is for what the principal can see but not do, and for anonymous visitors (the web
//! layer turns that into "please log in").
//!
//! A grant covers a target when the grant's unit is the target's unit or one of its ancestors
//! (a role over a unit is a role over its subtree). The caller supplies the target's unit path
//! (the unit, then its parents up to the province), so this module needs no database.

use serde::{Deserialize, Serialize};

use crate::ids::{UnitId, UserId};
use crate::role::{Role, RoleGrant};

/// Who is asking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// `None` for an anonymous visitor.
    pub user: Option<UserId>,
    pub grants: Vec<RoleGrant>,
}

impl Principal {
    #[must_use]
    pub fn anonymous() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn user(user: UserId, grants: Vec<RoleGrant>) -> Self {
        Self {
            user: Some(user),
            grants,
        }
    }

    #[must_use]
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
}

/// What the principal wants to do. Grouped by the resource it touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "role")]
pub enum Action {
    // Public information.
    ViewCatalogue,
    ViewUnit,
    // Catalogue administration; target: the deciding agency's unit.
    ManageCatalogue,
    // Unit administration; target: the unit (or the parent of a new one).
    ManageUnit,
    RecordUnitChange,
    // People; target: the user's unit (owner = the user).
    ViewUser,
    ManageUser,
    /// Granting (or revoking) this role; target: the grant's unit.
    GrantRole(Role),
    // One's own account; target: owned by the user.
    ViewOwnAccount,
    ChangeOwnPassword,
    // System-wide administration; target: system.
    ManageApiTokens,
    VerifyAuditLog,
    // The audit trail of a unit's records.
    ViewAuditLog,
    // Dossiers (one-stop); target: the receiving unit, owner = the applicant.
    ReceiveDossier,
    ProcessDossier,
    DecideDossier,
    ViewDossier,
    /// The applicant bringing the missing documents of their own dossier online.
    SupplementOwnDossier,
    // Petitions; target: the handling unit, owner = the petitioner.
    ViewPetition,
    HandlePetition,
    // Place reports; target: the answering unit, owner = the reporter.
    HandleReport,
    // Participation.
    Moderate,
    /// Putting a poll to the residents of a unit; target: the poll's unit.
    ManagePoll,
    /// Marking a ballot at a desk for a person whose ID card the officer checked; target: the
    /// unit the person lives in.
    VoteAtDesk,
    /// Binding a citizen's account to their ID card and residence, seen at a desk; target: the
    /// unit of residence.
    VerifyCitizen,
    // News; target: the article's (or notice's) unit.
    /// Writing articles and submitting them for approval.
    EditNews,
    /// Publishing, returning and withdrawing articles, and keeping the sections.
    ApproveNews,
    /// Putting a notice on the home page (a storm warning).
    PostNotice,
    // Leaders' dashboards for a unit.
    ViewDashboard,
}

impl Action {
    /// Every action, with `GrantRole` for every role: the test matrix iterates this.
    #[must_use]
    pub fn all() -> Vec<Self> {
        let mut v = vec![
            Self::ViewCatalogue,
            Self::ViewUnit,
            Self::ManageCatalogue,
            Self::ManageUnit,
            Self::RecordUnitChange,
            Self::ViewUser,
            Self::ManageUser,
            Self::ViewOwnAccount,
            Self::ChangeOwnPassword,
            Self::ManageApiTokens,
            Self::VerifyAuditLog,
            Self::ViewAuditLog,
            Self::ReceiveDossier,
            Self::ProcessDossier,
            Self::DecideDossier,
            Self::ViewDossier,
            Self::SupplementOwnDossier,
            Self::ViewPetition,
            Self::HandlePetition,
            Self::HandleReport,
            Self::Moderate,
            Self::ManagePoll,
            Self::VoteAtDesk,
            Self::VerifyCitizen,
            Self::EditNews,
            Self::ApproveNews,
            Self::PostNotice,
            Self::ViewDashboard,
        ];
        v.extend(Role::ALL.map(Self::GrantRole));
        v
    }

    const fn is_public(self) -> bool {
        matches!(self, Self::ViewCatalogue | Self::ViewUnit)
    }

    /// Actions the owner of a record may take on it without any role.
    const fn owner_may(self) -> bool {
        matches!(
            self,
            Self::ViewOwnAccount
                | Self::ChangeOwnPassword
                | Self::ViewUser
                | Self::ViewDossier
                | Self::SupplementOwnDossier
                | Self::ViewPetition
        )
    }
}

/// What the action is applied to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The record's unit followed by its ancestors up to the root; empty for system-wide
    /// targets (settings, API tokens, the whole audit log).
    pub unit_path: Vec<UnitId>,
    /// The person the record belongs to (a user account, an applicant, a petitioner).
    pub owner: Option<UserId>,
}

impl Target {
    #[must_use]
    pub fn system() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn in_unit(unit_path: Vec<UnitId>) -> Self {
        Self {
            unit_path,
            owner: None,
        }
    }

    #[must_use]
    pub fn owned_by(owner: UserId, unit_path: Vec<UnitId>) -> Self {
        Self {
            unit_path,
            owner: Some(owner),
        }
    }

    fn is_unit_scoped(&self) -> bool {
        !self.unit_path.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allow,
    Forbidden,
    NotFound,
}

/// Does this role, by itself, permit this action (somewhere in its scope)?
const fn role_permits(role: Role, action: Action) -> bool {
    use Action as A;
    use Role as R;
    match action {
        A::ViewCatalogue | A::ViewUnit => true,
        A::ManageCatalogue | A::ManageUnit | A::RecordUnitChange | A::ManageUser => {
            matches!(role, R::UnitAdmin | R::SystemAdmin)
        }
        A::ViewUser => matches!(role, R::UnitAdmin | R::SystemAdmin | R::Head),
        // A unit administrator may hand out any unit role in their subtree, but neither their
        // own role (no self-propagating admins) nor system administration.
        A::GrantRole(granted) => match role {
            R::SystemAdmin => true,
            R::UnitAdmin => granted.is_staff() && !matches!(granted, R::UnitAdmin),
            _ => false,
        },
        // Only the owner: no role brings another person's supplement online.
        A::ViewOwnAccount | A::ChangeOwnPassword | A::SupplementOwnDossier => false,
        A::ManageApiTokens | A::VerifyAuditLog => matches!(role, R::SystemAdmin),
        A::ViewAuditLog => matches!(role, R::SystemAdmin | R::Inspector),
        A::ReceiveDossier => matches!(role, R::DeskOfficer),
        A::ProcessDossier => matches!(role, R::Specialist | R::Head),
        A::DecideDossier => matches!(role, R::Head),
        A::ViewDossier => matches!(
            role,
            R::DeskOfficer | R::Specialist | R::Head | R::Inspector
        ),
        A::ViewPetition => matches!(role, R::PetitionHandler | R::Inspector | R::Head),
        A::HandlePetition => matches!(role, R::PetitionHandler),
        // Street reports are feedback (phản ánh): the officers who handle petitions answer them,
        // and the head steers them.
        A::HandleReport => matches!(role, R::PetitionHandler | R::Head),
        A::Moderate | A::ManagePoll => matches!(role, R::Moderator),
        // The desk that checks ID cards for dossiers checks them for ballots and accounts.
        A::VoteAtDesk | A::VerifyCitizen => matches!(role, R::DeskOfficer),
        A::EditNews => matches!(role, R::Editor),
        A::ApproveNews | A::PostNotice => matches!(role, R::Approver),
        A::ViewDashboard => matches!(role, R::Head | R::Inspector),
    }
}

/// Does the grant reach the target? A system administrator's grant reaches everything;
/// a unit grant reaches its subtree; a citizen's grant reaches nothing (citizens act on what
/// they own).
fn covers(grant: &RoleGrant, target: &Target) -> bool {
    match (grant.role, grant.unit) {
        (Role::SystemAdmin, _) => true,
        (Role::Citizen, _) | (_, None) => false,
        (_, Some(unit)) => !target.is_unit_scoped() || target.unit_path.contains(&unit),
    }
}

/// System-wide targets only the system administrator reaches.
fn reaches(grant: &RoleGrant, target: &Target) -> bool {
    if target.is_unit_scoped() {
        covers(grant, target)
    } else {
        grant.role == Role::SystemAdmin
    }
}

#[must_use]
pub fn authorize(principal: &Principal, action: Action, target: &Target) -> Decision {
    if action.is_public() {
        return Decision::Allow;
    }
    let Some(me) = principal.user else {
        return Decision::Forbidden;
    };
    let grants = &principal.grants;
    if grants
        .iter()
        .any(|g| role_permits(g.role, action) && reaches(g, target))
    {
        return Decision::Allow;
    }
    if target.owner == Some(me) && action.owner_may() {
        return Decision::Allow;
    }
    // Denied. Say "forbidden" only if the principal may know the record exists: it is theirs,
    // it is system-wide, or one of their grants reaches its unit.
    let may_know = target.owner == Some(me)
        || !target.is_unit_scoped()
        || grants.iter().any(|g| covers(g, target));
    if may_know {
        Decision::Forbidden
    } else {
        Decision::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::{Allow, Forbidden, NotFound};

    /// province ⊃ ward ⊃ department; `other` is a ward elsewhere.
    struct World {
        province: UnitId,
        ward: UnitId,
        dept: UnitId,
        other: UnitId,
    }

    impl World {
        fn new() -> Self {
            Self {
                province: UnitId::new(),
                ward: UnitId::new(),
                dept: UnitId::new(),
                other: UnitId::new(),
            }
        }
        fn ward_path(&self) -> Vec<UnitId> {
            vec![self.ward, self.province]
        }
        fn dept_path(&self) -> Vec<UnitId> {
            vec![self.dept, self.ward, self.province]
        }
        fn other_path(&self) -> Vec<UnitId> {
            vec![self.other, self.province]
        }
    }

    fn officer(role: Role, unit: Option<UnitId>) -> Principal {
        Principal::user(UserId::new(), vec![RoleGrant::new(role, unit).unwrap()])
    }

    /// The expected capabilities, written as a table independent of `role_permits`: the
    /// (role, action) pairs allowed on a record inside the role's unit subtree.
    fn expected_in_scope(role: Role, action: Action) -> bool {
        use Action as A;
        use Role as R;
        const TABLE: &[(Role, &[Action])] = &[
            (R::Citizen, &[]),
            (
                R::DeskOfficer,
                &[
                    A::ReceiveDossier,
                    A::ViewDossier,
                    A::VoteAtDesk,
                    A::VerifyCitizen,
                ],
            ),
            (R::Specialist, &[A::ProcessDossier, A::ViewDossier]),
            (
                R::Head,
                &[
                    A::ProcessDossier,
                    A::DecideDossier,
                    A::ViewDossier,
                    A::ViewPetition,
                    A::ViewUser,
                    A::ViewDashboard,
                    A::HandleReport,
                ],
            ),
            (
                R::PetitionHandler,
                &[A::ViewPetition, A::HandlePetition, A::HandleReport],
            ),
            (
                R::Inspector,
                &[
                    A::ViewDossier,
                    A::ViewPetition,
                    A::ViewAuditLog,
                    A::ViewDashboard,
                ],
            ),
            (R::Moderator, &[A::Moderate, A::ManagePoll]),
            (R::Editor, &[A::EditNews]),
            (R::Approver, &[A::ApproveNews, A::PostNotice]),
            (
                R::UnitAdmin,
                &[
                    A::ManageCatalogue,
                    A::ManageUnit,
                    A::RecordUnitChange,
                    A::ViewUser,
                    A::ManageUser,
                    A::GrantRole(R::DeskOfficer),
                    A::GrantRole(R::Specialist),
                    A::GrantRole(R::Head),
                    A::GrantRole(R::PetitionHandler),
                    A::GrantRole(R::Inspector),
                    A::GrantRole(R::Moderator),
                    A::GrantRole(R::Editor),
                    A::GrantRole(R::Approver),
                ],
            ),
        ];
        if action.is_public() {
            return true;
        }
        if role == R::SystemAdmin {
            return matches!(
                action,
                A::ManageCatalogue
                    | A::ManageUnit
                    | A::RecordUnitChange
                    | A::ViewUser
                    | A::ManageUser
                    | A::GrantRole(_)
                    | A::ManageApiTokens
                    | A::VerifyAuditLog
                    | A::ViewAuditLog
            );
        }
        TABLE
            .iter()
            .find(|(r, _)| *r == role)
            .is_some_and(|(_, actions)| actions.contains(&action))
    }

    #[test]
    fn matrix_of_role_scope_and_action() {
        let w = World::new();
        for role in Role::ALL {
            let unit = match role {
                Role::Citizen => None,
                Role::SystemAdmin => None,
                _ => Some(w.ward),
            };
            let p = officer(role, unit);
            for action in Action::all() {
                let expected = expected_in_scope(role, action);
                // Inside the subtree: the ward itself and a department below it.
                for path in [w.ward_path(), w.dept_path()] {
                    let got = authorize(&p, action, &Target::in_unit(path));
                    let want = match (expected, role) {
                        (true, _) => Allow,
                        // A citizen's grant reaches no unit: unit records are invisible.
                        (false, Role::Citizen) => NotFound,
                        (false, _) => Forbidden,
                    };
                    assert_eq!(got, want, "{role:?} {action:?} inside");
                }
                // Above the subtree (the province) and beside it (another ward).
                for path in [vec![w.province], w.other_path()] {
                    let got = authorize(&p, action, &Target::in_unit(path));
                    let want = if action.is_public() || (role == Role::SystemAdmin && expected) {
                        Allow
                    } else if role == Role::SystemAdmin {
                        Forbidden
                    } else {
                        NotFound
                    };
                    assert_eq!(got, want, "{role:?} {action:?} outside");
                }
                // System-wide targets: only the system administrator acts; nothing is hidden.
                let got = authorize(&p, action, &Target::system());
                let want = if action.is_public() || (role == Role::SystemAdmin && expected) {
                    Allow
                } else {
                    Forbidden
                };
                assert_eq!(got, want, "{role:?} {action:?} system");
            }
        }
    }

    #[test]
    fn anonymous_sees_only_public_information() {
        let w = World::new();
        let anon = Principal::anonymous();
        for action in Action::all() {
            for target in [Target::system(), Target::in_unit(w.ward_path())] {
                let want = if action.is_public() { Allow } else { Forbidden };
                assert_eq!(authorize(&anon, action, &target), want, "{action:?}");
            }
        }
    }

    #[test]
    fn owners_see_their_own_records_and_nobody_else_does() {
        let w = World::new();
        let me = Principal::user(
            UserId::new(),
            vec![RoleGrant::new(Role::Citizen, None).unwrap()],
        );
        let me_id = me.user.unwrap();
        let someone = UserId::new();
        for action in [
            Action::ViewDossier,
            Action::SupplementOwnDossier,
            Action::ViewPetition,
            Action::ViewOwnAccount,
            Action::ChangeOwnPassword,
            Action::ViewUser,
        ] {
            assert_eq!(
                authorize(&me, action, &Target::owned_by(me_id, w.ward_path())),
                Allow,
                "{action:?}"
            );
            assert_eq!(
                authorize(&me, action, &Target::owned_by(me_id, vec![])),
                Allow,
                "{action:?}"
            );
            assert_eq!(
                authorize(&me, action, &Target::owned_by(someone, w.ward_path())),
                NotFound,
                "{action:?}"
            );
        }
        // Owning a record does not let one act on it as an officer.
        for action in [
            Action::ReceiveDossier,
            Action::ProcessDossier,
            Action::DecideDossier,
            Action::HandlePetition,
            Action::ManageUser,
        ] {
            assert_eq!(
                authorize(&me, action, &Target::owned_by(me_id, w.ward_path())),
                Forbidden,
                "{action:?}"
            );
        }
    }

    #[test]
    fn a_unit_admin_cannot_create_admins_or_reach_outside() {
        let w = World::new();
        let admin = officer(Role::UnitAdmin, Some(w.ward));
        let in_dept = Target::in_unit(w.dept_path());
        assert_eq!(
            authorize(&admin, Action::GrantRole(Role::Specialist), &in_dept),
            Allow
        );
        assert_eq!(
            authorize(&admin, Action::GrantRole(Role::UnitAdmin), &in_dept),
            Forbidden
        );
        assert_eq!(
            authorize(&admin, Action::GrantRole(Role::SystemAdmin), &in_dept),
            Forbidden
        );
        assert_eq!(
            authorize(
                &admin,
                Action::GrantRole(Role::SystemAdmin),
                &Target::system()
            ),
            Forbidden
        );
        assert_eq!(
            authorize(
                &admin,
                Action::GrantRole(Role::Specialist),
                &Target::in_unit(w.other_path())
            ),
            NotFound
        );
    }

    #[test]
    fn several_grants_combine() {
        let w = World::new();
        let p = Principal::user(
            UserId::new(),
            vec![
                RoleGrant::new(Role::DeskOfficer, Some(w.ward)).unwrap(),
                RoleGrant::new(Role::Head, Some(w.other)).unwrap(),
            ],
        );
        assert_eq!(
            authorize(&p, Action::ReceiveDossier, &Target::in_unit(w.ward_path())),
            Allow
        );
        assert_eq!(
            authorize(&p, Action::DecideDossier, &Target::in_unit(w.ward_path())),
            Forbidden
        );
        assert_eq!(
            authorize(&p, Action::DecideDossier, &Target::in_unit(w.other_path())),
            Allow
        );
        assert_eq!(
            authorize(&p, Action::ReceiveDossier, &Target::in_unit(w.other_path())),
            Forbidden
        );
        assert_eq!(
            authorize(
                &p,
                Action::ReceiveDossier,
                &Target::in_unit(vec![w.province])
            ),
            NotFound
        );
    }
}
