//! Who follows a lead up, as the team dialog edits it: the assignment rules (a region — a
//! province takes its cities — or an industry, tried in order, naming a member) and the
//! follow-up rule (N attempts within D days of hand-over, G days' grace, then the pool).

use marketdesk_core::assignment::{Field, Rule};
use marketdesk_core::followup::Sla;
use marketdesk_core::Lang;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ToApi};

/// One assignment rule as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleView {
    pub field: Field,
    pub field_label: String,
    pub value: String,
    pub member: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutingView {
    /// In the order they are tried.
    pub rules: Vec<RuleView>,
    pub sla: Sla,
    /// "分配后 7 天内跟进 3 次；逾期 3 天仍未完成，线索退回公海。"
    pub sla_sentence: String,
    /// What happens to a lead no rule matches: the sales take turns (or nobody does).
    pub fallback: String,
}

/// A rule as typed: a field code (`region`, `industry`), its value and a member's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RuleForm {
    pub field: String,
    pub value: String,
    pub member: String,
}

/// The follow-up rule as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SlaForm {
    pub attempts: String,
    pub within_days: String,
    pub grace_days: String,
}

/// A number typed into one of the follow-up rule's fields, within `min ..= max`.
fn count_in(text: &str, min: u32, max: u32, field: &str, lang: Lang) -> crate::Result<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            let what = match field {
                "attempts" => lang.pick("跟进次数", "Attempts"),
                "within_days" => lang.pick("跟进期限（天）", "Days to follow up"),
                _ => lang.pick("宽限天数", "Days of grace"),
            };
            ApiError::new(
                "setting_out_of_range",
                match lang {
                    Lang::ZhCn => format!(
                        "{what}填的是“{}”，应是 {min} 到 {max} 之间的整数。",
                        text.trim()
                    ),
                    Lang::En => format!(
                        "{what} is “{}”; enter a whole number from {min} to {max}.",
                        text.trim()
                    ),
                },
            )
            .with_field(field)
        })
}

impl crate::Session {
    pub fn routing(&self) -> crate::Result<RoutingView> {
        let lang = self.lang();
        let store = self.reader();
        let team = store.team().user(lang)?;
        let name_of = |id: i64| {
            team.iter()
                .find(|m| m.id == id)
                .map_or_else(String::new, |m| m.name.clone())
        };
        let sales = team
            .iter()
            .filter(|m| m.active && m.role == marketdesk_store::TeamRole::Sales)
            .count();
        let sla = store.sla().user(lang)?;
        Ok(RoutingView {
            rules: store
                .assignment_rules()
                .user(lang)?
                .into_iter()
                .map(|r| RuleView {
                    field: r.field,
                    field_label: r.field.name(lang).into(),
                    value: r.value,
                    member: name_of(r.member_id),
                })
                .collect(),
            sla_sentence: sla.describe(lang),
            sla,
            fallback: match (sales, lang) {
                (0, Lang::ZhCn) => "没有规则匹配时：团队里还没有销售，线索暂不分配。".into(),
                (0, Lang::En) => {
                    "When no rule matches: there is no salesperson yet, so the lead waits unassigned."
                        .into()
                }
                (n, Lang::ZhCn) => format!("没有规则匹配时：{n} 位销售轮流接手。"),
                (n, Lang::En) => format!("When no rule matches: the {n} sales take turns."),
            },
        })
    }

