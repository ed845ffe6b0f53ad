//! Organisers' offers from a spreadsheet (the list a marketer keeps of this year's invitations):
//! the header found past banners, columns mapped by their Chinese or English names, each row
//! read as a candidate and scored, problems named per row; saved as candidates on request.

use std::path::Path;

use marketdesk_core::{EventKind, Lang};
use marketdesk_sheets::{detect_header, normalize_header, Cell};
use serde::Serialize;

use crate::error::{ApiError, ToApi};
use crate::event_draft::EventDraft;
use crate::event_page::score_read;
use crate::events::{ScoreSummary, Scoring};
use crate::Session;

/// One column of an offers sheet: the draft field it fills and the headers that name it.
struct Column {
    field: Field,
    words: &'static [&'static str],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Kind,
    Organiser,
    Date,
    City,
    Cost,
    Size,
    Industries,
    Business,
    Technology,
    Compliance,
    Procurement,
    DecisionMakers,
    Talk,
    Booth,
    Roundtable,
    Award,
    List,
    Competitors,
    Rating,
    Notes,
}

const COLUMNS: &[Column] = &[
    Column {
        field: Field::Name,
        words: &[
            "活动名称",
            "会议名称",
            "活动",
            "会议",
            "名称",
            "event",
            "name",
        ],
    },
    Column {
        field: Field::Kind,
        words: &["类型", "活动类型", "会议类型", "形式", "type", "kind"],
    },
    Column {
        field: Field::Organiser,
        words: &["主办方", "主办", "主办单位", "organiser", "organizer"],
    },
    Column {
        field: Field::Date,
        words: &["日期", "时间", "举办日期", "会议时间", "活动日期", "date"],
    },
    Column {
        field: Field::City,
        words: &["城市", "地点", "举办地", "city"],
    },
    Column {
        field: Field::Cost,
        words: &["费用", "赞助费", "报价", "价格", "金额", "cost", "price"],
    },
    Column {
        field: Field::Size,
        words: &["规模", "人数", "预计人数", "参会人数", "size", "attendees"],
    },
    Column {
        field: Field::Industries,
        words: &["行业", "参会行业", "industries", "industry"],
    },
    Column {
        field: Field::Business,
        words: &["业务部门占比", "业务部门", "business"],
    },
    Column {
        field: Field::Technology,
        words: &["科技部门占比", "科技部门", "it部门占比", "technology"],
    },
    Column {
        field: Field::Compliance,
        words: &["合规部门占比", "合规部门", "compliance"],
    },
    Column {
        field: Field::Procurement,
        words: &["采购部门占比", "采购部门", "procurement"],
    },
    Column {
        field: Field::DecisionMakers,
        words: &["决策层占比", "决策层", "decision makers", "decision-makers"],
    },
    Column {
        field: Field::Talk,
        words: &[
            "发言时长",
            "发言",
            "演讲时长",
            "演讲",
            "talk",
            "talk minutes",
        ],
    },
    Column {
        field: Field::Booth,
        words: &["展台", "展位", "booth"],
    },
    Column {
        field: Field::Roundtable,
        words: &["圆桌", "roundtable"],
    },
    Column {
        field: Field::Award,
        words: &["奖项", "award"],
    },
    Column {
        field: Field::List,
        words: &["参会名单", "名单", "attendee list"],
    },
    Column {
        field: Field::Competitors,
        words: &["竞品", "竞品数量", "竞品销售", "competitors"],
    },
    Column {
        field: Field::Rating,
        words: &["主办方资源", "主办方评分", "资源评分", "rating"],
    },
    Column {
        field: Field::Notes,
        words: &["备注", "说明", "notes", "note"],
    },
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferRow {
    /// The row number Excel shows.
    pub line: usize,
    pub name: String,
    pub kind_label: String,
    pub date: String,
    pub score: Option<ScoreSummary>,
    /// Why the row cannot be scored; None when it can.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredOffers {
    pub file: String,
    /// The header cells understood, and those left aside.
    pub mapped: Vec<String>,
    pub ignored: Vec<String>,
    /// Best first; rows with a problem last.
    pub rows: Vec<OfferRow>,
    /// Candidates added (with `save`), skipping offers already in the workspace by name and date.
    pub saved: usize,
}

/// `峰会`, `行业论坛`, `闭门沙龙`, `Webinar`… as a kind code; None when no word says.
fn kind_code(text: &str) -> Option<&'static str> {
    let t = normalize_header(text);
    let rules: [(&[&str], EventKind); 8] = [
        (&["自办沙龙"], EventKind::SelfHostedSalon),
        (&["自办", "客户大会", "用户大会"], EventKind::SelfHosted),
        (&["直播", "线上", "webinar", "online"], EventKind::Webinar),
        (&["培训", "授课", "training"], EventKind::Training),
        (&["博览", "展会", "展销", "expo", "fair"], EventKind::Expo),
        (&["峰会", "大会", "summit"], EventKind::Summit),
        (&["沙龙", "salon", "闭门"], EventKind::Salon),
        (&["论坛", "研讨", "forum", "seminar"], EventKind::Forum),
    ];
    rules
        .iter()
        .find(|(words, _)| words.iter().any(|w| t.contains(w)))
        .map(|(_, k)| k.code())
}

