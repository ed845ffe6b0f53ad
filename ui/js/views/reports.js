// 报表: from lead to revenue for a period (本月, 上月, 本季度, 本年 or any dates) under one of five
// attribution models — the funnel, realized ROI per channel and per event, cost per SQL, MQL→SQL
// against the 15–25% band, follow-up compliance, the monthly trend, the models side by side —
// every figure with what it divides. Below, each event's cost per lead and the plan's forecast.
// A CRM deals export dropped here (or picked with 导入商机) is previewed and imported.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, chip, emptyState, card, svg } from '../dom.js';
import { dateField } from '../date_field.js';
import { openDealImport, pickDealImport } from './deal_import.js';
import { printMarketingReport } from './plan_print.js';
import { rescoreJob } from './lead_scorecard.js';

const PERIODS = ['month', 'last_month', 'quarter', 'year', 'custom'];
const view = { period: 'month', from: '', to: '', model: 'linear' };

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The period's first and last day (a period still running ends today). */
export function periodDates(period = view.period) {
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  switch (period) {
    case 'last_month': return [iso(new Date(y, m - 1, 1)), iso(new Date(y, m, 0))];
    case 'quarter': return [iso(new Date(y, m - (m % 3), 1)), iso(now)];
    case 'year': return [iso(new Date(y, 0, 1)), iso(now)];
    case 'custom': return [view.from || iso(new Date(y, 0, 1)), view.to || iso(now)];
    default: return [iso(new Date(y, m, 1)), iso(now)];
  }
}

/** What the printed report covers: this quarter for 本季度, else the period's last month. */
function reportPeriod() {
  const end = periodDates()[1];
  return view.period === 'quarter' ? `${end.slice(0, 4)}Q${Math.ceil(Number(end.slice(5, 7)) / 3)}` : end.slice(0, 7);
}

export async function renderReports(root, ctx = {}) {
  const r = await api.reports();
  const header = h('div', { class: 'page-header with-actions' });
  if (!r.events.length && !r.channels.length) {
    mount(root, h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, t('reports.title'))),
      emptyState(t('reports.empty.title'), t('reports.empty.body'),
        h('button', { class: 'btn btn-primary', id: 'reports-empty-budget', onclick: () => ctx.show?.('budget') }, t('reports.empty.budget')),
        h('button', { class: 'btn', id: 'reports-empty-import', onclick: () => ctx.importFiles?.() }, t('leads.empty.import'))));
    return;
  }
  const [from, to] = periodDates();
  const [o, charts] = await Promise.all([
    api.revenueOverview(view.model, from, to),
    api.revenueCharts(view.model, from, to).catch(() => null),
  ]);
  const redraw = () => renderReports(root, ctx);
  const refresh = ctx.refresh ?? redraw;
  const colours = Object.fromEntries(r.channels.map((c) => [c.name, c.color]));
  const tot = o.roi.total;
  const models = o.comparison.models;
  const modelName = models.find(([code]) => code === view.model)?.[1] ?? o.roi.model_name;
  header.append(
    h('div', {},
      h('h1', { class: 'page-title' }, t('reports.title')),
      h('p', { class: 'page-summary', id: 'reports-summary' }, t('rev.summary', {
        from: o.roi.from, to: o.roi.to, model: modelName, revenue: tot.revenue.wan, spend: tot.spend.wan,
        roi: tot.roi ?? t('common.none'),
      }))),
    h('div', { class: 'page-actions' },
      h('button', { class: 'btn', id: 'deal-import-button', onclick: () => pickDealImport(ctx, refresh) }, t('deals.import')),
      h('button', { class: 'btn', id: 'report-print', onclick: () => printMarketingReport(reportPeriod(), view.model, ctx) }, t(view.period === 'quarter' ? 'rev.printQuarter' : 'rev.print')),
      h('button', { class: 'btn', id: 'report-export-pdf', onclick: () => exportReport('pdf', ctx) }, t('budget.exportPdf')),
      h('button', { class: 'btn', id: 'report-export-xlsx', onclick: () => exportReport('xlsx', ctx) }, t('budget.exportXlsx'))));
  mount(root, header,
    controls(o, redraw),
    alerts(o, ctx, refresh),
    kpis(o),
    funnelCard(o, charts),
    realizedCard('channels', t('rev.byChannel'), o.roi.channels, tot, colours, charts?.roi_by_channel),
    costCard(o.roi.channels, tot, colours, charts?.cost_per_sql),
    o.roi.events.length ? realizedCard('events', t('rev.byEvent'), o.roi.events, null, colours, charts?.roi_by_event) : null,
    slaCard(o.sla, ctx),
    trendCard(o.trend, charts?.trend),
    comparisonCard(o, colours),
    card(t('rev.notes'), h('ul', { class: 'plain-list note-list', id: 'report-notes' }, o.roi.notes.map((n) => h('li', {}, n)))),
    legacyCards(r));
}

