//! Marketdesk desktop shell: window, state, drag-and-drop and native dialogs over
//! `marketdesk_api`. No business logic lives here.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod events;
mod file_dialog;
mod leads;
mod logging;
mod plan_rules;
mod revenue;
mod spend_import;

use std::path::PathBuf;
use std::sync::Arc;

use marketdesk_api::{default_workspace_path, Session};
use tauri::{DragDropEvent, Emitter, Manager, WindowEvent};

/// `--workspace PATH` opens that file instead of the last one used (scripting, tests).
fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
    }
    None
}

fn main() {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some(file_dialog::FLAG) {
        let spec = args.next().unwrap_or_default();
        std::process::exit(match file_dialog::run_as_child(&spec) {
            code if code == std::process::ExitCode::SUCCESS => 0,
            _ => 1,
        });
    }
    let explicit = workspace_arg();
    let result = tauri::Builder::default()
        .setup(move |app| {
            let paths = app.path();
            let data_dir = paths.app_data_dir()?;
            let config_dir = paths.app_config_dir()?;
            logging::init(&paths.app_log_dir()?);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Marketdesk starting");
            let session = Session::start(
                &default_workspace_path(&data_dir),
                Some(config_dir.join("preferences.json")),
                explicit.clone(),
            )?;
            app.manage(Arc::new(session));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                tracing::info!(count = paths.len(), "files dropped");
                if let Err(e) = window.emit("import-intent", paths) {
                    tracing::warn!(error = %e, "could not route dropped files to the UI");
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_start,
            commands::set_language,
            commands::workspace_info,
            commands::workspace_open_dialog,
            commands::workspace_new_dialog,
            commands::workspace_save_as_dialog,
            commands::budget_overview,
            commands::set_plan_total,
            commands::set_plan_total_to_zero,
            commands::create_plan,
            commands::set_channel_share,
            commands::save_tactic,
            commands::delete_tactic,
            commands::restore_tactic,
            commands::add_spend,
            commands::scenarios,
            commands::create_scenario,
            commands::adopt_scenario,
            commands::rebuild_scenario,
            commands::plan_versions,
            commands::plan_version,
            commands::restore_plan_version,
            commands::delete_scenario,
            commands::delete_spend,
            commands::restore_spend,
            commands::plan_pages,
            commands::events_list,
            commands::leads_page,
            commands::reports_summary,
            commands::export_dialog,
            commands::pick_import_files,
            commands::inspect_files,
            commands::cancel_job,
            commands::print_window,
            plan_rules::add_channel,
            plan_rules::rename_channel,
            plan_rules::delete_channel,
            plan_rules::save_guardrail,
            plan_rules::delete_guardrail,
            plan_rules::restore_guardrail,
            plan_rules::save_region,
            plan_rules::delete_region,
            plan_rules::restore_region,
            plan_rules::set_region_weight,
            plan_rules::set_channel_last_year,
            plan_rules::set_plan_texts,
            plan_rules::set_quarter_split,
            spend_import::pick_spend_file,
            spend_import::preview_spend_import,
            spend_import::import_spend,
            spend_import::undo_spend_import,
            leads::open_attendee_file,
            leads::preview_attendee_import,
            leads::import_attendees,
            leads::undo_attendee_import,
            leads::import_batches,
            leads::import_warnings,
            leads::create_event,
            events::event_page,
            events::preview_event_score,
            events::save_event,
            events::duplicate_event,
            events::set_event_status,
            events::set_event_outcome_notes,
            events::accept_event,
            events::link_event_to_tactic,
            events::compare_events,
            events::event_portfolio,
            events::event_scorecard,
            events::save_event_scorecard,
            events::reset_event_scorecard,
            events::pick_offers_file,
            events::score_offers_file,
            events::event_brief_pages,
            events::export_event_briefs_dialog,
            events::plan_event_briefs,
            events::set_plan_event_briefs,
            leads::lead_detail,
            leads::lead_facets,
            leads::lead_count,
            leads::tag_lead,
            leads::untag_lead,
            leads::tag_leads,
            leads::export_presets,
            leads::export_leads_dialog,
            leads::export_rejected_dialog,
            revenue::revenue,
            revenue::rescore_leads,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "Marketdesk could not start");
        eprintln!("Marketdesk could not start: {e}");
        std::process::exit(1);
    }
}
