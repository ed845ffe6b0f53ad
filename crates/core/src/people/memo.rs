//! Per-thread memory of recent answers for the classifiers an import calls on every row.
//! Attendee lists repeat the same few hundred titles, departments and companies thousands of
//! times; keyword matching each afresh cost more than writing the row.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;

/// Past this many entries the memory starts over, so a hostile list cannot grow it unbounded.
const MAX_ENTRIES: usize = 20_000;

pub(crate) struct Memo<K, V>(RefCell<HashMap<K, V>>);

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub(crate) fn new() -> Memo<K, V> {
        Memo(RefCell::new(HashMap::new()))
    }

    /// The remembered answer for `key`, or `compute()`'s, remembered.
    pub(crate) fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.0.borrow().get(&key) {
            return v.clone();
        }
        let v = compute();
        let mut map = self.0.borrow_mut();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, v.clone());
        v
    }
}