/** Period and model: the model's rule is said under its name, every figure follows it. */
function controls(o, redraw) {
  const seg = h('div', { class: 'segmented', role: 'group', id: 'report-period', 'aria-label': t('rev.period') },
    PERIODS.map((p) => h('button', { class: `seg${view.period === p ? ' active' : ''}`, id: `report-period-${p}`, 'aria-pressed': String(view.period === p),
      onclick: () => {
        if (p === 'custom' && view.period !== 'custom') [view.from, view.to] = periodDates();
        view.period = p;
        redraw();
      } }, t(`rev.period.${p}`))));
  let custom = null;
  if (view.period === 'custom') {
    const fromField = dateField({ id: 'report-from', value: view.from, label: t('rev.from'), required: true });
    const toField = dateField({ id: 'report-to', value: view.to, label: t('rev.to'), required: true });
    const apply = () => {
      const [a, b] = [fromField.check(), toField.check()];
      if (!a || !b) return;
      [view.from, view.to] = a <= b ? [a, b] : [b, a];
      redraw();
    };
    for (const f of [fromField, toField]) f.input.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
    custom = h('span', { class: 'inline-fields', id: 'report-custom' }, fromField.node, '–', toField.node,
      h('button', { class: 'btn', id: 'report-apply', onclick: apply }, t('rev.apply')), fromField.error, toField.error);
  }
  const model = h('select', { class: 'input model-select', id: 'report-model', 'aria-label': t('rev.model'),
    onchange: (e) => { view.model = e.target.value; redraw(); } },
  o.comparison.models.map(([code, name]) => h('option', { value: code, selected: code === view.model }, name)));
  return h('div', { class: 'card report-controls' },
    h('div', { class: 'toolbar' }, seg, custom, h('span', { class: 'spacer' }),
      h('label', { class: 'filter-check', for: 'report-model' }, t('rev.model')), model),
    h('p', { class: 'model-rule', id: 'report-model-rule' }, h('strong', {}, o.roi.model_name), '：', o.roi.model_rule, ' ',
      h('span', { class: 'muted' }, t('rev.modelHint'))));
}

/** What is missing for the figures to mean something, and the action that fills it. */
function alerts(o, ctx, refresh) {
  const tot = o.roi.total;
  const out = [];
  if (!o.roi.scored_on) {
    out.push(h('div', { class: 'alert alert-warning', id: 'report-not-scored' }, t('rev.notScored'), ' ',
      h('button', { class: 'btn btn-small', id: 'report-rescore', onclick: () => rescoreJob(ctx.notify, refresh) }, t('scoring.rescore'))));
  }
  const noDeals = tot.opportunities === 0 && tot.won === 0 && tot.revenue.fen === '0' && tot.pipeline.fen === '0';
  if (noDeals) {
    out.push(h('div', { class: 'alert alert-info', id: 'report-no-deals' }, t('rev.noDeals'), ' ',
      h('button', { class: 'btn btn-small btn-primary', id: 'report-no-deals-import', onclick: () => pickDealImport(ctx, refresh) }, t('deals.import'))));
  } else if (tot.mql === 0 && o.roi.scored_on) {
    out.push(h('div', { class: 'alert alert-info', id: 'report-no-mql' }, t('rev.noMql')));
  }
  return out;
}

function stat(id, label, value, sub, tone) {
  return h('div', { class: `stat kpi${tone ? ` kpi-${tone}` : ''}`, id },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null);
}

const BAND_TONE = { below: 'warn', very_good: 'good', above: 'info', no_data: null };

