//! The keys a lead is matched by (mobile, email, name at a company), held in memory while a
//! large import writes without the indexes that would otherwise find them.
//!
//! A lead written into `person` costs an entry in each of its eight indexes, each at a random
//! place in its tree; those inserts were most of an import's time. Past the point where an
//! import has written as many rows as the store held ([`crate::deferred_indexes`]), every
//! index of `person` is dropped and built again at the end, sorted, and the three the import
//! itself matches by are replaced by this table: per key, its 64-bit hash and the first lead
//! (lowest id) that has it.
//!
//! A hash alone can collide, so a hit is only a candidate: the writer compares the lead's
//! stored key with the one it looks for, and on a mismatch asks SQLite, which then scans the
//! table. That costs a second at a million leads and happens about once in ten million
//! imports; a miss, which is most rows, is certain and costs nothing. Twelve bytes a slot
//! rather than a hash map's seventeen keep a million-row import's keys at 48 MB (72 MB while
//! the table doubles), inside its memory target.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use marketdesk_core::people::{ContactKey, LeadFields, MatchKeys};
use rusqlite::Connection;

use crate::deferred_indexes::Table;
use crate::error::{Result, SqlContext};
use crate::person_fields::opt;

/// The three keys of one lead, hashed, strongest first; `None` where the lead has no such key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct KeyHashes([Option<u64>; 3]);

/// Which key a hash stands for, in matching order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Mobile,
    Email,
    NameAtCompany,
}

/// The keys a lead with these stored columns is found by, the rule the writer's SQL follows: a
/// blank column is no key, and a name is one only with a company.
pub(crate) fn stored_keys<'a>(
    mobile: &'a str,
    email: &'a str,
    name: &'a str,
    company_key: &'a str,
) -> MatchKeys<'a> {
    MatchKeys {
        mobile: opt(mobile),
        email: opt(email),
        name_at_company: (!name.is_empty() && !company_key.is_empty())
            .then_some((name, company_key)),
    }
}

fn hash(kind: u8, parts: &[&str]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut h);
    for p in parts {
        h.write(p.as_bytes());
        // Never part of UTF-8: "ab" + "c" and "a" + "bc" hash apart.
        h.write_u8(0xff);
    }
    h.finish()
}

/// The hash of "the lead named `name` that gives this mobile (or email)", by which a second
/// holder of a shared number is found ([`LeadKeys::named_holder`]).
pub(crate) fn named_hash(key: ContactKey, value: &str, name: &str) -> u64 {
    let kind = match key {
        ContactKey::Mobile => 3,
        ContactKey::Email => 4,
    };
    hash(kind, &[value, name])
}

impl KeyHashes {
    pub(crate) fn of(keys: &MatchKeys) -> KeyHashes {
        KeyHashes([
            keys.mobile.map(|m| hash(0, &[m])),
            keys.email.map(|e| hash(1, &[e])),
            keys.name_at_company.map(|(n, c)| hash(2, &[n, c])),
        ])
    }

    pub(crate) fn of_fields(f: &LeadFields, company_key: &str) -> KeyHashes {
        KeyHashes::of(&stored_keys(&f.mobile, &f.email, &f.name, company_key))
    }

    fn each(&self) -> impl Iterator<Item = (KeyKind, u64)> + '_ {
        [KeyKind::Mobile, KeyKind::Email, KeyKind::NameAtCompany]
            .into_iter()
            .zip(self.0)
            .filter_map(|(kind, h)| h.map(|h| (kind, h)))
    }
}

/// What [`LeadKeys::candidate`] found for a lead's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Candidate {
    /// No stored lead has any of the keys.
    None,
    /// The first lead holding the hash of this key: the match if its stored key is the same.
    Lead { id: i64, by: KeyKind },
    /// The table cannot tell (a lead id past what it holds): only SQLite can.
    Unknown,
}

/// Key hash → the lowest id of a lead having it, by open addressing (linear probing) in two
/// parallel arrays; a hash of 0 marks an empty slot.
pub(crate) struct LeadKeys {
    hashes: Vec<u64>,
    ids: Vec<u32>,
    used: usize,
    /// A lead id did not fit in 32 bits: every answer is [`Candidate::Unknown`].
    overflowed: bool,
    /// Leads that give a mobile or email a lower id gives too (people sharing a number), by
    /// [`named_hash`]. Few leads share, so a map beside the table rather than a key per lead.
    named_holders: HashMap<u64, u32>,
}

