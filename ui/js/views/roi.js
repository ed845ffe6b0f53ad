// ROI 预测: each channel's planned money against its tactics' expected outputs — cost per lead,
// MQL, SQL and deal, and revenue per yuan. Realized numbers will sit beside them on the same footing.
import { t, count } from '../i18n.js';
import { h, card, chip, svg, table } from '../dom.js';

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
  ];
}