/** MQL→SQL with its mark against 15–25%. */
export function bandTag(rate, band) {
  if (band === 'no_data' || !rate) return h('span', { class: 'muted', title: t('rev.noRate') }, t('common.none'));
  return h('span', { class: 'band' }, h('span', { class: 'band-rate' }, rate), ' ',
    h('span', { class: `tag band-tag band-${band}`, dataset: { band }, title: t(`rev.bandHint.${band}`) }, t(`rev.band.${band}`)));
}

function kpis(o) {
  const tot = o.roi.total;
  const roiTone = tot.roi_bp == null ? null : tot.roi_bp >= 0 ? 'good' : 'bad';
  return h('div', { class: 'kpis', id: 'report-kpis' },
    stat('kpi-spend', t('rev.spend'), tot.spend.wan, t('rev.spendSub')),
    stat('kpi-revenue', t('rev.revenue'), tot.revenue.wan, o.roi.unattributed_revenue.fen !== '0'
      ? t('rev.revenueSubUnattributed', { n: o.roi.unattributed_revenue.wan }) : t('rev.revenueSub', { model: o.roi.model_name })),
    stat('kpi-pipeline', t('rev.pipeline'), tot.pipeline.wan, t('rev.pipelineSub')),
    stat('kpi-roi', 'ROI', tot.roi ?? t('common.none'), t('rev.roiSub'), roiTone),
    stat('kpi-cost-sql', t('rev.costPerSql'), tot.cost_per_sql?.wan ?? t('common.none'), t('rev.costPerSqlSub', { n: count(tot.sql) })),
    stat('kpi-mql-sql', 'MQL→SQL', tot.mql_to_sql ?? t('common.none'),
      h('span', {}, tot.band === 'no_data' ? t('rev.noRate') : h('span', { class: `tag band-tag band-${tot.band}` }, t(`rev.band.${tot.band}`)), ' ', t('rev.bandRange')),
      BAND_TONE[tot.band]),
    stat('kpi-sla', t('rev.sla'), o.sla.compliance ?? t('common.none'), t('rev.slaSub', { met: count(o.sla.met), judged: count(o.sla.met + o.sla.overdue + o.sla.returned) })));
}

/** The funnel: each step's count and its share of the step before; MQL→SQL against its band. */
function funnelCard(o, charts) {
  const steps = table([
    { label: t('rev.step'), cell: (s) => s.label },
    { label: t('rev.count'), num: true, cell: (s) => h('span', { class: 'funnel-count' }, count(s.count)) },
    { label: t('rev.fromPreviousCol'), num: true, cell: (s) => s.from_previous ?? t('common.none') },
  ], o.funnel, { id: 'report-funnel-steps', rowAttrs: (s) => ({ dataset: { stage: s.stage } }) });
  const tot = o.roi.total;
  return card(t('rev.funnel'),
    charts?.funnel ? h('figure', { class: 'chart report-chart', id: 'report-funnel-chart' }, svg(charts.funnel)) : null,
    h('div', { class: 'funnel-grid' }, steps,
      h('div', { class: 'band-box' },
        h('p', { class: 'band-line', id: 'report-mql-sql' }, 'MQL→SQL ', bandTag(tot.mql_to_sql, tot.band)),
        h('p', { class: 'field-hint' }, t('rev.bandDefinition')),
        tot.band !== 'no_data' ? h('p', { class: 'field-hint' }, t(`rev.bandHint.${tot.band}`)) : null)),
    h('p', { class: 'field-hint' }, t('rev.funnelHint')));
}

/** A column of counts: the row's `key`, with thousands separators. */
const countCol = (heading, key) => ({ label: heading, num: true, cell: (r) => count(r[key]) });

/** Leads, MQL, SQL and opportunities: the funnel's counts, the same in every table. */
const funnelCols = () => [countCol(t('rev.leads'), 'leads'), countCol('MQL', 'mql'), countCol('SQL', 'sql'), countCol(t('rev.opportunities'), 'opportunities')];

function label(row, colours) {
  const colour = colours[row.label];
  return colour ? chip(colour, row.label) : row.label;
}

