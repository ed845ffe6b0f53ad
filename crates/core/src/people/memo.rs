//! Per-thread memory of recent answers for the classifiers an import calls on every row.
//! Attendee lists repeat the same few hundred titles, departments and companies thousands of
//! times; keyword matching each afresh cost more than writing the row.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;

/// Past this many entries the memory starts over, so a hostile list cannot grow it unbounded.
const MAX_ENTRIES: usize = 20_000;

/// Answers keyed by one or more strings.
pub(crate) struct Memo<V> {
    answers: RefCell<HashMap<String, V>>,
    /// The key being looked up, built here so that a hit allocates nothing.
    key: RefCell<String>,
}

impl<V: Clone> Memo<V> {
    pub(crate) fn new() -> Memo<V> {
        Memo {
            answers: RefCell::new(HashMap::new()),
            key: RefCell::new(String::new()),
        }
    }

    /// The remembered answer for the strings `parts`, or `compute()`'s, remembered.
    pub(crate) fn get_or(&self, parts: &[&str], compute: impl FnOnce() -> V) -> V {
        let mut key = self.key.borrow_mut();
        key.clear();
        for part in parts {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") are different keys.
            let _ = write!(key, "{}:{part}", part.len());
        }
        if let Some(v) = self.answers.borrow().get(key.as_str()) {
            return v.clone();
        }
        let v = compute();
        let mut map = self.answers.borrow_mut();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key.clone(), v.clone());
        v
    }
}