    /// Replaces the assignment rules, in the order given. Each needs a value and an active
    /// member; a value given twice for one field is refused (only the first would ever match).
    /// Leads already owned keep their owner; new MQLs follow the new rules.
    pub fn save_assignment_rules(&self, forms: &[RuleForm]) -> crate::Result<RoutingView> {
        let lang = self.lang();
        let team = self.reader().team().user(lang)?;
        let mut rules: Vec<Rule> = Vec::with_capacity(forms.len());
        for (i, form) in forms.iter().enumerate() {
            let n = i + 1;
            let field = Field::from_code(form.field.trim())
                .map_err(|e| ApiError::from_err(&e, lang).with_field(&format!("field-{i}")))?;
            let value = form.value.trim();
            if value.is_empty() {
                return Err(ApiError::new(
                    "rule_value_required",
                    match lang {
                        Lang::ZhCn => format!("第 {n} 条规则没有填写{}。", field.name(lang)),
                        Lang::En => format!("Rule {n} has no {}.", field.name(lang).to_lowercase()),
                    },
                )
                .with_field(&format!("value-{i}")));
            }
            if let Some(first) = rules
                .iter()
                .position(|r| r.field == field && r.value == value)
            {
                return Err(ApiError::new(
                    "rule_repeated",
                    match lang {
                        Lang::ZhCn => format!(
                            "第 {n} 条规则与第 {} 条重复（{}“{value}”），只有前一条会生效，请删去一条。",
                            first + 1,
                            field.name(lang)
                        ),
                        Lang::En => format!(
                            "Rule {n} repeats rule {} ({} “{value}”); only the first would apply. Remove one.",
                            first + 1,
                            field.name(lang).to_lowercase()
                        ),
                    },
                )
                .with_field(&format!("value-{i}")));
            }
            let member = team
                .iter()
                .find(|m| m.active && m.name == form.member.trim())
                .ok_or_else(|| {
                    match form.member.trim() {
                        "" => ApiError::new(
                            "rule_member_required",
                            match lang {
                                Lang::ZhCn => format!("第 {n} 条规则没有选择跟进人。"),
                                Lang::En => format!("Rule {n} names nobody to follow up."),
                            },
                        ),
                        name => crate::revenue::unknown_member(name, lang),
                    }
                    .with_field(&format!("member-{i}"))
                })?;
            rules.push(Rule {
                field,
                value: value.to_string(),
                member_id: member.id,
            });
        }
        self.store().set_assignment_rules(&rules).user(lang)?;
        self.routing()
    }

    /// Saves the follow-up rule; the clocks of handed-over leads are read against it at once.
    pub fn save_sla(&self, form: &SlaForm) -> crate::Result<RoutingView> {
        let lang = self.lang();
        let sla = Sla {
            attempts: count_in(&form.attempts, 1, 20, "attempts", lang)?,
            within_days: count_in(&form.within_days, 1, 90, "within_days", lang)?,
            grace_days: count_in(&form.grace_days, 0, 90, "grace_days", lang)?,
        };
        self.store().set_sla(&sla).user(lang)?;
        self.routing()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_session as session;

    fn rule(field: &str, value: &str, member: &str) -> RuleForm {
        RuleForm {
            field: field.into(),
            value: value.into(),
            member: member.into(),
        }
    }

    #[test]
    fn rules_are_saved_in_order_and_a_bad_one_is_refused_with_its_field() {
        let (_dir, s) = session();
        let sales = s
            .team()
            .expect("team")
            .into_iter()
            .find(|m| m.role == marketdesk_store::TeamRole::Sales)
            .expect("the demo has sales")
            .name;
        let before = s.routing().expect("routing").rules;
        let saved = s
            .save_assignment_rules(&[
                rule("region", " 广东 ", &sales),
                rule("industry", "银行", &sales),
            ])
            .expect("saved");
        assert_eq!(
            saved
                .rules
                .iter()
                .map(|r| (r.field, r.value.as_str(), r.member.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (Field::Region, "广东", sales.as_str()),
                (Field::Industry, "银行", sales.as_str())
            ]
        );
        for (forms, field) in [
            (vec![rule("region", "", &sales)], "value-0"),
            (
                vec![
                    rule("region", "广东", &sales),
                    rule("region", "广东", &sales),
                ],
                "value-1",
            ),
            (vec![rule("region", "上海", "")], "member-0"),
            (vec![rule("region", "上海", "不存在的人")], "member-0"),
            (vec![rule("city", "上海", &sales)], "field-0"),
        ] {
            let e = s.save_assignment_rules(&forms).expect_err("refused");
            assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        }
        assert_eq!(
            s.routing().expect("routing").rules.len(),
            2,
            "a refused list leaves the saved one (it was {} before)",
            before.len()
        );
    }

    #[test]
    fn the_follow_up_rule_takes_whole_numbers_in_range() {
        let (_dir, s) = session();
        let saved = s
            .save_sla(&SlaForm {
                attempts: "2".into(),
                within_days: " 5 ".into(),
                grace_days: "0".into(),
            })
            .expect("saved");
        assert_eq!(
            (
                saved.sla.attempts,
                saved.sla.within_days,
                saved.sla.grace_days
            ),
            (2, 5, 0)
        );
        assert!(saved.sla_sentence.contains("5 天内跟进 2 次"));
        for (form, field) in [
            (("0", "5", "0"), "attempts"),
            (("2", "", "0"), "within_days"),
            (("2", "5", "-1"), "grace_days"),
            (("2", "5.5", "0"), "within_days"),
        ] {
            let e = s
                .save_sla(&SlaForm {
                    attempts: form.0.into(),
                    within_days: form.1.into(),
                    grace_days: form.2.into(),
                })
                .expect_err("refused");
            assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        }
        assert_eq!(s.routing().expect("routing").sla.within_days, 5);
    }
}