/** Realized ROI per channel (with the total) or per event. */
function realizedCard(kind, title, rows, total, colours, chart) {
  const id = `report-roi-${kind}`;
  if (!rows.length) {
    return card(title, h('p', { class: 'muted', id: `${id}-empty` }, t('rev.noRows')));
  }
  const money = (m) => (m ? m.yuan : t('common.none'));
  const all = total ? [...rows, total] : rows;
  return card(title,
    chart ? h('figure', { class: 'chart report-chart', id: `${id}-chart` }, svg(chart)) : null,
    table([
      { label: kind === 'events' ? t('col.event') : t('col.channel'), cell: (r) => (r === total ? r.label : kind === 'events'
        ? h('span', {}, r.label, r.spend_basis ? h('div', { class: 'cell-sub' }, t(`rev.basis.${r.spend_basis}`)) : null)
        : label(r, colours)) },
      { label: t('rev.spend'), num: true, cell: (r) => r.spend.yuan },
      ...funnelCols(),
      countCol(t('rev.won'), 'won'),
      { label: t('rev.attributed'), num: true, cell: (r) => r.revenue.yuan },
      { label: t('rev.pipeline'), num: true, cell: (r) => money(r.pipeline) },
      { label: 'ROI', num: true, cell: (r) => h('span', { class: r.roi_bp == null ? 'muted' : r.roi_bp >= 0 ? 'status-ok' : 'status-error' }, r.roi ?? t('common.none')) },
      { label: 'MQL→SQL', num: true, cell: (r) => bandTag(r.mql_to_sql, r.band) },
    ], all, { id, rowAttrs: (r) => ({ class: r === total ? 'total-row' : undefined, dataset: { key: r.key } }) }),
    h('p', { class: 'field-hint' }, t(kind === 'events' ? 'rev.byEventHint' : 'rev.byChannelHint')));
}

/** Cost per lead, per MQL and per SQL by channel: spend ÷ each count. */
function costCard(rows, total, colours, chart) {
  const money = (m) => (m ? m.yuan : t('common.none'));
  return card(t('rev.costTitle'),
    chart ? h('figure', { class: 'chart report-chart', id: 'report-cost-chart' }, svg(chart)) : null,
    rows.length ? table([
      { label: t('col.channel'), cell: (r) => (r === total ? r.label : label(r, colours)) },
      { label: t('rev.spend'), num: true, cell: (r) => r.spend.yuan },
      countCol(t('rev.leads'), 'leads'),
      { label: t('rev.perLead'), num: true, cell: (r) => money(r.cost_per_lead) },
      countCol('MQL', 'mql'),
      { label: t('rev.perMql'), num: true, cell: (r) => money(r.cost_per_mql) },
      countCol('SQL', 'sql'),
      { label: t('rev.perSql'), num: true, cell: (r) => money(r.cost_per_sql) },
    ], [...rows, total], { id: 'report-cost-per-sql', rowAttrs: (r) => ({ class: r === total ? 'total-row' : undefined }) })
      : h('p', { class: 'muted' }, t('rev.noRows')),
    h('p', { class: 'field-hint' }, t('rev.costHint')));
}

function slaCard(sla, ctx) {
  return card(t('rev.slaTitle'),
    h('p', { id: 'report-sla-rule' }, t('rev.slaRule', { rule: sla.rule })),
    h('div', { class: 'kpis small', id: 'report-sla' },
      stat('sla-compliance', t('rev.slaCompliance'), sla.compliance ?? t('common.none')),
      stat('sla-met', t('followup.state.met'), count(sla.met)),
      stat('sla-due', t('followup.state.due'), count(sla.due)),
      stat('sla-overdue', t('followup.state.overdue'), count(sla.overdue), null, sla.overdue ? 'bad' : null),
      stat('sla-returned', t('rev.slaReturned'), count(sla.returned))),
    h('p', { class: 'field-hint', id: 'report-sla-definition' }, sla.definition),
    h('button', { class: 'btn btn-small', id: 'report-followups', onclick: () => ctx.show?.('leads', { tab: 'followups' }) }, t('followup.open')));
}

function trendCard(trend, chart) {
  return card(t('rev.trend'),
    chart ? h('figure', { class: 'chart report-chart', id: 'report-trend-chart' }, svg(chart)) : null,
    table([
      { label: t('rev.month'), nowrap: true, cell: (m) => m.month },
      ...funnelCols(),
      countCol(t('rev.wonDeals'), 'won_deals'),
      { label: t('rev.wonRevenue'), num: true, cell: (m) => m.revenue.yuan },
      { label: t('rev.spend'), num: true, cell: (m) => m.spend.yuan },
    ], trend, { id: 'report-trend' }),
    h('p', { class: 'field-hint' }, t('rev.trendHint')));
}

