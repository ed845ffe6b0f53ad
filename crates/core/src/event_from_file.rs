//! Which event an attendee file belongs to, read from its file name and title banner — never
//! guessed: a file that names no known event proposes a new one with what the file says
//! (name, date, organiser), and a name two events share is left for the user to choose.

use serde::Serialize;

/// What the file says about its event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventFromFile {
    /// One known event is named (the longest name found; a date or year in the text picks
    /// between events of the same name).
    Named { id: i64 },
    /// Several known events are named equally well: the user chooses among them.
    Ambiguous { ids: Vec<i64> },
    /// No known event is named: a new one, with what could be read.
    New(ProposedEvent),
}

/// A new event as the file describes it; empty fields were not found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedEvent {
    pub name: String,
    /// yyyy-mm-dd.
    pub date: Option<String>,
    pub organiser: String,
}

/// A known event, as the file is matched against it.
#[derive(Debug, Clone, Copy)]
pub struct KnownEvent<'a> {
    pub id: i64,
    pub name: &'a str,
    /// yyyy-mm-dd.
    pub date: &'a str,
}

/// The event `file_name` and the `banner` (the cells above the header row) belong to.
pub fn event_from_file(events: &[KnownEvent], file_name: &str, banner: &[String]) -> EventFromFile {
    let stem = file_stem(file_name);
    let banner_text = banner.join(" ");
    let text = format!("{stem} {banner_text}");
    match named_events(events, &text) {
        Some(ids) if ids.len() == 1 => EventFromFile::Named { id: ids[0] },
        Some(ids) => EventFromFile::Ambiguous { ids },
        None => EventFromFile::New(ProposedEvent {
            name: proposed_name(stem, banner),
            date: find_date(&text),
            organiser: find_organiser(&text),
        }),
    }
}

fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    }
}

fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The events whose name the text holds, longest name first; among equally long names, those
/// whose date (else year) the text also holds.
fn named_events(events: &[KnownEvent], text: &str) -> Option<Vec<i64>> {
    let haystack = bare(text);
    let mut found: Vec<&KnownEvent> = events
        .iter()
        .filter(|e| {
            let name = bare(e.name);
            !name.is_empty() && haystack.contains(&name)
        })
        .collect();
    let longest = found.iter().map(|e| bare(e.name).chars().count()).max()?;
    found.retain(|e| bare(e.name).chars().count() == longest);
    if found.len() > 1 {
        let date = find_date(text);
        let on_date: Vec<_> = found
            .iter()
            .filter(|e| date.as_deref() == Some(e.date))
            .copied()
            .collect();
        let in_year: Vec<_> = found
            .iter()
            .filter(|e| e.date.len() >= 4 && haystack.contains(&e.date[..4]))
            .copied()
            .collect();
        if on_date.len() == 1 {
            found = on_date;
        } else if in_year.len() == 1 {
            found = in_year;
        }
    }
    Some(found.iter().map(|e| e.id).collect())
}

/// Words that name the list, not the event; removed from the end of a proposed name.
const LIST_WORDS: [&str; 22] = [
    "参会人员名单",
    "参会名单",
    "签到名单",
    "报名名单",
    "嘉宾名单",
    "报名信息",
    "签到信息",
    "签到表",
    "报名表",
    "登记表",
    "名单",
    "签到",
    "报名",
    "导出",
    "汇总",
    "明细",
    "最终版",
    "定稿",
    "副本",
    "attendees",
    "registrations",
    "check-in",
];

/// The event's name: the banner's title, else the file name, without dates, organiser, list
/// words and copy markers.
fn proposed_name(stem: &str, banner: &[String]) -> String {
    let title = banner.iter().map(|c| c.trim()).find(|c| !c.is_empty());
    for source in title.into_iter().chain([stem]) {
        let name = clean_name(source);
        if !name.is_empty() {
            return name;
        }
    }
    stem.trim().to_string()
}

