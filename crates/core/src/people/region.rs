//! A lead's city as the region filter compares it: 上海市 and 上海 are one place.

/// Administrative suffixes dropped from a place name, longest first; one is dropped, and only
/// when at least two characters are left (沙市 stays 沙市).
const SUFFIXES: [&str; 7] = [
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];

/// The place a region cell names, without its administrative suffix: 北京市 → 北京, 广东省 →
/// 广东, 广西壮族自治区 → 广西; with a province and a city (广东省深圳市) the city, 深圳. Text that
/// is not such a name (Shanghai, 浦东新区) is kept as written. The migration of schema 8 applies
/// the same rule to the leads stored before.
pub fn tidy_region(raw: &str) -> &str {
    let name = raw.trim();
    let name = match name.split_once('省') {
        Some((_, city)) if city.chars().count() >= 2 => city,
        _ => name,
    };
    for suffix in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_and_provinces_lose_their_suffix() {
        for (raw, want) in [
            ("上海市", "上海"),
            ("上海", "上海"),
            (" 北京市 ", "北京"),
            ("深圳市", "深圳"),
            ("广东省", "广东"),
            ("广东省深圳市", "深圳"),
            ("广西壮族自治区", "广西"),
            ("内蒙古自治区", "内蒙古"),
            ("香港特别行政区", "香港"),
            ("沙市", "沙市"),
            ("浦东新区", "浦东新区"),
            ("Shanghai", "Shanghai"),
        ] {
            assert_eq!(tidy_region(raw), want, "{raw:?}");
        }
    }
}