/** Revenue per channel under every model, side by side; the chosen model's column marked. */
function comparisonCard(o, colours) {
  const { models, channels } = o.comparison;
  const col = (i) => ({
    label: h('span', { title: models[i][2], class: models[i][0] === view.model ? 'current-model' : undefined }, models[i][1]),
    num: true,
    cell: (row) => h('span', { class: models[i][0] === view.model ? 'current-model' : undefined }, row[2][i].yuan),
  });
  const unattributed = ['', t('rev.unattributed'), models.map(() => o.roi.unattributed_revenue)];
  return card(t('rev.models'),
    channels.length ? table([
      { label: t('col.channel'), cell: (row) => (row === unattributed ? h('span', { title: t('rev.unattributedHint') }, row[1]) : label({ label: row[1] }, colours)) },
      ...models.map((_, i) => col(i)),
    ], [...channels, unattributed], { id: 'report-models', rowAttrs: (row) => ({ class: row === unattributed ? 'unattributed-row' : undefined }) })
      : h('p', { class: 'muted' }, t('rev.noRows')),
    h('p', { class: 'unattributed-line', id: 'report-unattributed' }, t('rev.unattributedLine', {
      revenue: o.roi.unattributed_revenue.yuan, pipeline: o.roi.unattributed_pipeline.yuan })),
    h('ul', { class: 'plain-list model-rules' }, models.map(([code, name, rule]) => h('li', { dataset: { model: code } }, h('strong', {}, name), '：', rule))),
    h('p', { class: 'field-hint' }, t('rev.modelsHint')));
}

/** The cards the section had before revenue: each event's cost per lead, the plan's forecast. */
function legacyCards(r) {
  return [
    r.events.length ? card(t('reports.events'),
      h('p', { class: 'field-hint', id: 'reports-events-summary' }, t('reports.summary', {
        cost: r.total_event_cost.yuan, leads: count(r.total_event_leads), entries: count(r.list_entries),
        cpl: r.average_cost_per_lead?.yuan ?? t('common.none'),
      }) + (r.events_without_cost ? ` · ${t('reports.noCost', { n: count(r.events_without_cost) })}` : '')),
      table([
        { label: t('col.event'), cell: (e) => e.name },
        { label: t('col.date'), cell: (e) => e.date },
        { label: t('col.cost'), num: true, cell: (e) => e.cost ? e.cost.yuan : h('span', { class: 'muted' }, t('common.notEntered')) },
        { label: t('col.leads'), num: true, cell: (e) => count(e.leads) },
        { label: t('col.present'), num: true, cell: (e) => count(e.present) },
        { label: t('col.rate'), num: true, cell: (e) => e.turnout || t('common.none') },
        { label: t('col.againstTarget'), num: true, cell: (e) => e.against_target || t('common.none') },
        { label: t('col.cpl'), num: true, cell: (e) => e.cost_per_lead?.yuan ?? t('common.none') },
      ], r.events, { id: 'report-events' }), h('p', { class: 'field-hint' }, t('events.definitions'))) : null,
    r.channels.length ? card(t('reports.channels'), table([
      { label: t('col.channel'), cell: (c) => chip(c.color, c.name) },
      { label: t('col.planned'), num: true, cell: (c) => c.planned.yuan },
      { label: t('col.expectedLeads'), num: true, cell: (c) => count(c.expected_leads) },
      { label: t('col.forecastCpl'), num: true, cell: (c) => c.cost_per_lead?.yuan ?? t('common.none') },
    ], r.channels, { id: 'report-channels' })) : null,
  ];
}

async function exportReport(format, ctx) {
  try {
    const path = await api.exportMarketingReport(reportPeriod(), view.model, format);
    if (path) ctx.notify?.(t('budget.exported', { path }), 'success');
  } catch (e) {
    ctx.notify?.(e);
  }
}

/** A file dropped while 报表 shows: a deals export is previewed; anything else goes to 导入. */
export function dropOnReports(paths, ctx, fallback) {
  if (paths.length !== 1) return fallback();
  return openDealImport(paths[0], ctx, () => ctx.show?.('reports'), fallback);
}
