//! Fixtures shared by the store's unit tests.

use marketdesk_core::{Brief, CompanyStage, Emphasis, Lang, Money, Outcomes, Quarters, Template};

use crate::{NewPlan, Store, TacticFields};

/// An in-memory store with a ¥1,000,000 plan on the seed template; returns the plan id.
pub(crate) fn plan_store() -> (Store, i64) {
    plan_store_from(Template::SeedDefault)
}

/// An in-memory store with a ¥1,000,000 plan on `template`; returns the plan id.
pub(crate) fn plan_store_from(template: Template) -> (Store, i64) {
    let mut store = Store::open_in_memory().expect("store");
    let plan = store
        .create_plan(&NewPlan {
            name: "2027 年度计划",
            fiscal_year: 2027,
            total: Money::from_yuan(1_000_000),
            stage: CompanyStage::Growth,
            emphasis: Emphasis::Demand,
            template,
            lang: Lang::ZhCn,
        })
        .expect("plan");
    (store, plan)
}

pub(crate) fn tactic(channel_id: i64, yuan: i64) -> TacticFields {
    TacticFields {
        channel_id,
        name: "峰会".into(),
        owner: String::new(),
        region: String::new(),
        quarters: Quarters::ALL_YEAR,
        starts_on: None,
        planned: Money::from_yuan(yuan),
        expected: Outcomes::default(),
        brief: Brief::default(),
    }
}

pub(crate) fn add_tactic(store: &mut Store, plan: i64, channel_id: i64, yuan: i64) -> i64 {
    store
        .insert_tactic(plan, &tactic(channel_id, yuan))
        .expect("tactic")
}

/// An in-memory store with `n` leads entered directly; returns their ids.
pub(crate) fn store_with_leads(n: usize) -> (Store, Vec<i64>) {
    let store = Store::open_in_memory().expect("store");
    let mut ids = Vec::new();
    for i in 0..n {
        store
            .conn
            .execute(
                "INSERT INTO person (name, mobile, company, created_at) VALUES (?1, ?2, '招商银行', '2026-01-01T00:00:00+00:00')",
                rusqlite::params![format!("测试{i}"), format!("1380000{i:04}")],
            )
            .expect("lead");
        ids.push(store.conn.last_insert_rowid());
    }
    (store, ids)
}
