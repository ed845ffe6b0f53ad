use serde::{Deserialize, Serialize};

/// The user's language. Simplified Chinese first; English as a switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Accepts BCP-47-ish tags and POSIX locales (`en_US.UTF-8`); anything not English is Chinese,
    /// since that is who the product is for.
    pub fn from_tag(tag: &str) -> Lang {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Lang::En
        } else {
            Lang::ZhCn
        }
    }

    /// Picks the pair member for this language; keeps bilingual tables compact.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_and_bcp47_tags_are_understood() {
        assert_eq!(Lang::from_tag("en_US.UTF-8"), Lang::En, "POSIX locale");
        assert_eq!(Lang::from_tag("EN"), Lang::En, "case-insensitive");
        assert_eq!(Lang::from_tag("zh-CN"), Lang::ZhCn);
        assert_eq!(
            Lang::from_tag("C"),
            Lang::ZhCn,
            "unknown falls back to Chinese"
        );
        assert_eq!(
            Lang::from_tag("enx"),
            Lang::ZhCn,
            "only real English tags switch"
        );
    }
}
