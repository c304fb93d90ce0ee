//! Who signs a petition and who speaks for them. Many people with one petition on one matter
//! appoint representatives in writing, signed by all (Law on Citizen Reception 2013 Art. 29):
//! 5 to 10 people appoint 1 or 2; more than 10 may appoint more, at most 5.
//!
//! The law says nothing of groups under 5. We allow them at most one representative or none,
//! so that the case still has one person to contact when they choose one, except that several
//! denouncers together must name a representative (Law on Denunciations 2018 Art. 23). The
//! numbers are in the petition rule book so that a different reading needs no release.

use serde::{Deserialize, Serialize};

use super::error::PetitionError;
use super::kind::PetitionKind;
use super::rules::RepresentativeLimits;

/// One person who put their name on the petition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    /// Signed or fingerprinted the petition.
    pub signed: bool,
    /// Appointed as a representative of the group.
    pub representative: bool,
}

/// The signatories of one petition and the written appointment of their representatives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatories {
    pub people: Vec<Signatory>,
    /// A written appointment of the representatives, signed by everyone, is attached.
    pub appointment_signed: bool,
}

/// How many representatives a group of `signatories` must and may appoint.
#[must_use]
pub fn representative_range(
    limits: &RepresentativeLimits,
    kind: PetitionKind,
    signatories: usize,
) -> (u32, u32) {
    let n = u32::try_from(signatories).unwrap_or(u32::MAX);
    if n <= 1 {
        (0, 0)
    } else if n < limits.group_from {
        let min = u32::from(kind == PetitionKind::Denunciation);
        (min, limits.small_group_max.max(min))
    } else if n <= limits.large_group_above {
        (1, limits.group_max)
    } else {
        (1, limits.large_group_max)
    }
}

impl Signatories {
    /// A petition from one person.
    #[must_use]
    pub fn one(name: &str) -> Self {
        Self {
            people: vec![Signatory {
                name: name.to_string(),
                signed: true,
                representative: false,
            }],
            appointment_signed: false,
        }
    }

    #[must_use]
    pub fn representatives(&self) -> Vec<&Signatory> {
        self.people.iter().filter(|p| p.representative).collect()
    }

    /// Checks names, signatures and representatives; the first problem found is returned, in
    /// the order an officer would fix them.
    pub fn validate(
        &self,
        limits: &RepresentativeLimits,
        kind: PetitionKind,
    ) -> Result<(), PetitionError> {
        if self.people.is_empty() {
            return Err(PetitionError::NoSignatories);
        }
        if self.people.iter().any(|p| p.name.trim().is_empty()) {
            return Err(PetitionError::Missing(
                crate::message::Missing::SignatoryNames,
            ));
        }
        let unsigned: Vec<String> = self
            .people
            .iter()
            .filter(|p| !p.signed)
            .map(|p| p.name.trim().to_string())
            .collect();
        if !unsigned.is_empty() {
            return Err(PetitionError::SignatureMissing(unsigned));
        }
        let n = self.people.len();
        let reps = self.representatives().len();
        let (min, max) = representative_range(limits, kind, n);
        if n == 1 {
            // One person speaks for themselves; a flag on them changes nothing.
            return Ok(());
        }
        if reps < min as usize {
            return Err(PetitionError::RepresentativesRequired {
                signatories: n,
                min,
                max,
            });
        }
        if reps > max as usize {
            return Err(PetitionError::TooManyRepresentatives {
                signatories: n,
                representatives: reps,
                max,
            });
        }
        if reps > 0 && !self.appointment_signed {
            return Err(PetitionError::AppointmentMissing);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PetitionKind as K;

    fn limits() -> RepresentativeLimits {
        RepresentativeLimits {
            group_from: 5,
            group_max: 2,
            large_group_above: 10,
            large_group_max: 5,
            small_group_max: 1,
        }
    }

    fn group(n: usize, reps: usize) -> Signatories {
        Signatories {
            people: (0..n)
                .map(|i| Signatory {
                    name: format!("Nguyễn Văn {i}"),
                    signed: true,
                    representative: i < reps,
                })
                .collect(),
            appointment_signed: reps > 0,
        }
    }

    #[test]
    fn ranges_follow_article_29() {
        let l = limits();
        assert_eq!(representative_range(&l, K::Complaint, 1), (0, 0));
        assert_eq!(representative_range(&l, K::Complaint, 4), (0, 1));
        assert_eq!(representative_range(&l, K::Denunciation, 2), (1, 1));
        assert_eq!(representative_range(&l, K::Complaint, 5), (1, 2));
        assert_eq!(representative_range(&l, K::Complaint, 10), (1, 2));
        assert_eq!(representative_range(&l, K::Complaint, 11), (1, 5));
        assert_eq!(representative_range(&l, K::Feedback, 200), (1, 5));
    }

    #[test]
    fn valid_groups_pass() {
        let l = limits();
        assert!(
            Signatories::one("Trần Thị B")
                .validate(&l, K::Complaint)
                .is_ok()
        );
        assert!(group(3, 0).validate(&l, K::Complaint).is_ok());
        assert!(group(3, 1).validate(&l, K::Complaint).is_ok());
        assert!(group(7, 2).validate(&l, K::Complaint).is_ok());
        assert!(group(30, 5).validate(&l, K::Recommendation).is_ok());
        assert!(group(2, 1).validate(&l, K::Denunciation).is_ok());
        assert_eq!(group(7, 2).representatives().len(), 2);
    }

    #[test]
    fn bad_groups_get_a_code_and_a_message() {
        let l = limits();
        let err = group(7, 0).validate(&l, K::Complaint).unwrap_err();
        assert_eq!(err.code(), "representatives_required");
        assert!(err.to_string().contains("từ 1 đến 2"), "{err}");
        let err = group(7, 3).validate(&l, K::Complaint).unwrap_err();
        assert_eq!(err.code(), "too_many_representatives");
        let err = group(12, 6).validate(&l, K::Complaint).unwrap_err();
        assert_eq!(err.code(), "too_many_representatives");
        assert!(err.to_string().contains("tối đa 5"), "{err}");
        let err = group(3, 2).validate(&l, K::Complaint).unwrap_err();
        assert_eq!(err.code(), "too_many_representatives");
        let err = group(3, 0).validate(&l, K::Denunciation).unwrap_err();
        assert_eq!(err.code(), "representatives_required");
        let mut g = group(6, 1);
        g.appointment_signed = false;
        assert_eq!(
            g.validate(&l, K::Complaint).unwrap_err().code(),
            "appointment_missing"
        );
        let mut g = group(6, 1);
        g.people[4].signed = false;
        let err = g.validate(&l, K::Complaint).unwrap_err();
        assert_eq!(err.code(), "signature_missing");
        assert!(err.to_string().contains("Nguyễn Văn 4"), "{err}");
        let mut g = group(2, 0);
        g.people[1].name = " ".into();
        assert_eq!(
            g.validate(&l, K::Complaint).unwrap_err().code(),
            "missing_field"
        );
        let empty = Signatories {
            people: vec![],
            appointment_signed: false,
        };
        assert_eq!(
            empty.validate(&l, K::Complaint).unwrap_err().code(),
            "no_signatories"
        );
    }
}
