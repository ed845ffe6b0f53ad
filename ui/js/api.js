// The only module that talks to the backend (window.__TAURI__). Every call resolves with data or
// rejects with a BackendError carrying {code, message}; message is a sentence for the user.

const tauri = window.__TAURI__;

export class BackendError extends Error {
  constructor(code, message, field = null) {
    super(message);
    this.code = code;
    /** The form field the sentence belongs next to (e.g. `cost`, `departments.technology`). */
    this.field = field;
  }
}

function toBackendError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') {
    return new BackendError(e.code, e.message, typeof e.field === 'string' ? e.field : null);
  }
  // Not from our commands (IPC or permission failure): still a sentence, never a raw object.
  console.error('backend call failed', e);
  return new BackendError('ipc', String(e && e.message ? e.message : e));
}

async function call(command, args = {}) {
  if (!tauri) throw new BackendError('no_backend', 'Marketdesk backend is not available.');
  try {
    return await tauri.core.invoke(command, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

/** From lead to revenue: one command takes every call as {op: {…fields}} (src-tauri/src/revenue.rs). */
function ask(op, fields = null) {
  return call('revenue', { ask: fields ? { [op]: fields } : op });
}

/** A channel the backend streams progress over: onProgress({job, done, total, current}). */
function channel(onProgress) {
  const c = new tauri.core.Channel();
  c.onmessage = onProgress;
  return c;
}

export const api = {
  start: () => call('app_start'),
  setLanguage: (lang) => call('set_language', { lang }),
  workspaceInfo: () => call('workspace_info'),
  openWorkspace: () => call('workspace_open_dialog'),
  newWorkspace: () => call('workspace_new_dialog'),
  saveWorkspaceAs: () => call('workspace_save_as_dialog'),
  budget: () => call('budget_overview'),
  /** Rejects with code `confirm_zero_total` for 0; setPlanTotalToZero does it once confirmed. */
  setPlanTotal: (planId, total) => call('set_plan_total', { planId, total }),
  setPlanTotalToZero: (planId) => call('set_plan_total_to_zero', { planId }),
  createPlan: (template, total, stage, emphasis) => call('create_plan', { template, total, stage, emphasis }),
  setChannelShare: (channelId, share) => call('set_channel_share', { channelId, share }),
  /** tacticId null adds a tactic; form fields are as typed. */
  saveTactic: (tacticId, form) => call('save_tactic', { tacticId, form }),
    deleteTactic: (tacticId) => call('delete_tactic', { tacticId }),
  restoreTactic: (tacticId) => call('restore_tactic', { tacticId }),
  /** form: {tactic_id, date: 'YYYY-MM-DD', kind: 'committed'|'actual', amount, vendor, note} */
  addSpend: (form) => call('add_spend', { form }),
    /** Resolves with {overview, removed}; pass removed to restoreSpend to undo. */
  deleteSpend: (spendId) => call('delete_spend', { spendId }),
  restoreSpend: (entry) => call('restore_spend', { entry }),
  /** form: {name, share} */
  addChannel: (form) => call('add_channel', { form }),
  renameChannel: (channelId, name) => call('rename_channel', { channelId, name }),
  deleteChannel: (channelId) => call('delete_channel', { channelId }),
  /** form: {channel_code, kind: 'about'|'at_most'|'at_least', target, tolerance, message} */
  saveGuardrail: (guardrailId, form) => call('save_guardrail', { guardrailId, form }),
  /** Resolves with {overview, removed}; pass removed to restoreGuardrail to undo. */
  deleteGuardrail: (guardrailId) => call('delete_guardrail', { guardrailId }),
  restoreGuardrail: (rule) => call('restore_guardrail', { rule }),
  /** form: {region, last_year, commitment} */
  saveRegion: (regionId, form) => call('save_region', { regionId, form }),
  deleteRegion: (regionId) => call('delete_region', { regionId }),
  restoreRegion: (region) => call('restore_region', { region }),
  setRegionWeight: (weight) => call('set_region_weight', { weight }),
  /** form: {mode: 'even'|'by_tactics'} or {mode: 'weights', weights: [q1, q2, q3, q4]} */
    setQuarterSplit: (form) => call('set_quarter_split', { form }),
  /** Resolves with the chosen spend sheet's path, or null if the dialog was cancelled. */
  pickSpendFile: () => call('pick_spend_file'),
  previewSpendImport: (path) => call('preview_spend_import', { path }),
  /** batch: the preview's; resolves with {batch, booked, skipped, total}. */
  importSpend: (path, batch) => call('import_spend', { path, batch }),
  undoSpendImport: (batch) => call('undo_spend_import', { batch }),
  scenarios: () => call('scenarios'),
  /** adjustment: {type: 'scale_total', percent, outputs: 'follow_money'|'unchanged'} or {type: 'move_share', from, to, points} */
  createScenario: (name, adjustment) => call('create_scenario', { name, adjustment }),
  /** Resolves with {overview, undo_version, version, message}. */
  adoptScenario: (scenarioId) => call('adopt_scenario', { scenarioId }),
  rebuildScenario: (scenarioId) => call('rebuild_scenario', { scenarioId }),
  planVersions: () => call('plan_versions'),
  planVersion: (version) => call('plan_version', { version }),
  restorePlanVersion: (version) => call('restore_plan_version', { version }),
  deleteScenario: (scenarioId) => call('delete_scenario', { scenarioId }),
  /** The printed plan's pages as SVG strings, laid out exactly as the PDF export. */
  planPages: () => call('plan_pages'),
  /** amount as typed; '' reads last year's plan again. */
  setChannelLastYear: (channelId, amount) => call('set_channel_last_year', { channelId, amount }),
  setPlanTexts: (objectives, risks) => call('set_plan_texts', { objectives, risks }),
  events: () => call('events_list'),
  eventPage: (id) => call('event_page', { id }),
  /** draft: the candidate form as typed (EventDraft); resolves with a ScoreView. */
  previewEventScore: (draft) => call('preview_event_score', { draft }),
  /** id null adds a candidate; resolves with its EventPage. */
  saveEvent: (id, draft) => call('save_event', { id, draft }),
  /** A new candidate a year later; resolves with its EventPage. */
  duplicateEvent: (id) => call('duplicate_event', { id }),
  /** status: candidate | done | declined | cancelled ('planned' only through acceptEvent). */
  setEventStatus: (id, status) => call('set_event_status', { id, status }),
  setEventOutcomeNotes: (id, notes) => call('set_event_outcome_notes', { id, notes }),
  /** Resolves with {page, tactic_id, message}. */
  acceptEvent: (id) => call('accept_event', { id }),
  /** ids: 2–4 events; resolves with their EventPages in that order. */
  compareEvents: (ids) => call('compare_events', { ids }),
  /** budget: text as typed, or null for the events channel's remainder. */
  eventPortfolio: (budget, required, excluded) => call('event_portfolio', { budget, required, excluded }),
  eventScorecard: () => call('event_scorecard'),
  /** form: {weights: {code: text}, buying_centre: [codes], target_industries, low_seniority, brand_equivalent, history_weight}. */
  saveEventScorecard: (form) => call('save_event_scorecard', { form }),
  resetEventScorecard: () => call('reset_event_scorecard'),
  /** query: {search, event_id, attendance, tag_id, seniority, function, region, sort, offset, limit, count}. */
  leads: (query) => call('leads_page', { query }),
  reports: () => call('reports_summary'),
  pickImportFiles: () => call('pick_import_files'),
  /** format: 'pdf' | 'xlsx' | 'html'; resolves with the written path, or null if cancelled. */
  exportPlan: (format) => call('export_dialog', { format }),
  cancelJob: (job) => call('cancel_job', { job }),
  /** What an attendee file holds: sheets, first rows, header and mapping guesses. */
  openAttendeeFile: (path, sheet, encoding, eventId) => call('open_attendee_file', { path, sheet, encoding, eventId }),
  /** request: {path, sheet, header_row, mapping, encoding, fill_merged, event_id, list}. */
  previewAttendeeImport: (request, onProgress) => call('preview_attendee_import', { request, onProgress: channel(onProgress) }),
  importAttendees: (request, onProgress) => call('import_attendees', { request, onProgress: channel(onProgress) }),
  undoAttendeeImport: (batchId) => call('undo_attendee_import', { batchId }),
  importBatches: () => call('import_batches'),
  /** The rows an import took with a warning: {headers, rows, total}. */
  importWarnings: (batchId) => call('import_warnings', { batchId }),
  /** Resolves with the saved path, or null if the dialog was cancelled. */
  exportRejected: (batchId) => call('export_rejected_dialog', { batchId }),
  /** form: {name, kind, organiser, city, date, cost, target_attendance}; resolves with the id. */
  createEvent: (form) => call('create_event', { form }),
  leadDetail: (id) => call('lead_detail', { id }),
  leadFacets: () => call('lead_facets'),
  /** How many leads a filter matches; the list asks once per filter. */
  leadCount: (filter) => call('lead_count', { filter }),
  tagLead: (id, name) => call('tag_lead', { id, name }),
  untagLead: (id, tagId) => call('untag_lead', { id, tagId }),
  /** Tags every lead the filter matches; resolves with how many gained the tag. */
  tagLeads: (filter, name) => call('tag_leads', { filter, name }),
  exportPresets: () => call('export_presets'),
  /** Resolves with [path, count], or null if the dialog was cancelled. */
  exportLeads: (filter, preset, format) => call('export_leads_dialog', { filter, preset, format }),
  print: () => call('print_window'),
  /** Resolves with the chosen offers sheet's path, or null if the dialog was cancelled. */
  pickOffersFile: () => call('pick_offers_file'),
  /** Every offer of the sheet scored; save adds the readable ones as candidates (once). */
  scoreOffersFile: (path, save) => call('score_offers_file', { path, save }),
  /** The events' briefs as A4 SVG pages, for printing. */
  eventBriefPages: (ids) => call('event_brief_pages', { ids }),
  /** Resolves with the saved PDF's path, or null if the dialog was cancelled. */
  exportEventBriefs: (ids) => call('export_event_briefs_dialog', { ids }),
  /** Puts an event on a tactic already in the plan; resolves with its page. */
  linkEventToTactic: (id, tacticId) => call('link_event_to_tactic', { id, tacticId }),
  planEventBriefs: () => call('plan_event_briefs'),
  setPlanEventBriefs: (on) => call('set_plan_event_briefs', { on }),
  /** 报表 for from..=to (yyyy-mm-dd) under an attribution model code. */
  revenueOverview: (model, from, to) => ask('overview', { model, from, to }),
  /** The 报表 charts as SVG: {funnel, roi_by_channel, roi_by_event, cost_per_sql, trend}. */
  revenueCharts: (model, from, to) => ask('charts', { model, from, to }),
  /** The plan year's realized ROI so far, by channel (a RoiReport), beside the forecast. */
  planRealized: (model) => ask('plan_realized', { model }),
  /** The monthly (yyyy-mm) or quarterly (yyyyQn) report as A4 SVG pages, for printing. */
  marketingReportPages: (period, model) => ask('report_pages', { period, model }),
  /** format: 'pdf' | 'xlsx'; resolves with the written path, or null if cancelled. */
  exportMarketingReport: (period, model, format) => call('export_dialog', { format, report: { period, model } }),
  /** Rescores every lead as a cancellable job; resolves with {leads, qualifying, promoted, assigned}. */
  rescoreLeads: (onProgress) => call('rescore_leads', { onProgress: channel(onProgress) }),
  /** Rescores every lead when the scores are older than today; resolves with {leads, promoted…}, or null when they were fresh. */
  rescoreIfStale: () => ask('rescore_if_stale'),
  /** ids: lead ids, or null for every lead the filter matches; resolves with {moved, refused, refused_count}. */
  moveLeads: (ids, filter, stage, who, reason) => ask('move_leads', { ids, filter, stage, who, reason }),
  /** ids: lead ids, or null for every lead the filter matches; to: a team member's name, or null for the assignment rules; resolves with how many changed owner. */
  assignLeads: (ids, filter, to, onlyUnowned) => ask('assign_leads', { ids, filter, to, only_unowned: onlyUnowned }),
  /** [{id, name, role: 'sales'|'marketing', active, owned, open}]: owned leads, and those not won, lost or recycled. */
  team: () => ask('team'),
  addTeamMember: (name, sales) => ask('add_team_member', { name, sales }),
  /** {rules: [{field: 'region'|'industry', field_label, value, member}], sla: {attempts, within_days, grace_days}, sla_sentence, fallback}. */
  routing: () => ask('routing'),
  /** rules: [{field, value, member (a name)}] in the order they are tried; resolves with the routing. A refused rule's error names its field as value-N, member-N or field-N. */
  saveAssignmentRules: (rules) => ask('save_assignment_rules', { rules }),
  /** sla: {attempts, within_days, grace_days} as typed (strings); resolves with the routing. A refused number's error names its field. */
  saveSla: (sla) => ask('save_sla', { sla }),
  /** Owned MQLs on the follow-up clock: [{person_id, name, company, owner, handed_on, attempts, state, deadline, sentence}]. */
  followups: (overdueOnly) => ask('followups', { overdue_only: overdueOnly }),
  leadJourney: (id) => ask('lead_journey', { id }),
  /** member: a team member's name or ''; on: yyyy-mm-dd; resolves with the lead's journey. */
  logFollowup: (id, member, on, channel, outcome, note) => ask('log_followup', { id, member, on, channel, outcome, note }),
  /** fields: {name, mobile, email, company, department, title, region, industry, other_phones, wechat}; resolves with how many changed. */
  editLead: (id, fields, who) => ask('edit_lead', { id, fields, who }),
  /** merged goes into kept; resolves with the merge's id. */
  mergeLeads: (kept, merged, who) => ask('merge_leads', { kept, merged, who }),
  /** Resolves with the id of the lead given back. */
  splitMerge: (mergeId, who) => ask('split_merge', { merge_id: mergeId, who }),
  /** confirm: the lead's name as shown; resolves with how many imported rows were scrubbed. */
  eraseLead: (id, confirm) => ask('erase_lead', { id, confirm }),
  leadScorecard: () => ask('lead_scorecard'),
  /** card: the Scorecard JSON as leadScorecard gave it, edited. */
  saveLeadScorecard: (card) => ask('save_lead_scorecard', { card }),
  resetLeadScorecard: () => ask('reset_lead_scorecard'),
  scoringBacktest: () => ask('scoring_backtest'),
  /** Resolves with the chosen deals export's path, or null if the dialog was cancelled. */
  pickDealsFile: () => call('pick_import_files').then((paths) => paths[0] ?? null),
  /** mapping: null (the file's words, or what was chosen for this header before), or a field code or null per header cell. */
  previewDealImport: (path, mapping = null) => ask('preview_deal_import', { path, mapping }),
  /** batch: the preview's; resolves with {batch_id, added, updated, matched, unmatched, leads_moved, rejected}. */
  importDeals: (path, batch, mapping = null) => ask('import_deals', { path, batch, mapping }),
  undoDealImport: (batchId) => ask('undo_deal_import', { batch_id: batchId }),
  /** Inspects files as a cancellable job; onProgress gets {job, done, total, current}. */
  inspectFiles: (paths, onProgress) => call('inspect_files', { paths, onProgress: channel(onProgress) }),
};

/** Files dropped on the window, routed by the shell as an "import these files" intent. */
export function onImportIntent(handler) {
  return tauri.event.listen('import-intent', (e) => handler(e.payload));
}

/** Drag hovering over the window: handler(true) on enter, handler(false) on leave or drop. */
export function onDragHover(handler) {
  tauri.event.listen('tauri://drag-enter', () => handler(true));
  tauri.event.listen('tauri://drag-leave', () => handler(false));
  tauri.event.listen('tauri://drag-drop', () => handler(false));
}