fn clean_name(source: &str) -> String {
    let mut s = source.replace(['_', '—', '–'], " ");
    if let Some(at) = s.find("主办") {
        let rest = &s[at + "主办".len()..];
        if rest
            .trim_start_matches(['单', '位', '方'])
            .starts_with([':', '：'])
        {
            // "…峰会 主办：信通院": the organiser follows.
            s.truncate(at);
        } else {
            // "信通院主办 …": the organiser is the word before.
            let start = s[..at].rfind(' ').map_or(0, |i| i + 1);
            s.replace_range(start..at + "主办".len(), " ");
        }
    }
    s = remove_remarks(&s);
    s = remove_dates(&s);
    for marker in [
        "(1)", "(2)", "(3)", "（1）", "（2）", "（3）", "Copy of", "copy of",
    ] {
        s = s.replace(marker, " ");
    }
    loop {
        let trimmed = s.trim_matches(|c: char| c.is_whitespace() || "-·.,，、:：|".contains(c));
        let lower = trimmed.to_lowercase();
        let word = LIST_WORDS
            .iter()
            .find(|w| lower.ends_with(*w) && trimmed.len() > w.len());
        match word {
            Some(w) => s = trimmed[..trimmed.len() - w.len()].to_string(),
            None => {
                let tidy = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
                let lower = tidy.to_lowercase();
                return if LIST_WORDS.iter().any(|w| lower == *w) {
                    String::new()
                } else {
                    tidy
                };
            }
        }
    }
}

/// Without bracketed remarks about the file ("（导出时间：2026-11-20）", "(1)"); brackets that
/// are part of a name ("（深圳站）") stay.
fn remove_remarks(text: &str) -> String {
    const ABOUT_THE_FILE: [&str; 6] = ["导出", "更新", "截至", "截止", "时间", "版"];
    let mut out = text.to_string();
    let mut from = 0;
    while let Some(open) = out[from..].find(['(', '（']).map(|i| from + i) {
        let inner_start = open + out[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = out[inner_start..]
            .find([')', '）'])
            .map(|i| inner_start + i)
        else {
            break;
        };
        let end = close + out[close..].chars().next().map_or(1, char::len_utf8);
        let inner = &out[inner_start..close];
        let remark = !date_spans(inner).is_empty()
            || inner.chars().all(|c| c.is_ascii_digit())
            || ABOUT_THE_FILE.iter().any(|w| inner.contains(w));
        if remark {
            out.replace_range(open..end, " ");
            from = open;
        } else {
            from = end;
        }
    }
    out
}

/// A date written in the text: 2026-11-20, 2026.11.20, 2026/11/20, 2026年11月20日 or 20261120.
fn find_date(text: &str) -> Option<String> {
    date_spans(text).into_iter().next().map(|(_, _, date)| date)
}

fn remove_dates(text: &str) -> String {
    let mut out = text.to_string();
    for (start, end, _) in date_spans(text).into_iter().rev() {
        out.replace_range(start..end, " ");
    }
    out
}

/// Each date in the text: its byte range and the date as yyyy-mm-dd.
fn date_spans(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number =
            chars[i].1.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_ascii_digit());
        if starts_number {
            if let Some((len, date)) = date_at(&chars[i..]) {
                let end = chars.get(i + len).map_or(text.len(), |c| c.0);
                spans.push((chars[i].0, end, date));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    spans
}

/// A date starting at `chars`: how many chars it takes, and the date.
fn date_at(chars: &[(usize, char)]) -> Option<(usize, String)> {
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.1.is_ascii_digit())
            .map(|c| c.1)
            .collect::<String>()
    };
    let year = digits(0);
    if year.len() == 8 {
        let (y, m, d) = (&year[..4], &year[4..6], &year[6..]);
        return valid_date(y, m, d).map(|date| (8, date));
    }
    if year.len() != 4 {
        return None;
    }
    let sep = chars.get(4)?.1;
    let (month_sep, day_end): (&[char], Option<char>) = match sep {
        '-' | '.' | '/' => (&['-', '.', '/'], None),
        '年' => (&['月'], Some('日')),
        _ => return None,
    };
    let month = digits(5);
    if month.is_empty() || month.len() > 2 {
        return None;
    }
    let after_month = 5 + month.len();
    let sep2 = chars.get(after_month)?.1;
    if !month_sep.contains(&sep2) || (sep != '年' && sep2 != sep) {
        return None;
    }
    let day = digits(after_month + 1);
    if day.is_empty() || day.len() > 2 {
        return None;
    }
    let mut len = after_month + 1 + day.len();
    if let Some(end) = day_end {
        if chars.get(len).map(|c| c.1) == Some(end) || chars.get(len).map(|c| c.1) == Some('号') {
            len += 1;
        }
    }
    valid_date(&year, &month, &day).map(|date| (len, date))
}