/// `是`, `有`, `√`, `Y`, `1` as yes.
fn yes(text: &str) -> bool {
    matches!(
        normalize_header(text).as_str(),
        "是" | "有" | "√" | "✓" | "y" | "yes" | "1" | "true" | "提供"
    )
}

/// `30`, `30分钟`, `2小时`, `1.5h` as minutes, as text the draft reads.
fn minutes(text: &str) -> String {
    let t = normalize_header(text);
    let number: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let Ok(n) = number.parse::<f64>() else {
        return text.trim().to_string();
    };
    let factor = if t.contains("小时") || t.ends_with('h') || t.contains("hour") {
        60.0
    } else {
        1.0
    };
    format!("{}", (n * factor).round() as i64)
}

fn draft_of(row: &[Cell], at: &[(Field, usize)]) -> EventDraft {
    let mut d = EventDraft::default();
    for &(field, col) in at {
        let cell = row.get(col).cloned().unwrap_or(Cell::Empty);
        let text = cell.as_text().trim().to_string();
        let pct = || text.trim_end_matches(['%', '％']).to_string();
        match field {
            Field::Name => d.name = text,
            Field::Kind => d.kind = kind_code(&text).unwrap_or("").to_string(),
            Field::Organiser => d.organiser = text,
            Field::Date => d.date = cell.as_date().map(|day| day.to_string()).unwrap_or(text),
            Field::City => d.city = text,
            Field::Cost => d.cost = text,
            Field::Size => d.expected_size = text,
            Field::Industries => d.industries = text,
            Field::Business => {
                d.departments.insert("business".into(), pct());
            }
            Field::Technology => {
                d.departments.insert("technology".into(), pct());
            }
            Field::Compliance => {
                d.departments.insert("compliance_risk".into(), pct());
            }
            Field::Procurement => {
                d.departments.insert("procurement".into(), pct());
            }
            // One figure for the decision-makers: counted as VP/director, the larger group.
            Field::DecisionMakers => d.seniority.vp_director = pct(),
            Field::Talk => d.talk_minutes = minutes(&text),
            Field::Booth => d.booth = yes(&text),
            Field::Roundtable => d.roundtable = yes(&text),
            Field::Award => d.award = yes(&text),
            Field::List => d.attendee_list = yes(&text),
            Field::Competitors => d.competitors = text,
            Field::Rating => d.organiser_resources = text,
            Field::Notes => d.notes = text,
        }
    }
    d
}

fn no_header(file: &str, lang: Lang) -> ApiError {
    ApiError::new(
        "offers_columns_missing",
        match lang {
            Lang::ZhCn => format!(
                "“{file}”里没有找到活动名称、类型和日期这几列。请确认表头包含“活动名称”“类型”“日期”（或 Event / Type / Date）。"
            ),
            Lang::En => format!(
                "“{file}” has no event name, type and date columns. Make sure the header names them (活动名称 / 类型 / 日期 or Event / Type / Date)."
            ),
        },
    )
}

impl Session {
    /// Scores every offer of a sheet; with `save`, adds the valid ones as candidates.
    pub fn score_offers_file(&self, path: &Path, save: bool) -> crate::Result<ScoredOffers> {
        let lang = self.lang();
        let file = crate::sheet_file::file_name(path);
        let cells = crate::sheet_file::first_sheet_rows(path, lang)?;
        let synonyms: Vec<&[&str]> = COLUMNS.iter().map(|c| c.words).collect();
        let header = detect_header(&cells, &synonyms).ok_or_else(|| no_header(&file, lang))?;
        let mut at: Vec<(Field, usize)> = Vec::new();
        for c in COLUMNS {
            let wanted: Vec<String> = c.words.iter().map(|w| normalize_header(w)).collect();
            if let Some(i) = header.columns.iter().enumerate().position(|(i, h)| {
                wanted.contains(&normalize_header(h)) && !at.iter().any(|(_, used)| *used == i)
            }) {
                at.push((c.field, i));
            }
        }
        let has = |f: Field| at.iter().any(|(g, _)| *g == f);
        if !(has(Field::Name) && has(Field::Kind) && has(Field::Date)) {
            return Err(no_header(&file, lang));
        }
        let mapped_cols: Vec<usize> = at.iter().map(|(_, i)| *i).collect();
        let (mapped, ignored): (Vec<_>, Vec<_>) = header
            .columns
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.is_empty())
            .partition(|(i, _)| mapped_cols.contains(i));

