//! The audit log's hash chain, pure: canonical serialisation, digests and verification.
//!
//! `entry_hash = sha256(prev_hash || canonical(entry))`. The sequence number is *not* hashed:
//! the order is what the `prev_hash` links say, so renumbering rows cannot hide an insertion.
//!
//! The log is one chain or several ("lanes"), each numbered from 1 and verified on its own.
//! SQLite writes one at a time and keeps one lane; on PostgreSQL concurrent transactions append
//! to different lanes, so that no transaction waits for another's commit to reach the disk
//! before it can chain its entry (see `motcua_store::lanes`).
//! There is no secret in the hash, so someone who can rewrite the whole tail of the table can
//! forge a consistent chain; signed checkpoints of the lane heads, kept outside the database,
//! close that gap (see [`crate::checkpoint`]).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::ids::UserId;

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, before it is chained. `at` must be at microsecond precision (the finest that
/// both databases keep), or the hash would not survive a round trip through PostgreSQL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// `None` for the system itself (imports at start, scheduled jobs).
    pub actor: Option<UserId>,
    /// Dotted verb, e.g. `user.create`, `procedure.import`, `person.view`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub ip: Option<String>,
    /// `digest_json` of the entity before the change (`None` for a creation or a view).
    pub before_digest: Option<String>,
    /// `digest_json` of the entity after the change (`None` for a deletion or a view).
    pub after_digest: Option<String>,
}

/// An entry as stored, with its place in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Which chain the entry belongs to (0 on SQLite).
    pub lane: i32,
    /// Its place in that chain, from 1.
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub entry_hash: String,
}

/// The first place where a chain is broken; `lane` names the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainBreak {
    /// This entry's content no longer matches its hash, or it was rewritten with a new hash.
    Edited { lane: i32, seq: i64 },
    /// This entry was not written by the log: the entries around it link to each other.
    Inserted { lane: i32, seq: i64 },
    /// One or more entries are missing after `after_seq` (`None`: at the start).
    Deleted { lane: i32, after_seq: Option<i64> },
}

impl ChainBreak {
    /// A Vietnamese sentence for the operator. Lane 0 (the only one on SQLite) goes unnamed.
    #[must_use]
    pub fn message_vi(&self) -> String {
        let (lane, text) = match *self {
            Self::Edited { lane, seq } => (lane, format!("Bản ghi nhật ký số {seq} đã bị sửa")),
            Self::Inserted { lane, seq } => {
                (lane, format!("Bản ghi nhật ký số {seq} đã bị chèn thêm"))
            }
            Self::Deleted {
                lane,
                after_seq: Some(s),
            } => (
                lane,
                format!("Có bản ghi nhật ký bị xoá ngay sau bản ghi số {s}"),
            ),
            Self::Deleted {
                lane,
                after_seq: None,
            } => (lane, "Có bản ghi nhật ký bị xoá ở đầu nhật ký".to_owned()),
        };
        if lane == 0 {
            format!("{text}.")
        } else {
            format!("{text} (mạch {lane}).")
        }
    }
}

fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The exact bytes that are hashed: a JSON array in a fixed order, timestamps at microsecond
/// precision. A JSON array (not an object) so that no map ordering can ever creep in.
#[must_use]
pub fn canonical_entry(e: &AuditEntry) -> Vec<u8> {
    let v = serde_json::json!([
        ts(&e.at),
        e.actor.map(|u| u.to_string()),
        e.action,
        e.entity_type,
        e.entity_id,
        e.ip,
        e.before_digest,
        e.after_digest,
    ]);
    v.to_string().into_bytes()
}

#[must_use]
pub fn entry_hash(prev_hash: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(canonical_entry(e));
    hex::encode(h.finalize())
}

/// JSON with object keys sorted at every level and no insignificant whitespace, independent
/// of whether serde_json was built with `preserve_order`.
#[must_use]
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// sha256 (hex) of the canonical JSON of a serialisable value: the before/after digests.
#[must_use]
pub fn digest_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data types into a Value cannot fail; a type that can fail
    // (a map with non-string keys) still gets a stable digest of its error text.
    let text = match serde_json::to_value(value) {
        Ok(v) => canonical_json(&v),
        Err(e) => format!("unserialisable: {e}"),
    };
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Walks the chains one record at a time, in `(lane, seq)` order, with a look-ahead of one, so
/// it can tell an inserted entry (its neighbours link to each other) from an edited one.
#[derive(Debug, Default)]
pub struct ChainVerifier {
    /// The lane being walked; a record of another lane ends it.
    lane: i32,
    /// The last record accepted as genuine.
    last_good: Option<AuditRecord>,
    /// The hash that `last_good` links to (its `prev_hash`), to recognise a forged row that
    /// was spliced in with correct links of its own.
    before_last_good: Option<String>,
    /// A record that failed its checks, waiting for the next one to classify it.
    suspect: Option<AuditRecord>,
    found: Option<ChainBreak>,
}

