// ROI 预测: each channel's planned money against its tactics' expected outputs — cost per lead,
// MQL, SQL and deal, and revenue per yuan — and below it the year's realized results so far on
// the same footing, channel by channel (attributed linearly; 报表 compares the models).
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, card, chip, svg, table, mount } from '../dom.js';

export function roiPanel(data) {
  const money = (m) => (m ? m.yuan : '—');
  return [
    card(t('roi.chart'),
      h('p', { class: 'field-hint' }, t('roi.hint')),
      h('figure', { class: 'chart', id: 'roi-chart' }, svg(data.roi_chart_svg))),
    card(t('roi.table'), table([
      { label: t('col.channel'), cell: (r) => chip(r.color, r.name) },
      { label: t('roi.cost'), num: true, cell: (r) => r.cost.yuan },
      { label: t('tactic.leads'), num: true, cell: (r) => count(r.expected.leads) },
      { label: t('tactic.mql'), num: true, cell: (r) => count(r.expected.mql) },
      { label: t('tactic.sql'), num: true, cell: (r) => count(r.expected.sql) },
      { label: t('tactic.deals'), num: true, cell: (r) => count(r.expected.deals) },
      { label: t('roi.perLead'), num: true, cell: (r) => money(r.cost_per_lead) },
      { label: t('roi.perSql'), num: true, cell: (r) => money(r.cost_per_sql) },
      { label: t('tactic.revenue'), num: true, cell: (r) => r.expected.revenue.yuan },
      { label: t('roi.multiple'), num: true, cell: (r) => r.multiple ?? '—' },
    ], data.roi, { id: 'roi-table' })),
    realizedCard(data),
  ];
}

/** The plan year's realized figures so far, in the forecast's order and colours. */
function realizedCard(data) {
  const body = h('div', { id: 'roi-realized' }, h('p', { class: 'muted' }, t('common.loading')));
  const money = (m) => (m ? m.yuan : '—');
  api.planRealized('linear').then((r) => {
    const order = data.roi.map((f) => f.name);
    const colour = Object.fromEntries(data.roi.map((f) => [f.name, f.color]));
    const rows = [...r.channels].sort((a, b) => (order.indexOf(a.label) + 1 || 99) - (order.indexOf(b.label) + 1 || 99));
    mount(body,
      h('p', { class: 'field-hint' }, t('roi.realizedHint', { from: r.from, to: r.to })),
      rows.length ? table([
        { label: t('col.channel'), cell: (c) => (c === r.total ? c.label : colour[c.label] ? chip(colour[c.label], c.label) : c.label) },
        { label: t('rev.spend'), num: true, cell: (c) => c.spend.yuan },
        { label: t('tactic.leads'), num: true, cell: (c) => count(c.leads) },
        { label: t('tactic.mql'), num: true, cell: (c) => count(c.mql) },
        { label: t('tactic.sql'), num: true, cell: (c) => count(c.sql) },
        { label: t('roi.perLead'), num: true, cell: (c) => money(c.cost_per_lead) },
        { label: t('roi.perSql'), num: true, cell: (c) => money(c.cost_per_sql) },
        { label: t('rev.attributed'), num: true, cell: (c) => c.revenue.yuan },
        { label: 'ROI', num: true, cell: (c) => c.roi ?? '—' },
      ], [...rows, r.total], { id: 'roi-realized-table', rowAttrs: (c) => ({ class: c === r.total ? 'total-row' : undefined }) })
        : h('p', { class: 'muted' }, t('rev.noRows')));
  }, (e) => mount(body, h('p', { class: 'muted' }, e.message)));
  return card(t('roi.realized'), body);
}
