//! Keyword matching for job titles and department names, in Chinese and English.

use super::width::to_half_width;

/// A title or department name prepared for keyword lookup.
pub(crate) struct Words {
    /// Half-width, lower-case, whitespace removed: Chinese keywords are found as substrings.
    compact: String,
    /// Runs of ASCII letters and digits: English keywords are found as whole words, so "it"
    /// matches "Head of IT" and "IT部" but not "audit".
    tokens: Vec<String>,
}

impl Words {
    pub(crate) fn new(text: &str) -> Words {
        let lower = to_half_width(text).to_lowercase();
        Words {
            compact: lower.chars().filter(|c| !c.is_whitespace()).collect(),
            tokens: lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }

    /// Whether any pattern matches. An ASCII pattern is a run of words ("vice president");
    /// any other pattern is a substring ("总经理"). In both, `*` stands for anything in
    /// between: "首席*官" matches 首席信息官, "chief * officer" matches Chief Risk Officer.
    pub(crate) fn has_any(&self, patterns: &[&str]) -> bool {
        patterns.iter().any(|p| self.has(p))
    }

    fn has(&self, pattern: &str) -> bool {
        if pattern.is_ascii() {
            self.has_words(pattern)
        } else {
            self.has_chars(pattern)
        }
    }

    fn has_chars(&self, pattern: &str) -> bool {
        let mut rest = self.compact.as_str();
        for part in pattern.split('*') {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        true
    }

    fn has_words(&self, pattern: &str) -> bool {
        let mut from = 0;
        for part in pattern.split('*') {
            let run: Vec<&str> = part
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|t| !t.is_empty())
                .collect();
            if run.is_empty() {
                continue;
            }
            let found = (from..self.tokens.len().saturating_sub(run.len() - 1)).find(|&i| {
                self.tokens[i..i + run.len()]
                    .iter()
                    .zip(&run)
                    .all(|(t, r)| t == r)
            });
            match found {
                Some(i) => from = i + run.len(),
                None => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let cases = [
            ("信息科技部总经理", "部总经理", true, "Chinese substring"),
            ("首席 信息官", "首席*官", true, "wildcard across a space"),
            ("首席分析师", "首席*官", false, "wildcard needs both ends"),
            ("Head of IT", "it", true, "English whole word"),
            ("IT部", "it", true, "English word next to Chinese"),
            ("Internal Audit", "it", false, "not inside a word"),
            (
                "Senior Vice-President",
                "vice president",
                true,
                "word run across a dash",
            ),
            (
                "Chief Risk Officer",
                "chief * officer",
                true,
                "English wildcard",
            ),
            (
                "Chief Officer",
                "chief * officer",
                true,
                "wildcard may be empty",
            ),
            ("Officer, Chief", "chief * officer", false, "order matters"),
            ("ＣＴＯ", "cto", true, "full-width Latin"),
            ("R&D中心", "r&d", true, "punctuation inside a pattern"),
        ];
        for (text, pattern, want, why) in cases {
            assert_eq!(
                Words::new(text).has(pattern),
                want,
                "{why}: {text:?} ~ {pattern:?}"
            );
        }
    }
}