impl ChainVerifier {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn expected_prev(&self) -> &str {
        self.last_good
            .as_ref()
            .map_or(GENESIS_HASH, |r| r.entry_hash.as_str())
    }

    fn self_ok(r: &AuditRecord) -> bool {
        entry_hash(&r.prev_hash, &r.entry) == r.entry_hash
    }

    /// Feeds the next record. Returns the first break as soon as it is known.
    pub fn push(&mut self, r: AuditRecord) -> Option<ChainBreak> {
        if self.found.is_some() {
            return self.found;
        }
        if r.lane != self.lane {
            // The lane walked so far ends here; the next one starts from its genesis.
            if let Some(s) = self.suspect.take() {
                self.found = Some(ChainBreak::Edited {
                    lane: s.lane,
                    seq: s.seq,
                });
                return self.found;
            }
            *self = Self {
                lane: r.lane,
                ..Self::default()
            };
        }
        let lane = self.lane;
        if let Some(s) = self.suspect.take() {
            // The suspect was inserted if the record after it is genuine and links to the
            // record before it; otherwise the suspect itself was edited.
            let brk = if Self::self_ok(&r) && r.prev_hash == self.expected_prev() {
                ChainBreak::Inserted { lane, seq: s.seq }
            } else {
                ChainBreak::Edited { lane, seq: s.seq }
            };
            self.found = Some(brk);
            return self.found;
        }
        let linked = r.prev_hash == self.expected_prev();
        if !Self::self_ok(&r) || !linked && self.last_good.is_none() && r.seq == 1 {
            self.suspect = Some(r);
            return None;
        }
        if !linked {
            let brk = match &self.last_good {
                Some(prev) if self.before_last_good.as_deref() == Some(r.prev_hash.as_str()) => {
                    ChainBreak::Inserted {
                        lane,
                        seq: prev.seq,
                    }
                }
                // Content and hash agree but the link does not: a gap in the numbers means
                // rows are missing; without a gap, the previous row was rewritten wholesale
                // (hash recomputed), which also breaks our link to it.
                Some(prev) if r.seq != prev.seq + 1 => ChainBreak::Deleted {
                    lane,
                    after_seq: Some(prev.seq),
                },
                Some(prev) => ChainBreak::Edited {
                    lane,
                    seq: prev.seq,
                },
                None => ChainBreak::Deleted {
                    lane,
                    after_seq: None,
                },
            };
            self.found = Some(brk);
            return self.found;
        }
        self.before_last_good = Some(r.prev_hash.clone());
        self.last_good = Some(r);
        None
    }

    /// Ends the walk: a suspect at the very end has no successor to tell insertion from edit.
    #[must_use]
    pub fn finish(mut self) -> Option<ChainBreak> {
        if self.found.is_none()
            && let Some(s) = self.suspect.take()
        {
            self.found = Some(ChainBreak::Edited {
                lane: s.lane,
                seq: s.seq,
            });
        }
        self.found
    }
}