impl LeadKeys {
    fn with_capacity(keys: usize) -> LeadKeys {
        let slots = (keys * 4 / 3 + 1).next_power_of_two().max(1024);
        LeadKeys {
            hashes: vec![0; slots],
            ids: vec![0; slots],
            used: 0,
            overflowed: false,
            named_holders: HashMap::new(),
        }
    }

    /// Reads the keys of every stored lead.
    pub(crate) fn load(conn: &Connection) -> Result<LeadKeys> {
        let leads = Table::Person.size(conn)?;
        let mut keys = LeadKeys::with_capacity(usize::try_from(leads).unwrap_or(0) * 2);
        let mut stmt = conn
            .prepare(
                "SELECT id, coalesce(mobile, ''), coalesce(email, ''), name, company_key
                 FROM person ORDER BY id",
            )
            .context("matching leads")?;
        let mut rows = stmt.query([]).context("matching leads")?;
        while let Some(r) = rows.next().context("matching leads")? {
            let id: i64 = r.get(0).context("matching leads")?;
            let text = |i: usize| {
                r.get_ref(i)
                    .ok()
                    .and_then(|v| v.as_str().ok())
                    .unwrap_or("")
            };
            let hashes = KeyHashes::of(&stored_keys(text(1), text(2), text(3), text(4)));
            for (key, value, h) in [
                (ContactKey::Mobile, text(1), hashes.0[0]),
                (ContactKey::Email, text(2), hashes.0[1]),
            ] {
                if h.is_some_and(|h| keys.holds(h)) {
                    keys.add_named_holder(id, named_hash(key, value, text(3)));
                }
            }
            keys.add(id, hashes);
        }
        Ok(keys)
    }

    /// 0 is the empty slot, so a key hashing to 0 is stored as 1 (it then shares 1's slot,
    /// which the check against the stored key handles like any collision).
    fn stored(hash: u64) -> u64 {
        hash.max(1)
    }

    /// The slot holding `hash`, or the empty slot where it would go.
    fn slot(&self, hash: u64) -> usize {
        let mask = self.hashes.len() - 1;
        let mut i = (hash as usize) & mask;
        while self.hashes[i] != 0 && self.hashes[i] != hash {
            i = (i + 1) & mask;
        }
        i
    }

    /// Records a lead's keys, keeping for each the lowest id, as the SQL match does.
    pub(crate) fn add(&mut self, id: i64, hashes: KeyHashes) {
        let Ok(id) = u32::try_from(id) else {
            self.overflowed = true;
            return;
        };
        for (_, h) in hashes.each() {
            // At most three quarters full, so probes stay short.
            if (self.used + 1) * 4 > self.hashes.len() * 3 {
                self.grow();
            }
            let h = Self::stored(h);
            let i = self.slot(h);
            if self.hashes[i] == 0 {
                self.hashes[i] = h;
                self.ids[i] = id;
                self.used += 1;
            } else {
                self.ids[i] = self.ids[i].min(id);
            }
        }
    }

    fn holds(&self, hash: u64) -> bool {
        let h = Self::stored(hash);
        self.hashes[self.slot(h)] == h
    }

    /// Records a lead that gives a number or address another lead gave first.
    pub(crate) fn add_named_holder(&mut self, id: i64, named: u64) {
        match u32::try_from(id) {
            Ok(id) => {
                self.named_holders.entry(named).or_insert(id);
            }
            Err(_) => self.overflowed = true,
        }
    }

    /// The lead of [`named_hash`] `named`: `Ok(Some(id))` a candidate to confirm, `Ok(None)`
    /// nobody for certain, `Err(())` unknown once an id overflowed (only SQLite can tell).
    #[allow(clippy::result_unit_err)]
    pub(crate) fn named_holder(&self, named: u64) -> Result<Option<i64>, ()> {
        if self.overflowed {
            return Err(());
        }
        Ok(self.named_holders.get(&named).map(|&id| i64::from(id)))
    }

    fn grow(&mut self) {
        let slots = self.hashes.len() * 2;
        let hashes = std::mem::replace(&mut self.hashes, vec![0; slots]);
        let ids = std::mem::replace(&mut self.ids, vec![0; slots]);
        for (h, id) in hashes.into_iter().zip(ids).filter(|&(h, _)| h != 0) {
            let i = self.slot(h);
            self.hashes[i] = h;
            self.ids[i] = id;
        }
    }