fn valid_date(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1990..=2100).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The organiser: what follows 主办：/主办方：/主办单位：, or the word before "主办".
fn find_organiser(text: &str) -> String {
    let stops = |c: char| c.is_whitespace() || "|,，、;；_()（）【】[]".contains(c);
    let Some(at) = text.find("主办") else {
        return String::new();
    };
    let after = &text[at + "主办".len()..];
    let after = after
        .strip_prefix("单位")
        .or_else(|| after.strip_prefix("方"))
        .unwrap_or(after);
    if let Some(rest) = after.strip_prefix([':', '：']) {
        let rest = rest.trim_start();
        let end = rest.find(stops).unwrap_or(rest.len());
        return rest[..end].to_string();
    }
    let before = &text[..at];
    let start = before.rfind(stops).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    remove_dates(&before[start..]).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<KnownEvent<'static>> {
        vec![
            KnownEvent {
                id: 1,
                name: "金融科技峰会",
                date: "2025-11-20",
            },
            KnownEvent {
                id: 2,
                name: "金融科技峰会",
                date: "2026-11-20",
            },
            KnownEvent {
                id: 3,
                name: "华东区域沙龙",
                date: "2026-05-10",
            },
            KnownEvent {
                id: 4,
                name: "华东区域沙龙·杭州",
                date: "2026-06-10",
            },
        ]
    }

    fn banner(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_longest_name_found_wins() {
        assert_eq!(
            event_from_file(&known(), "华东区域沙龙·杭州 签到表.xlsx", &[]),
            EventFromFile::Named { id: 4 }
        );
        assert_eq!(
            event_from_file(&known(), "签到.xlsx", &banner(&["华东区域 沙龙 签到表"])),
            EventFromFile::Named { id: 3 }
        );
    }

    #[test]
    fn a_shared_name_is_told_apart_by_date_or_year_or_left_to_the_user() {
        let e = known();
        assert_eq!(
            event_from_file(&e, "金融科技峰会_2026-11-20.xlsx", &[]),
            EventFromFile::Named { id: 2 }
        );
        assert_eq!(
            event_from_file(&e, "2025金融科技峰会名单.csv", &[]),
            EventFromFile::Named { id: 1 }
        );
        assert_eq!(
            event_from_file(&e, "金融科技峰会名单.csv", &[]),
            EventFromFile::Ambiguous { ids: vec![1, 2] }
        );
    }

    #[test]
    fn an_unknown_event_is_proposed_from_the_banner() {
        let found = event_from_file(
            &known(),
            "export (1).xlsx",
            &banner(&[
                "2026 数字银行论坛 签到表",
                "时间：2026年12月3日",
                "主办单位：中国银行业协会",
            ]),
        );
        assert_eq!(
            found,
            EventFromFile::New(ProposedEvent {
                name: "2026 数字银行论坛".into(),
                date: Some("2026-12-03".into()),
                organiser: "中国银行业协会".into(),
            })
        );
    }

    #[test]
    fn an_unknown_event_is_proposed_from_the_file_name() {
        let proposed = |file: &str| match event_from_file(&known(), file, &[]) {
            EventFromFile::New(p) => p,
            other => panic!("{file}: {other:?}"),
        };
        assert_eq!(
            proposed("信通院主办_数据安全大会_20261015_报名表 - 副本.xlsx"),
            ProposedEvent {
                name: "数据安全大会".into(),
                date: Some("2026-10-15".into()),
                organiser: "信通院".into(),
            }
        );
        let p = proposed("Copy of CIO Dinner 2026.03.05 attendees.csv");
        assert_eq!(
            (p.name.as_str(), p.date.as_deref(), p.organiser.as_str()),
            ("CIO Dinner", Some("2026-03-05"), "")
        );
        let p = proposed("2026 数字人民币论坛（深圳站）报名名单（导出时间：2026-11-20）.csv");
        assert_eq!(
            (p.name.as_str(), p.date.as_deref()),
            ("2026 数字人民币论坛（深圳站）", Some("2026-11-20"))
        );
        // Nothing but list words: the file name is the best there is.
        assert_eq!(proposed("报名表.xlsx").name, "报名表");
        // Not a date: 2026-13-01, a phone-like run of digits.
        assert_eq!(proposed("峰会 2026-13-01.xlsx").date, None);
        assert_eq!(proposed("峰会 13812345678.xlsx").date, None);
    }
}
