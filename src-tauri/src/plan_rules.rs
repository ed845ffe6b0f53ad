//! Commands for the plan's own settings: channels, guardrails, regions, quarter split.

use marketdesk_api::{
    BudgetOverview, ChannelForm, GuardrailForm, QuarterSplitForm, RegionForm, Removed,
};
use marketdesk_core::{Guardrail, RegionInput};

use crate::commands::{blocking, Reply, Shared};

#[tauri::command]
pub async fn add_channel(session: Shared<'_>, form: ChannelForm) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.add_channel(&form)).await
}

#[tauri::command]
pub async fn rename_channel(
    session: Shared<'_>,
    channel_id: i64,
    name: String,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.rename_channel(channel_id, &name)).await
}

#[tauri::command]
pub async fn delete_channel(session: Shared<'_>, channel_id: i64) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.delete_channel(channel_id)).await
}

#[tauri::command]
pub async fn save_guardrail(
    session: Shared<'_>,
    guardrail_id: Option<i64>,
    form: GuardrailForm,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.save_guardrail(guardrail_id, &form)).await
}

#[tauri::command]
pub async fn delete_guardrail(session: Shared<'_>, guardrail_id: i64) -> Reply<Removed<Guardrail>> {
    blocking(&session, move |s| s.delete_guardrail(guardrail_id)).await
}

#[tauri::command]
pub async fn restore_guardrail(session: Shared<'_>, rule: Guardrail) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.restore_guardrail(&rule)).await
}

#[tauri::command]
pub async fn save_region(
    session: Shared<'_>,
    region_id: Option<i64>,
    form: RegionForm,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.save_region(region_id, &form)).await
}

#[tauri::command]
pub async fn delete_region(session: Shared<'_>, region_id: i64) -> Reply<Removed<RegionInput>> {
    blocking(&session, move |s| s.delete_region(region_id)).await
}

#[tauri::command]
pub async fn restore_region(session: Shared<'_>, region: RegionInput) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.restore_region(&region)).await
}

#[tauri::command]
pub async fn set_channel_last_year(
    session: Shared<'_>,
    channel_id: i64,
    amount: String,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| {
        s.set_channel_last_year(channel_id, &amount)
    })
    .await
}

#[tauri::command]
pub async fn set_plan_texts(
    session: Shared<'_>,
    objectives: String,
    risks: String,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_plan_texts(&objectives, &risks)).await
}

#[tauri::command]
pub async fn set_region_weight(session: Shared<'_>, weight: String) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_region_weight(&weight)).await
}

#[tauri::command]
pub async fn set_quarter_split(
    session: Shared<'_>,
    form: QuarterSplitForm,
) -> Reply<BudgetOverview> {
    blocking(&session, move |s| s.set_quarter_split(&form)).await
}
