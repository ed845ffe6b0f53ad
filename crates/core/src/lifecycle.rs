//! A lead's lifecycle: lead → MQL → SQL → opportunity → won/lost, with recycling back to
//! marketing. The stages and which moves between them are allowed live here; every move is a
//! [`Transition`] kept in a [`History`] that can only grow.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Lang, Noun, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 线索: known, not yet qualified.
    Lead,
    /// 市场合格线索: met the MQL rule, or marked so by hand.
    Mql,
    /// 销售合格线索: sales accepted it.
    Sql,
    /// 商机: an opportunity exists in the CRM.
    Opportunity,
    /// 赢单.
    Won,
    /// 输单 (or disqualified).
    Lost,
    /// 回收: back to marketing for nurturing (sales declined, or the follow-up deadline passed).
    Recycled,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Lead,
        Stage::Mql,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Won,
        Stage::Lost,
        Stage::Recycled,
    ];

    /// The stages a funnel counts, in order.
    pub const FUNNEL: [Stage; 5] = [
        Stage::Lead,
        Stage::Mql,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Won,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Mql => "mql",
            Stage::Sql => "sql",
            Stage::Opportunity => "opportunity",
            Stage::Won => "won",
            Stage::Lost => "lost",
            Stage::Recycled => "recycled",
        }
    }

    pub fn from_code(code: &str) -> Result<Stage> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::LeadStage,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Stage::Lead => lang.pick("线索", "Lead"),
            Stage::Mql => lang.pick("MQL", "MQL"),
            Stage::Sql => lang.pick("SQL", "SQL"),
            Stage::Opportunity => lang.pick("商机", "Opportunity"),
            Stage::Won => lang.pick("赢单", "Won"),
            Stage::Lost => lang.pick("输单", "Lost"),
            Stage::Recycled => lang.pick("回收培育", "Recycled"),
        }
    }

    /// How far down the funnel this stage is: lead 0, MQL 1, SQL 2, opportunity 3, won 4. Lost
    /// and recycled are not funnel steps: they keep whatever the lead had reached before.
    pub fn funnel_rank(self) -> Option<u8> {
        match self {
            Stage::Lead => Some(0),
            Stage::Mql => Some(1),
            Stage::Sql => Some(2),
            Stage::Opportunity => Some(3),
            Stage::Won => Some(4),
            Stage::Lost | Stage::Recycled => None,
        }
    }

    /// Won and lost close the lead's current round.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }
}

/// Why a lead moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The MQL rule fired on a rescoring.
    Rule,
    /// Someone chose it (one lead or a bulk move on a filtered list).
    Manual,
    /// A deals file from the CRM said so.
    DealImport,
    /// The follow-up deadline passed without the attempts the SLA asks for: back to the pool.
    SlaExpired,
    /// An import or a move was undone: back to the stage before it.
    Undo,
}

impl Cause {
    pub const ALL: [Cause; 5] = [
        Cause::Rule,
        Cause::Manual,
        Cause::DealImport,
        Cause::SlaExpired,
        Cause::Undo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Cause::Rule => "rule",
            Cause::Manual => "manual",
            Cause::DealImport => "deal_import",
            Cause::SlaExpired => "sla_expired",
            Cause::Undo => "undo",
        }
    }

    pub fn from_code(code: &str) -> Result<Cause> {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or_else(|| CoreError::UnknownCode {
                what: Noun::LeadStage,
                value: code.into(),
            })
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Cause::Rule => lang.pick("MQL 规则", "MQL rule"),
            Cause::Manual => lang.pick("手动", "By hand"),
            Cause::DealImport => lang.pick("CRM 导入", "CRM import"),
            Cause::SlaExpired => lang.pick("跟进超时", "Follow-up overdue"),
            Cause::Undo => lang.pick("撤销", "Undone"),
        }
    }
}

