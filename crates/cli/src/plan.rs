//! Read-only views of the current plan: `plan show`, `plan roi`, `plan regions`.

use marketdesk_api::{ApiError, BudgetOverview, RegionsView, RoiView};
use marketdesk_core::Lang;

use crate::ctx::{fen, or_dash, signed, yuan, Ctx};
use crate::table::Table;

pub fn print_plan(o: &BudgetOverview, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let Some(plan) = &o.plan else {
        println!("{}", ApiError::no_plan(lang).message);
        return;
    };
    println!(
        "{} · {} · {} {} · {} {}",
        plan.name,
        match lang {
            Lang::ZhCn => format!("第 {} 版", plan.version),
            Lang::En => format!("version {}", plan.version),
        },
        l("总预算", "Total"),
        plan.total.yuan,
        l("已分配", "Allocated"),
        o.allocated.yuan
    );
    let mut t = Table::new(&[
        l("渠道", "Channel"),
        l("占比", "Share"),
        l("预算", "Budget"),
        l("已列预算项", "Tactics"),
    ]);
    for c in &o.channels {
        t.row(vec![
            c.name.clone(),
            c.share.clone(),
            c.budget.yuan.clone(),
            c.tactics_total.yuan.clone(),
        ]);
    }
    t.print();
    for b in &o.breaches {
        let mark = if b.warning { "!" } else { "·" };
        println!("{mark} {}", b.message);
    }
    // Overspend rolled up: every channel, quarter and region with an overspent tactic.
    let groups = [
        (l("渠道", "Channel"), &o.tracking),
        (l("季度", "Quarter"), &o.tracking_by_quarter),
        (l("区域", "Region"), &o.tracking_by_region),
    ];
    for (by, rows) in groups {
        for r in rows.iter().filter(|r| r.overspent_count > 0) {
            match lang {
                Lang::ZhCn => println!(
                    "! 超支（按{by}）{}：{}，{} 项；剩余 {}",
                    r.name, r.overspent.yuan, r.overspent_count, r.remaining.yuan
                ),
                Lang::En => println!(
                    "! Overspent (by {}) {}: {} in {}; remaining {}",
                    by.to_lowercase(),
                    r.name,
                    r.overspent.yuan,
                    r.overspent_count,
                    r.remaining.yuan
                ),
            }
        }
    }
}

/// `plan roi`: the forecast per channel from its tactics' expected outputs.
pub fn roi(o: &BudgetOverview, ctx: Ctx) -> Result<(), ApiError> {
    ctx.plan(o)?;
    ctx.emit(&o.roi, |rows| print_roi(rows, ctx))
}

fn print_roi(rows: &[RoiView], ctx: Ctx) {
    let mut t = Table::new(&[
        ctx.l("渠道", "Channel"),
        ctx.l("成本", "Cost"),
        ctx.l("线索", "Leads"),
        "MQL",
        "SQL",
        ctx.l("单条线索成本", "Per lead"),
        ctx.l("单个 SQL 成本", "Per SQL"),
        ctx.l("回报倍数", "Multiple"),
    ]);
    for r in rows {
        t.row(vec![
            r.name.clone(),
            r.cost.yuan.clone(),
            r.expected.leads.to_string(),
            r.expected.mql.to_string(),
            r.expected.sql.to_string(),
            or_dash(r.cost_per_lead.as_ref()),
            or_dash(r.cost_per_sql.as_ref()),
            r.multiple.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    t.print();
}

/// `plan regions`: each region's ask against its top-down share of the total.
pub fn regions(o: &BudgetOverview, ctx: Ctx) -> Result<(), ApiError> {
    ctx.plan(o)?;
    let regions = o
        .regions
        .as_ref()
        .ok_or_else(|| ApiError::no_plan(ctx.lang))?;
    ctx.emit(regions, |r| print_regions(r, ctx))
}

fn print_regions(r: &RegionsView, ctx: Ctx) {
    match ctx.lang {
        Lang::ZhCn => println!("自上而下权重 {}%", r.top_down_weight),
        Lang::En => println!("Top-down weight {}%", r.top_down_weight),
    }
    let mut t = Table::new(&[
        ctx.l("区域", "Region"),
        ctx.l("去年贡献", "Last year"),
        ctx.l("承诺", "Commitment"),
        ctx.l("自上而下", "Top-down"),
        ctx.l("综合", "Blended"),
        ctx.l("差额", "Difference"),
    ]);
    for row in &r.rows {
        t.row(vec![
            row.region.clone(),
            row.last_year.yuan.clone(),
            row.commitment.yuan.clone(),
            row.top_down.yuan.clone(),
            row.blended.yuan.clone(),
            signed(&row.difference),
        ]);
    }
    let sum = |f: fn(&marketdesk_api::RegionView) -> i64| r.rows.iter().map(f).sum::<i64>();
    let difference = sum(|row| fen(&row.difference));
    t.row(vec![
        ctx.l("合计", "Total").into(),
        r.last_year.yuan.clone(),
        r.commitments.yuan.clone(),
        yuan(sum(|row| fen(&row.top_down))),
        yuan(sum(|row| fen(&row.blended))),
        if difference > 0 {
            format!("+{}", yuan(difference))
        } else {
            yuan(difference)
        },
    ]);
    t.print();
    let over = fen(&r.commitments_over_total);
    if over != 0 {
        let amount = yuan(over.abs());
        match (ctx.lang, over > 0) {
            (Lang::ZhCn, true) => println!("各区域承诺合计比总预算多 {amount}"),
            (Lang::ZhCn, false) => println!("各区域承诺合计比总预算少 {amount}"),
            (Lang::En, true) => println!("The regions' commitments exceed the total by {amount}"),
            (Lang::En, false) => {
                println!("The regions' commitments fall short of the total by {amount}")
            }
        }
    }
}