        let mut store = self.store();
        let events = store.list_events().user(lang)?;
        let scoring = Scoring::load(&store, &events).user(lang)?;
        let mut rows = Vec::new();
        let mut keep = Vec::new();
        for (i, row) in cells.iter().enumerate().skip(header.row + 1) {
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            let draft = draft_of(row, &at);
            let line = i + 1;
            let kind_label = EventKind::from_code(&draft.kind)
                .map(|k| k.name(lang).to_string())
                .unwrap_or_default();
            match draft.read(lang) {
                Ok(read) => {
                    let s = score_read(&read, &events, &scoring);
                    rows.push(OfferRow {
                        line,
                        name: read.event.name.clone(),
                        kind_label,
                        date: read.event.starts_on.to_string(),
                        score: Some(ScoreSummary::new(&s, lang)),
                        problem: None,
                    });
                    keep.push((read, s));
                }
                Err(e) => rows.push(OfferRow {
                    line,
                    name: draft.name.clone(),
                    kind_label,
                    date: draft.date.clone(),
                    score: None,
                    problem: Some(e.message),
                }),
            }
        }
        let mut saved = 0;
        if save {
            for (read, s) in keep {
                let date = read.event.starts_on.to_string();
                if events
                    .iter()
                    .any(|e| e.name == read.event.name && e.starts_on == date)
                {
                    continue;
                }
                store
                    .create_event(&marketdesk_store::NewEvent {
                        status: marketdesk_core::EventStatus::Candidate,
                        forecast: Some(marketdesk_store::Forecast::of(&s)),
                        ..read.event
                    })
                    .user(lang)?;
                saved += 1;
            }
        }
        rows.sort_by(|a, b| {
            let total = |r: &OfferRow| r.score.as_ref().map(|s| s.total);
            total(b)
                .partial_cmp(&total(a))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.line.cmp(&b.line))
        });
        Ok(ScoredOffers {
            file,
            mapped: mapped.into_iter().map(|(_, h)| h.clone()).collect(),
            ignored: ignored.into_iter().map(|(_, h)| h.clone()).collect(),
            rows,
            saved,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_minutes_as_people_write_them() {
        assert_eq!(kind_code("行业论坛"), Some("forum"));
        assert_eq!(kind_code("闭门沙龙"), Some("salon"));
        assert_eq!(kind_code("客户大会（自办）"), Some("self_hosted"));
        assert_eq!(kind_code("金融科技峰会"), Some("summit"));
        assert_eq!(kind_code("线上直播"), Some("webinar"));
        assert_eq!(kind_code("聚餐"), None);
        assert_eq!(minutes("2小时"), "120");
        assert_eq!(minutes("30分钟"), "30");
        assert_eq!(minutes("1.5h"), "90");
        assert!(yes("有") && yes("√") && !yes("无") && !yes(""));
    }

    #[test]
    fn a_sheet_of_offers_is_scored_and_saved_once() {
        let dir = tempfile::tempdir().expect("dir");
        let s = Session::open_default(&dir.path().join("w.marketdesk"), None, Lang::ZhCn)
            .expect("demo");
        let path = dir.path().join("2027 邀约.csv");
        std::fs::write(
            &path,
            "2027 年活动邀约汇总\n\
             活动名称,类型,主办方,日期,费用,人数,行业,科技部门占比,业务部门占比,决策层占比,发言时长,展台,竞品\n\
             城商行 CIO 闭门会,闭门沙龙,华东金融俱乐部,2027-04-15,3万,30,银行,60%,20%,45%,45分钟,无,0\n\
             金融科技大会,峰会,组委会,2027-06-20,28万,800,银行、保险、制造、零售,15,20,15,20分钟,有,12\n\
             没有日期的会,论坛,某媒体,,5万,100,银行,50,20,30,30,有,1\n",
        )
        .expect("write");
        let offers = s.score_offers_file(&path, false).expect("scored");
        assert_eq!(offers.rows.len(), 3);
        assert_eq!(offers.rows[0].name, "城商行 CIO 闭门会", "best first");
        assert_eq!(
            offers.rows[0]
                .score
                .as_ref()
                .map(|s| s.recommendation.as_str()),
            Some("strong")
        );
        assert_eq!(
            offers.rows[1]
                .score
                .as_ref()
                .map(|s| s.recommendation.as_str()),
            Some("once_per_year")
        );
        let bad = &offers.rows[2];
        assert_eq!(bad.line, 5);
        assert!(
            bad.problem.as_deref().unwrap_or("").contains("日期"),
            "{bad:?}"
        );
        let saved = s.score_offers_file(&path, true).expect("saved");
        assert_eq!(saved.saved, 2);
        assert_eq!(
            s.score_offers_file(&path, true).expect("again").saved,
            0,
            "not twice"
        );
    }
}