/// Whether a lead may move from `from` to `to` for `cause`. Moves follow the funnel, may skip
/// steps forward (a CRM deal for a lead nobody marked SQL), and go back only by recycling, by a
/// lost deal revived, or by undoing. Won is final except for an undo.
pub fn check(from: Stage, to: Stage, cause: Cause) -> Result<()> {
    use Stage::*;
    let allowed = match cause {
        // An undo restores whatever stage the lead had before the move it undoes.
        Cause::Undo => from != to,
        // The rule only ever promotes a lead (or a recycled one) to MQL.
        Cause::Rule => to == Mql && matches!(from, Lead | Recycled),
        // The pool takes back qualified leads nobody followed up.
        Cause::SlaExpired => to == Recycled && matches!(from, Mql | Sql),
        Cause::Manual | Cause::DealImport => match (from, to) {
            (Won, _) => false,
            (a, b) if a == b => false,
            (Lead | Recycled, Mql | Sql | Opportunity | Lost) => true,
            (Lead, Recycled) => true,
            (Mql, Sql | Opportunity | Lost | Recycled) => true,
            (Sql, Opportunity | Lost | Recycled) => true,
            (Opportunity, Won | Lost | Recycled) => true,
            // A lost deal revived, or handed back to marketing.
            (Lost, Opportunity | Recycled) => true,
            _ => false,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(CoreError::StageChange { from, to })
    }
}

/// One move of a lead, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    /// When, as RFC 3339 text (UTC with offset), so moves sort as written.
    pub at: String,
    /// Who: a team member's name, or the source ("MQL 规则", a file name).
    pub by: String,
    pub cause: Cause,
    /// The reason in words: the rule's figures, the deal's name, the user's note.
    pub reason: String,
}

/// When a lead got where it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Milestones<'a> {
    /// The first time each funnel stage was reached (index = funnel rank; index 0, lead, is
    /// always None: a lead is a lead from its first touch). A jump (a CRM deal for a lead nobody
    /// marked SQL) reaches the stages it skipped at the same moment.
    pub reached: [Option<&'a str>; 5],
    /// The first move to MQL itself (by the rule or by hand): the MQLs a conversion rate from
    /// MQL counts. A lead a deal jumped past MQL reached it, but nobody qualified it.
    pub qualified: Option<&'a str>,
}

/// A lead's moves, oldest first. It only grows: a move that is not allowed is refused and
/// leaves it as it was, and an undo is a new move, not an erasure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    moves: Vec<Transition>,
}

impl History {
    /// A history read back from storage, trusted as recorded.
    pub fn from_recorded(moves: Vec<Transition>) -> History {
        History { moves }
    }

    pub fn moves(&self) -> &[Transition] {
        &self.moves
    }

    /// Where the lead is now: lead when it never moved.
    pub fn stage(&self) -> Stage {
        self.moves.last().map_or(Stage::Lead, |t| t.to)
    }

    /// The furthest funnel stage the lead reached (a jump counts the steps it skipped).
    pub fn reached(&self) -> Stage {
        let m = self.milestones().reached;
        let rank = (1..Stage::FUNNEL.len())
            .rev()
            .find(|&r| m[r].is_some())
            .unwrap_or(0);
        Stage::FUNNEL[rank]
    }

    /// When the lead first reached each funnel stage, and when it was first qualified as an MQL
    /// itself. An undo takes back what the undone moves reached: the milestones return to what
    /// they were when the lead was last at the stage restored.
    pub fn milestones(&self) -> Milestones<'_> {
        let mut now = Milestones::default();
        // (stage, milestones) after every move, to return to on an undo.
        let mut seen: Vec<(Stage, Milestones<'_>)> = vec![(Stage::Lead, now)];
        for t in &self.moves {
            if t.cause == Cause::Undo {
                if let Some((_, before)) = seen.iter().rev().find(|(s, _)| *s == t.to) {
                    now = *before;
                }
            } else if let Some(rank) = t.to.funnel_rank() {
                for slot in now.reached.iter_mut().take(rank as usize + 1).skip(1) {
                    slot.get_or_insert(t.at.as_str());
                }
                if t.to == Stage::Mql {
                    now.qualified.get_or_insert(t.at.as_str());
                }
            }
            seen.push((t.to, now));
        }
        now
    }