/// Verifies whole chains held in memory, in `(lane, seq)` order (tests, small logs).
pub fn verify_chain(records: impl IntoIterator<Item = AuditRecord>) -> Option<ChainBreak> {
    let mut v = ChainVerifier::new();
    for r in records {
        if let Some(b) = v.push(r) {
            return Some(b);
        }
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(n: u32) -> AuditEntry {
        AuditEntry {
            at: Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
                + chrono::Duration::seconds(n.into()),
            actor: None,
            action: "unit.create".into(),
            entity_type: "unit".into(),
            entity_id: format!("u{n}"),
            ip: Some("127.0.0.1".into()),
            before_digest: None,
            after_digest: Some(digest_json(&serde_json::json!({"n": n}))),
        }
    }

    fn chain(n: u32) -> Vec<AuditRecord> {
        lane(0, n)
    }

    fn lane(lane: i32, n: u32) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|i| {
                let e = entry(i);
                let h = entry_hash(&prev, &e);
                let r = AuditRecord {
                    lane,
                    seq: i64::from(i),
                    entry: e,
                    prev_hash: prev.clone(),
                    entry_hash: h.clone(),
                };
                prev = h;
                r
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_chain(chain(5)), None);
        assert_eq!(verify_chain(Vec::new()), None);
    }

    #[test]
    fn an_edited_entry_is_found() {
        let mut c = chain(5);
        c[2].entry.action = "unit.delete".into();
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Edited { lane: 0, seq: 3 })
        );
    }

    #[test]
    fn an_edited_last_entry_is_found() {
        let mut c = chain(5);
        c[4].entry.ip = None;
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Edited { lane: 0, seq: 5 })
        );
    }

    #[test]
    fn an_entry_rewritten_with_a_new_hash_is_found() {
        let mut c = chain(5);
        c[1].entry.entity_id = "forged".into();
        c[1].entry_hash = entry_hash(&c[1].prev_hash, &c[1].entry);
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Edited { lane: 0, seq: 2 })
        );
    }

    #[test]
    fn a_deleted_entry_is_found() {
        let mut c = chain(5);
        c.remove(2);
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Deleted {
                lane: 0,
                after_seq: Some(2)
            })
        );
    }

    #[test]
    fn a_deleted_first_entry_is_found() {
        let mut c = chain(3);
        c.remove(0);
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Deleted {
                lane: 0,
                after_seq: None
            })
        );
    }

    #[test]
    fn an_inserted_entry_is_found() {
        let mut c = chain(5);
        let forged = AuditRecord {
            lane: 0,
            seq: 3,
            entry: entry(99),
            prev_hash: c[1].entry_hash.clone(),
            entry_hash: "f".repeat(64),
        };
        for r in &mut c[2..] {
            r.seq += 1;
        }
        c.insert(2, forged);
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Inserted { lane: 0, seq: 3 })
        );
    }

    #[test]
    fn an_inserted_entry_with_a_correct_own_hash_is_still_found() {
        let mut c = chain(5);
        let e = entry(99);
        let forged = AuditRecord {
            lane: 0,
            seq: 3,
            entry_hash: entry_hash(&c[1].entry_hash, &e),
            entry: e,
            prev_hash: c[1].entry_hash.clone(),
        };
        for r in &mut c[2..] {
            r.seq += 1;
        }
        c.insert(2, forged);
        // The forged row links correctly; the next row still links past it.
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Inserted { lane: 0, seq: 3 })
        );
    }

    #[test]
    fn lanes_are_chains_of_their_own() {
        let mut c = lane(0, 3);
        c.extend(lane(2, 4));
        c.extend(lane(5, 1));
        assert_eq!(verify_chain(c), None);
    }

    #[test]
    fn a_break_is_found_in_the_lane_where_it_is() {
        let mut c = lane(0, 3);
        c.extend(lane(2, 4));
        c[5].entry.action = "unit.delete".into();
        assert_eq!(
            verify_chain(c.clone()),
            Some(ChainBreak::Edited { lane: 2, seq: 3 })
        );
        c.remove(3);
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Deleted {
                lane: 2,
                after_seq: None
            })
        );
    }

    #[test]
    fn an_edited_last_entry_of_a_lane_is_found_before_the_next_lane() {
        let mut c = lane(0, 3);
        c[2].entry.ip = None;
        c.extend(lane(1, 2));
        assert_eq!(
            verify_chain(c),
            Some(ChainBreak::Edited { lane: 0, seq: 3 })
        );
    }

    #[test]
    fn the_lane_is_named_in_the_message_unless_it_is_the_only_one() {
        assert_eq!(
            ChainBreak::Edited { lane: 0, seq: 3 }.message_vi(),
            "Bản ghi nhật ký số 3 đã bị sửa."
        );
        assert_eq!(
            ChainBreak::Inserted { lane: 4, seq: 3 }.message_vi(),
            "Bản ghi nhật ký số 3 đã bị chèn thêm (mạch 4)."
        );
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a = serde_json::json!({"b": 1, "a": {"d": [1, {"z": 0, "y": "Đ"}], "c": null}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":null,"d":[1,{"y":"Đ","z":0}]},"b":1}"#
        );
    }

    #[test]
    fn digest_ignores_key_order_but_not_values() {
        let a = serde_json::json!({"x": 1, "y": 2});
        let b = serde_json::json!({"y": 2, "x": 1});
        let c = serde_json::json!({"y": 2, "x": 3});
        assert_eq!(digest_json(&a), digest_json(&b));
        assert_ne!(digest_json(&a), digest_json(&c));
    }
}
