//! Roles and the unit subtrees they are granted over.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::ids::{RoleGrantId, UnitId};
use crate::message::{MessageArg, Text};

/// What a person may do. The string codes are stable: they are stored in the database and used
/// in the API and in catalogue files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    DeskOfficer,
    Specialist,
    Head,
    PetitionHandler,
    Inspector,
    Moderator,
    Editor,
    Approver,
    UnitAdmin,
    SystemAdmin,
}

impl Role {
    pub const ALL: [Self; 11] = [
        Self::Citizen,
        Self::DeskOfficer,
        Self::Specialist,
        Self::Head,
        Self::PetitionHandler,
        Self::Inspector,
        Self::Moderator,
        Self::Editor,
        Self::Approver,
        Self::UnitAdmin,
        Self::SystemAdmin,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::DeskOfficer => "desk_officer",
            Self::Specialist => "specialist",
            Self::Head => "head",
            Self::PetitionHandler => "petition_handler",
            Self::Inspector => "inspector",
            Self::Moderator => "moderator",
            Self::Editor => "editor",
            Self::Approver => "approver",
            Self::UnitAdmin => "unit_admin",
            Self::SystemAdmin => "system_admin",
        }
    }

    /// The Vietnamese name shown to people.
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Citizen => "Công dân",
            Self::DeskOfficer => "Cán bộ một cửa",
            Self::Specialist => "Chuyên viên",
            Self::Head => "Lãnh đạo",
            Self::PetitionHandler => "Cán bộ xử lý đơn",
            Self::Inspector => "Thanh tra viên",
            Self::Moderator => "Người kiểm duyệt",
            Self::Editor => "Biên tập viên",
            Self::Approver => "Người duyệt tin",
            Self::UnitAdmin => "Quản trị đơn vị",
            Self::SystemAdmin => "Quản trị hệ thống",
        }
    }

    /// Staff roles act on behalf of a unit; the grant must name that unit.
    #[must_use]
    pub const fn is_staff(self) -> bool {
        !matches!(self, Self::Citizen | Self::SystemAdmin)
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| {
                DomainError::invalid(
                    "role",
                    Text::with("validation-role-unknown", vec![("value", s.into())]),
                )
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A role over a unit and everything below it in the tree.
///
/// `unit == None` means "not tied to a unit": only citizens (who act for themselves) and
/// system administrators (who act everywhere) may have that.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub id: RoleGrantId,
    pub role: Role,
    pub unit: Option<UnitId>,
}

impl RoleGrant {
    /// Checks the role/scope combination.
    pub fn new(role: Role, unit: Option<UnitId>) -> Result<Self, DomainError> {
        match (role.is_staff(), unit) {
            (true, None) => Err(DomainError::invalid(
                "unit",
                Text::with(
                    "validation-role-needs_unit",
                    vec![("role", MessageArg::Label("role", role.code()))],
                ),
            )),
            (false, Some(_)) if role == Role::Citizen => Err(DomainError::invalid(
                "unit",
                Text::id("validation-role-citizen_unit"),
            )),
            _ => Ok(Self {
                id: RoleGrantId::new(),
                role,
                unit,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), r);
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len());
    }

    #[test]
    fn unknown_role_is_rejected_in_vietnamese() {
        let e = Role::parse("root").unwrap_err();
        assert!(e.to_string().contains("Vai trò không hợp lệ"));
    }

    #[test]
    fn staff_roles_need_a_unit() {
        assert!(RoleGrant::new(Role::Specialist, None).is_err());
        assert!(RoleGrant::new(Role::Specialist, Some(UnitId::new())).is_ok());
        assert!(RoleGrant::new(Role::Citizen, Some(UnitId::new())).is_err());
        assert!(RoleGrant::new(Role::Citizen, None).is_ok());
        assert!(RoleGrant::new(Role::SystemAdmin, None).is_ok());
        assert!(RoleGrant::new(Role::SystemAdmin, Some(UnitId::new())).is_ok());
    }
}