    /// Records a move from the current stage to `to`, or refuses it.
    pub fn apply(
        &mut self,
        to: Stage,
        cause: Cause,
        at: &str,
        by: &str,
        reason: &str,
    ) -> Result<&Transition> {
        let from = self.stage();
        check(from, to, cause)?;
        self.moves.push(Transition {
            from,
            to,
            at: at.into(),
            by: by.into(),
            cause,
            reason: reason.into(),
        });
        Ok(self.moves.last().expect("just pushed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()).expect("stage"), s);
        }
        for c in Cause::ALL {
            assert_eq!(Cause::from_code(c.code()).expect("cause"), c);
        }
        assert!(Stage::from_code("customer").is_err());
    }

    #[test]
    fn the_funnel_moves_forward_and_won_is_final() {
        let mut h = History::default();
        h.apply(
            Stage::Mql,
            Cause::Rule,
            "2026-01-01T00:00:00+00:00",
            "规则",
            "A 级 · 62 分",
        )
        .expect("mql");
        h.apply(
            Stage::Sql,
            Cause::Manual,
            "2026-01-03T00:00:00+00:00",
            "王芳",
            "",
        )
        .expect("sql");
        h.apply(
            Stage::Opportunity,
            Cause::DealImport,
            "2026-02-01T00:00:00+00:00",
            "deals.xlsx",
            "",
        )
        .expect("opp");
        h.apply(
            Stage::Won,
            Cause::DealImport,
            "2026-03-01T00:00:00+00:00",
            "deals.xlsx",
            "",
        )
        .expect("won");
        let refused = h.apply(
            Stage::Lost,
            Cause::Manual,
            "2026-03-02T00:00:00+00:00",
            "王芳",
            "",
        );
        assert!(matches!(refused, Err(CoreError::StageChange { .. })));
        assert_eq!(h.stage(), Stage::Won);
        assert_eq!(h.moves().len(), 4);
        h.apply(
            Stage::Opportunity,
            Cause::Undo,
            "2026-03-03T00:00:00+00:00",
            "王芳",
            "撤销导入",
        )
        .expect("undo");
        assert_eq!(h.stage(), Stage::Opportunity);
        assert_eq!(
            h.reached(),
            Stage::Opportunity,
            "the undone win is taken back"
        );
        assert_eq!(
            h.milestones().reached,
            [
                None,
                Some("2026-01-01T00:00:00+00:00"),
                Some("2026-01-03T00:00:00+00:00"),
                Some("2026-02-01T00:00:00+00:00"),
                None
            ]
        );
        assert_eq!(h.moves().len(), 5, "the win and its undo are both kept");
    }

    #[test]
    fn the_rule_only_promotes_and_the_pool_only_takes_qualified_leads() {
        assert!(check(Stage::Lead, Stage::Mql, Cause::Rule).is_ok());
        assert!(check(Stage::Recycled, Stage::Mql, Cause::Rule).is_ok());
        assert!(check(Stage::Sql, Stage::Mql, Cause::Rule).is_err());
        assert!(check(Stage::Lead, Stage::Recycled, Cause::SlaExpired).is_err());
        assert!(check(Stage::Mql, Stage::Recycled, Cause::SlaExpired).is_ok());
        assert!(check(Stage::Mql, Stage::Mql, Cause::Manual).is_err());
    }

    #[test]
    fn a_jump_counts_the_steps_it_skipped() {
        let mut h = History::default();
        h.apply(
            Stage::Opportunity,
            Cause::DealImport,
            "2026-02-01T00:00:00+00:00",
            "crm",
            "",
        )
        .expect("jump");
        assert_eq!(h.reached(), Stage::Opportunity);
        assert_eq!(
            h.milestones().reached[1],
            Some("2026-02-01T00:00:00+00:00"),
            "MQL reached by the jump"
        );
        assert_eq!(
            h.milestones().qualified,
            None,
            "reached, but nobody qualified it"
        );
        h.apply(
            Stage::Lost,
            Cause::DealImport,
            "2026-02-09T00:00:00+00:00",
            "crm",
            "",
        )
        .expect("lost");
        assert_eq!(
            h.reached(),
            Stage::Opportunity,
            "lost keeps what was reached"
        );
    }

    fn any_stage() -> impl Strategy<Value = Stage> {
        (0usize..Stage::ALL.len()).prop_map(|i| Stage::ALL[i])
    }

    fn any_cause() -> impl Strategy<Value = Cause> {
        (0usize..Cause::ALL.len()).prop_map(|i| Cause::ALL[i])
    }

    proptest! {
        /// Whatever is tried, in any order: refused moves change nothing, accepted moves are
        /// appended, and no earlier move is ever altered or dropped.
        #[test]
        fn history_is_never_lost(tries in proptest::collection::vec((any_stage(), any_cause()), 0..60)) {
            let mut h = History::default();
            let mut accepted = Vec::new();
            for (i, (to, cause)) in tries.into_iter().enumerate() {
                let before = h.clone();
                let at = format!("2026-01-01T00:00:{:02}+00:00", i % 60);
                match h.apply(to, cause, &at, "test", "") {
                    Ok(t) => accepted.push(t.clone()),
                    Err(_) => prop_assert_eq!(&h, &before),
                }
                prop_assert_eq!(h.moves(), &accepted[..]);
                prop_assert_eq!(h.stage(), accepted.last().map_or(Stage::Lead, |t| t.to));
                for pair in h.moves().windows(2) {
                    prop_assert_eq!(pair[0].to, pair[1].from, "moves chain");
                }
            }
        }
    }
}