    /// The lead to check first for these keys: the holder of the strongest key whose hash is
    /// known. A key whose hash nobody holds is certainly nobody's, so weaker keys are tried
    /// only after those.
    pub(crate) fn candidate(&self, hashes: &KeyHashes) -> Candidate {
        if self.overflowed {
            return Candidate::Unknown;
        }
        hashes
            .each()
            .find_map(|(by, h)| {
                let i = self.slot(Self::stored(h));
                (self.hashes[i] != 0).then(|| Candidate::Lead {
                    id: i64::from(self.ids[i]),
                    by,
                })
            })
            .unwrap_or(Candidate::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(mobile: &str, email: &str, name: &str, company_key: &str) -> KeyHashes {
        KeyHashes::of(&stored_keys(mobile, email, name, company_key))
    }

    #[test]
    fn keys_are_told_apart_by_kind_and_boundary() {
        let a = hashes("13800000000", "zs@cmb.cn", "张三", "招商银行");
        let b = hashes("", "13800000000", "张三招", "商银行");
        assert!(a.0.iter().all(Option::is_some), "three keys");
        assert_ne!(a.0[0], b.0[1], "a mobile and the same text as email differ");
        assert_ne!(a.0[2], b.0[2], "name and company split elsewhere differ");
        assert_eq!(
            hashes("", "", "张三", ""),
            KeyHashes::default(),
            "a name without company is no key"
        );
    }

    #[test]
    fn the_strongest_known_key_names_the_lowest_id() {
        let mut keys = LeadKeys::with_capacity(0);
        keys.add(7, hashes("13800000000", "a@b.cn", "", ""));
        keys.add(3, hashes("", "a@b.cn", "李四", "平安"));
        keys.add(9, hashes("13800000000", "", "", ""));
        assert_eq!(
            keys.candidate(&hashes("13800000000", "a@b.cn", "", "")),
            Candidate::Lead {
                id: 7,
                by: KeyKind::Mobile
            },
            "mobile first, its first holder"
        );
        assert_eq!(
            keys.candidate(&hashes("13900000000", "a@b.cn", "", "")),
            Candidate::Lead {
                id: 3,
                by: KeyKind::Email
            },
            "an unknown mobile passes on to the email, whose lowest id is 3"
        );
        assert_eq!(
            keys.candidate(&hashes("13900000000", "", "王五", "平安")),
            Candidate::None
        );
    }

    #[test]
    fn every_key_is_found_after_the_table_has_doubled_many_times() {
        let mut keys = LeadKeys::with_capacity(0);
        let mobile = |i: u32| format!("139{i:08}");
        for id in 1..=20_000u32 {
            keys.add(i64::from(id), hashes(&mobile(id % 15_000), "", "", ""));
        }
        assert!(
            keys.hashes.len() >= 15_000 * 4 / 3,
            "grown past its first 1,024 slots"
        );
        for i in [0u32, 1, 4_999, 5_000, 14_999] {
            // Leads i and i + 15,000 share a mobile; lead 0 does not exist.
            let want = if i == 0 { 15_000 } else { i };
            assert_eq!(
                keys.candidate(&hashes(&mobile(i), "", "", "")),
                Candidate::Lead {
                    id: i64::from(want),
                    by: KeyKind::Mobile
                },
                "mobile {i}: its lowest id"
            );
        }
        assert_eq!(
            keys.candidate(&hashes("13700000000", "", "", "")),
            Candidate::None
        );
    }

    #[test]
    fn hash_zero_and_ids_past_32_bits_are_still_answered_safely() {
        let mut keys = LeadKeys::with_capacity(0);
        keys.add(5, KeyHashes([Some(0), None, None]));
        assert_eq!(
            keys.candidate(&KeyHashes([Some(0), None, None])),
            Candidate::Lead {
                id: 5,
                by: KeyKind::Mobile
            },
            "a key hashing to 0 is kept, not taken for an empty slot"
        );
        keys.add(1 << 33, hashes("13800000000", "", "", ""));
        assert_eq!(
            keys.candidate(&KeyHashes([Some(0), None, None])),
            Candidate::Unknown,
            "once an id does not fit, SQLite decides"
        );
    }
}
