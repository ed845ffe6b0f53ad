// 活动: the events in the workspace with their attendance.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, emptyState, card } from '../dom.js';

export async function renderEvents(root) {
  const { events, total_cost: totalCost, total_present: present, events_without_cost: noCost } = await api.events();
  const header = h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, t('events.title')));
  if (!events.length) {
    mount(root, header, emptyState(t('events.empty.title'), t('events.empty.body')));
    return;
  }
  header.append(h('p', { class: 'page-summary' }, t('events.summary', { n: count(events.length), cost: totalCost.yuan, present: count(present) })
    + (noCost ? ` · ${t('events.noCost', { n: count(noCost) })}` : '')));
  mount(root, header, card(null, table([
    { label: t('col.date'), nowrap: true, cell: (e) => e.date },
    { label: t('col.event'), cell: (e) => e.name },
    { label: t('col.type'), cell: (e) => h('span', { class: 'tag' }, e.kind_label) },
    { label: t('col.organiser'), cell: (e) => e.organiser },
    { label: t('col.city'), cell: (e) => e.city },
    { label: t('col.cost'), num: true, cell: (e) => e.cost ? e.cost.yuan : h('span', { class: 'muted' }, t('common.notEntered')) },
    { label: t('col.target'), num: true, cell: (e) => count(e.target_attendance) },
    { label: t('col.people'), num: true, cell: (e) => count(e.people) },
    { label: t('col.present'), num: true, cell: (e) => count(e.present) },
    { label: t('col.noShow'), num: true, cell: (e) => count(e.no_show) },
    { label: t('col.rate'), num: true, cell: (e) => e.turnout || t('common.none') },
    { label: t('col.againstTarget'), num: true, cell: (e) => e.against_target || t('common.none') },
    { label: t('col.costPerPresent'), num: true, cell: (e) => e.cost_per_present?.yuan ?? t('common.none') },
  ], events, { id: 'event-table' }), h('p', { class: 'field-hint' }, t('events.definitions'))));
}

