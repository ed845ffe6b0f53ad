//! An event as the 活动 form and the CLI send it: text as typed, read into the score's inputs
//! with a sentence next to the field that is wrong.

use std::collections::BTreeMap;

use marketdesk_core::events::{Audience, DepartmentShare, Package, SeniorityMix};
use marketdesk_core::{EventInputs, EventKind, Function, Lang, Money, Share};
use marketdesk_store::NewEvent;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ToApi};

/// What the form holds. Every number is text as typed; blank means "not known", never zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventDraft {
    pub name: String,
    pub kind: String,
    pub organiser: String,
    pub city: String,
    pub region: String,
    pub date: String,
    pub cost: String,
    pub expected_size: String,
    /// Industries, separated by commas or 、.
    pub industries: String,
    /// Function code → percent of the room.
    pub departments: BTreeMap<String, String>,
    pub seniority: SeniorityDraft,
    pub talk_minutes: String,
    pub booth: bool,
    pub roundtable: bool,
    pub award: bool,
    pub attendee_list: bool,
    pub competitors: String,
    /// 1–5; blank is 3.
    pub organiser_resources: String,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeniorityDraft {
    pub c_level: String,
    pub vp_director: String,
    pub manager: String,
    pub staff: String,
}

/// A draft read: the event's fields and the inputs its score reads.
pub(crate) struct ReadDraft {
    pub event: NewEvent,
    pub inputs: EventInputs,
}

fn whole(text: &str, field: &str, default: u32, lang: Lang) -> Result<u32, ApiError> {
    let t = text.trim().replace([',', '，'], "");
    if t.is_empty() {
        return Ok(default);
    }
    t.parse::<u32>()
        .map_err(|_| ApiError::invalid_count(text.trim(), lang).with_field(field))
}

fn percent(text: &str, field: &str, lang: Lang) -> Result<Share, ApiError> {
    if text.trim().is_empty() {
        return Ok(Share::ZERO);
    }
    Share::from_percent_str(text)
        .user(lang)
        .map_err(|e| e.with_field(field))
}

/// An event's name as typed, trimmed; a blank one is asked for.
pub(crate) fn event_name(text: &str, lang: Lang) -> Result<&str, ApiError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(ApiError::new(
            "event_name_missing",
            lang.pick("请填写活动名称。", "Give the event a name.")
                .into(),
        )
        .with_field("name"));
    }
    Ok(name)
}

/// An event's cost as typed (8万, 80,000); blank is "not quoted yet", ¥0, never an error.
pub(crate) fn event_cost(text: &str, lang: Lang) -> Result<Money, ApiError> {
    if text.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    let cost = Money::parse(text)
        .user(lang)
        .map_err(|e| e.with_field("cost"))?;
    if cost.is_negative() {
        return Err(ApiError::from_err(
            &marketdesk_core::CoreError::NegativeAmount {
                what: lang.pick("活动费用", "event cost").into(),
            },
            lang,
        )
        .with_field("cost"));
    }
    Ok(cost)
}

