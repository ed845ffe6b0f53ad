// 报表: per-event cost and leads, per-channel forecast cost per lead.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, chip, emptyState, card } from '../dom.js';

export async function renderReports(root, ctx = {}) {
  const r = await api.reports();
  const header = h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, t('reports.title')));
  if (!r.events.length && !r.channels.length) {
    mount(root, header, emptyState(t('reports.empty.title'), t('reports.empty.body'),
      h('button', { class: 'btn btn-primary', id: 'reports-empty-budget', onclick: () => ctx.show?.('budget') }, t('reports.empty.budget')),
      h('button', { class: 'btn', id: 'reports-empty-import', onclick: () => ctx.importFiles?.() }, t('leads.empty.import'))));
    return;
  }
  header.append(h('p', { class: 'page-summary', id: 'reports-summary' }, t('reports.summary', {
    cost: r.total_event_cost.yuan, leads: count(r.total_event_leads), entries: count(r.list_entries),
    cpl: r.average_cost_per_lead?.yuan ?? t('common.none'),
  }) + (r.events_without_cost ? ` · ${t('reports.noCost', { n: count(r.events_without_cost) })}` : '')));
  mount(root, header,
    r.events.length ? card(t('reports.events'), table([
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
    ], r.channels, { id: 'report-channels' })) : null);
}
