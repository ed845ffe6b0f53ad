// 活动: the events in the workspace with their attendance; a new event by hand, or from a list.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, emptyState, card } from '../dom.js';
import { dateField } from '../date_field.js';

const KINDS = ['summit', 'forum', 'salon', 'self_hosted', 'training', 'expo'];

export async function renderEvents(root, ctx = {}) {
  const { events, total_cost: totalCost, total_present: present, events_without_cost: noCost } = await api.events();
  const refresh = () => renderEvents(root, ctx);
  const newEvent = h('button', { class: 'btn btn-primary', id: 'event-new', onclick: () => newEventDialog(refresh, ctx.notify) }, t('events.new'));
  const importList = h('button', { class: 'btn', id: 'event-import', onclick: () => ctx.importFiles?.() }, t('events.importList'));
  const header = h('div', { class: 'page-header with-actions' }, h('div', {}, h('h1', { class: 'page-title' }, t('events.title'))));
  if (!events.length) {
    mount(root, header, emptyState(t('events.empty.title'), t('events.empty.body'), newEvent, importList));
    return;
  }
  header.firstChild.append(h('p', { class: 'page-summary' }, t('events.summary', { n: count(events.length), cost: totalCost.yuan, present: count(present) })
    + (noCost ? ` · ${t('events.noCost', { n: count(noCost) })}` : '')));
  header.append(h('div', { class: 'page-actions' }, newEvent, importList));
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
  ], events, { id: 'event-table', rowAttrs: (e) => ({ dataset: { eventId: String(e.id) } }) }), h('p', { class: 'field-hint' }, t('events.definitions'))));
}

/** 新建活动: name, date (typed or from the calendar), kind, organiser, city, cost, target. */
function newEventDialog(refresh, notify) {
  const input = (id, label, extra = {}) => h('input', { class: 'input', id, autocomplete: 'off', 'aria-label': label, ...extra });
  const name = input('event-form-name', t('import.eventName'));
  const date = dateField({ id: 'event-form-date', name: 'date', required: true, label: t('col.date') });
  const kind = h('select', { class: 'input', id: 'event-form-kind', 'aria-label': t('col.type') },
    KINDS.map((k) => h('option', { value: k, selected: k === 'forum' }, t(`eventKind.${k}`))));
  const organiser = input('event-form-organiser', t('col.organiser'));
  const city = input('event-form-city', t('col.city'));
  const cost = input('event-form-cost', t('col.cost'), { inputmode: 'decimal', placeholder: t('events.costHint') });
  const target = input('event-form-target', t('col.target'), { inputmode: 'numeric' });
  const fields = { name, date: date.input, cost, target_attendance: target };
  const error = h('div', { class: 'field-error', id: 'event-form-error', role: 'alert' });
  const dialog = h('dialog', { class: 'dialog', id: 'event-form', 'aria-labelledby': 'event-form-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  const save = async () => {
    for (const f of Object.values(fields)) f.removeAttribute('aria-invalid');
    error.textContent = '';
    const day = date.check();
    if (day === null) return;
    try {
      await api.createEvent({ name: name.value, date: day, kind: kind.value, organiser: organiser.value, city: city.value, cost: cost.value, target_attendance: target.value });
      close();
      notify?.(t('events.created', { name: name.value.trim() }), 'success');
      await refresh();
    } catch (e) {
      error.textContent = e.message;
      fields[e.field]?.setAttribute('aria-invalid', 'true');
      fields[e.field]?.focus();
    }
  };
  const labelled = (text, control, extra) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, text), control, extra);
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'event-form-title' }, t('events.newTitle'))),
    h('div', { class: 'dialog-body' },
      h('div', { class: 'import-grid' },
        labelled(t('import.eventName'), name), h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'event-form-date' }, t('col.date')), date.node, date.error),
        labelled(t('col.type'), kind), labelled(t('col.organiser'), organiser), labelled(t('col.city'), city),
        labelled(t('col.cost'), cost), labelled(t('col.target'), target)),
      error),
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', onclick: close }, t('common.cancel')),
      h('button', { class: 'btn btn-primary', id: 'event-form-save', onclick: save }, t('events.create'))));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.tagName === 'INPUT') { e.preventDefault(); save(); }
  });
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}