/// Industries as one list however they were separated.
pub(crate) fn split_industries(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl EventDraft {
    /// A draft of an event already stored, for the edit form and for duplicating.
    pub(crate) fn of(row: &marketdesk_store::EventRow) -> EventDraft {
        let inputs = row
            .inputs
            .clone()
            .unwrap_or_else(|| EventInputs::new(row.kind));
        let pct = |s: Share| {
            if s == Share::ZERO {
                String::new()
            } else {
                s.to_string().trim_end_matches('%').to_string()
            }
        };
        let known = row.inputs.is_some();
        EventDraft {
            name: row.name.clone(),
            kind: row.kind.code().into(),
            organiser: row.organiser.clone(),
            city: row.city.clone(),
            region: row.region.clone(),
            date: row.starts_on.clone(),
            cost: if row.cost > Money::ZERO {
                row.cost.format_plain()
            } else {
                String::new()
            },
            expected_size: if known {
                inputs.expected_size.to_string()
            } else if row.target_attendance > 0 {
                row.target_attendance.to_string()
            } else {
                String::new()
            },
            industries: inputs.audience.industries.join("、"),
            departments: inputs
                .audience
                .departments
                .iter()
                .map(|d| (d.function.code().to_string(), pct(d.share)))
                .collect(),
            seniority: SeniorityDraft {
                c_level: pct(inputs.audience.seniority.c_level),
                vp_director: pct(inputs.audience.seniority.vp_director),
                manager: pct(inputs.audience.seniority.manager),
                staff: pct(inputs.audience.seniority.staff),
            },
            talk_minutes: if known {
                inputs.package.talk_minutes.to_string()
            } else {
                String::new()
            },
            booth: inputs.package.booth,
            roundtable: inputs.package.roundtable,
            award: inputs.package.award,
            attendee_list: inputs.package.attendee_list,
            competitors: if known {
                inputs.competitors.to_string()
            } else {
                String::new()
            },
            organiser_resources: inputs.organiser_resources.to_string(),
            notes: row.notes.clone(),
        }
    }

    pub(crate) fn read(&self, lang: Lang) -> Result<ReadDraft, ApiError> {
        let name = event_name(&self.name, lang)?;
        let kind = EventKind::from_code(self.kind.trim())
            .user(lang)
            .map_err(|e| e.with_field("kind"))?;
        if self.date.trim().is_empty() {
            return Err(ApiError::new(
                "event_date_missing",
                lang.pick(
                    "请填写活动日期（可以是预计日期，如 2027-04-15）。",
                    "Enter the event's date (an expected one will do, e.g. 2027-04-15).",
                )
                .into(),
            )
            .with_field("date"));
        }
        let starts_on =
            crate::dates::parse_date(&self.date, lang).map_err(|e| e.with_field("date"))?;
        let cost = event_cost(&self.cost, lang)?;
        let mut departments = Vec::new();
        for (code, text) in &self.departments {
            let field = format!("departments.{code}");
            let function = Function::from_code(code).ok_or_else(|| {
                ApiError::from_err(
                    &marketdesk_core::CoreError::UnknownCode {
                        what: marketdesk_core::Noun::Function,
                        value: code.clone(),
                    },
                    lang,
                )
                .with_field(&field)
            })?;
            let share = percent(text, &field, lang)?;
            if share > Share::ZERO {
                departments.push(DepartmentShare { function, share });
            }
        }
        // Stable order for storage and comparison: the order of Function::ALL.
        departments.sort_by_key(|d| Function::ALL.iter().position(|f| *f == d.function));
        let s = &self.seniority;
        let inputs = EventInputs {
            kind,
            expected_size: whole(
                &self.expected_size,
                "expected_size",
                kind.profile().typical_size,
                lang,
            )?,
            audience: Audience {
                industries: split_industries(&self.industries),
                departments,
                seniority: SeniorityMix {
                    c_level: percent(&s.c_level, "seniority.c_level", lang)?,
                    vp_director: percent(&s.vp_director, "seniority.vp_director", lang)?,
                    manager: percent(&s.manager, "seniority.manager", lang)?,
                    staff: percent(&s.staff, "seniority.staff", lang)?,
                },
            },
            package: Package {
                talk_minutes: whole(&self.talk_minutes, "talk_minutes", 0, lang)?,
                booth: self.booth,
                roundtable: self.roundtable,
                award: self.award,
                attendee_list: self.attendee_list,
            },
            cost,
            competitors: whole(&self.competitors, "competitors", 0, lang)?,
            organiser_resources: whole(&self.organiser_resources, "organiser_resources", 3, lang)?
                .min(255) as u8,
        };
        inputs.validate().map_err(|e| {
            use marketdesk_core::events::EventField as F;
            use marketdesk_core::CoreError as E;
            let field = match &e {
                E::OutOfRange { field, .. } | E::AudienceOverWhole { field, .. } => match field {
                    F::TalkMinutes => "talk_minutes",
                    F::Competitors => "competitors",
                    F::OrganiserResources => "organiser_resources",
                    F::Departments => "departments",
                    F::Seniority => "seniority",
                    _ => "expected_size",
                },
                E::NegativeAmount { .. } => "cost",
                _ => "departments",
            };
            ApiError::from_err(&e, lang).with_field(field)
        })?;
        let today = chrono::Local::now().date_naive();
        Ok(ReadDraft {
            event: NewEvent {
                organiser: self.organiser.trim().into(),
                city: self.city.trim().into(),
                region: self.region.trim().into(),
                cost,
                target_attendance: i64::from(inputs.expected_size),
                notes: self.notes.trim().into(),
                inputs: Some(inputs.clone()),
                ..NewEvent::listed(name, kind, starts_on, today)
            },
            inputs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> EventDraft {
        EventDraft {
            name: "城商行科技沙龙".into(),
            kind: "salon".into(),
            organiser: "华东金融俱乐部".into(),
            date: "2027-04-15".into(),
            cost: "3万".into(),
            expected_size: "40".into(),
            industries: "银行、证券".into(),
            departments: [("technology".to_string(), "60".to_string())].into(),
            seniority: SeniorityDraft {
                c_level: "10".into(),
                vp_director: "30".into(),
                ..SeniorityDraft::default()
            },
            talk_minutes: "45".into(),
            ..EventDraft::default()
        }
    }

    #[test]
    fn a_draft_reads_into_inputs() {
        let read = draft().read(Lang::ZhCn).expect("reads");
        assert_eq!(read.inputs.cost, Money::from_yuan(30_000));
        assert_eq!(read.inputs.audience.industries, ["银行", "证券"]);
        assert_eq!(
            read.inputs.organiser_resources, 3,
            "blank rating is the middle"
        );
        assert_eq!(
            read.inputs
                .audience
                .seniority
                .decision_makers()
                .basis_points(),
            4000
        );
    }

    #[test]
    fn wrong_fields_are_named() {
        let mut d = draft();
        d.expected_size = "4万".into();
        assert_eq!(
            d.read(Lang::ZhCn).err().and_then(|e| e.field),
            Some("expected_size".into())
        );
        let mut d = draft();
        d.seniority.staff = "80".into();
        let err = d.read(Lang::ZhCn).err().expect("over 100%");
        assert_eq!(err.field.as_deref(), Some("seniority"));
        assert!(err.message.contains("120.00%"), "{}", err.message);
        let mut d = draft();
        d.expected_size = "2000000".into();
        let err = d.read(Lang::ZhCn).err().expect("absurd");
        assert_eq!(err.field.as_deref(), Some("expected_size"));
        let mut d = draft();
        d.organiser_resources = "9".into();
        assert_eq!(
            d.read(Lang::ZhCn).err().and_then(|e| e.field),
            Some("organiser_resources".into())
        );
        let mut d = draft();
        d.date = " ".into();
        let err = d.read(Lang::ZhCn).err().expect("no date");
        assert_eq!(err.field.as_deref(), Some("date"));
        assert!(err.message.contains("请填写活动日期"), "{}", err.message);
        let mut d = draft();
        d.name = " ".into();
        assert_eq!(
            d.read(Lang::ZhCn).err().and_then(|e| e.field),
            Some("name".into())
        );
    }

    #[test]
    fn a_stored_event_drafts_back_to_the_same_inputs() {
        let read = draft().read(Lang::ZhCn).expect("reads");
        let mut store = marketdesk_store::Store::open_in_memory().expect("store");
        let id = store.create_event(&read.event).expect("create");
        let row = store.event(id).expect("row");
        let again = EventDraft::of(&row).read(Lang::ZhCn).expect("reads again");
        assert_eq!(again.inputs, read.inputs);
    }
}
