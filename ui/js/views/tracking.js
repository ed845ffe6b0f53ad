// 执行跟踪: book commitments and payments against tactics; plan vs committed vs actual vs
// remaining per channel, quarter or region, as a chart and a table.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table, chip, card, svg, emptyState } from '../dom.js';
import { dateField } from '../date_field.js';
import { importSpend } from './spend_import.js';
import { rememberUndo, undoLast } from '../undo.js';

// Tracking grouped by channel, quarter or region; kept across redraws.
let groupBy = 'channel';

export function trackingCard(data, redraw, notify) {
  const year = data.plan.fiscal_year;
  const tactic = h('select', { class: 'input', id: 'spend-tactic', 'aria-label': t('tracking.tactic') },
    h('option', { value: '' }, t('tracking.chooseTactic')),
    data.tactics.map((r) => h('option', { value: String(r.id) }, `${r.channel_name} · ${r.name}`)));
  const dateBox = dateField({ id: 'spend-date', name: 'date', min: `${year}-01-01`, max: `${year}-12-31`, required: true, label: t('col.date') });
  const date = dateBox.input;
  const kind = h('select', { class: 'input', id: 'spend-kind', 'aria-label': t('tracking.kind') },
    h('option', { value: 'committed' }, t('tracking.committed')), h('option', { value: 'actual' }, t('tracking.actual')));
  const amount = h('input', { class: 'input num', id: 'spend-amount', inputmode: 'decimal', placeholder: t('tracking.amount'), 'aria-label': t('tracking.amount') });
  const vendor = h('input', { class: 'input', id: 'spend-vendor', placeholder: t('tracking.vendor'), 'aria-label': t('tracking.vendor') });
  const note = h('input', { class: 'input', id: 'spend-note', placeholder: t('tracking.note'), 'aria-label': t('tracking.note') });
  const error = h('div', { class: 'field-error', id: 'spend-error', role: 'alert' });
  const fields = { tactic, date, amount };
  const book = async () => {
    for (const f of Object.values(fields)) f.removeAttribute('aria-invalid');
    error.textContent = '';
    const day = dateBox.check();
    if (day === null) return;
    try {
      redraw(await api.addSpend({
        tactic_id: tactic.value ? Number(tactic.value) : null,
        date: day, kind: kind.value, amount: amount.value, vendor: vendor.value, note: note.value,
      }));
      // Ready for the next one: focus back at the start of the form.
      document.getElementById('spend-tactic')?.focus();
    } catch (e) {
      error.textContent = e.message;
      fields[e.field]?.setAttribute('aria-invalid', 'true');
      fields[e.field]?.focus();
    }
  };
  const form = h('div', { class: 'spend-form' }, tactic, dateBox.node, kind, amount, vendor, note,
    h('button', { class: 'btn btn-primary', id: 'spend-book', onclick: book }, t('tracking.book')));
  // Enter books, except on the calendar's own buttons (a day, 今天).
  form.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.target.closest('.calendar, .date-button')) book(); });
  const groups = { channel: data.tracking, quarter: data.tracking_by_quarter, region: data.tracking_by_region };
  const trackingTable = (group) => table([
    { label: t(`tracking.by.${group}`), cell: (r) => (group === 'channel' && r !== data.tracking_total ? chip(r.color, r.name) : r.name) },
    { label: t('tracking.planned'), num: true, cell: (r) => r.planned.yuan },
    { label: t('tracking.committed'), num: true, cell: (r) => r.committed.yuan },
    { label: t('tracking.actual'), num: true, cell: (r) => r.actual.yuan },
    { label: t('tracking.remaining'), num: true, cell: (r) => h('span', { class: r.remaining.fen.startsWith('-') ? 'status-error' : undefined }, r.remaining.yuan) },
    { label: t('tracking.overspent'), num: true, cell: (r) => overspentCell(r) },
  ], [...groups[group], data.tracking_total].filter(Boolean), { id: 'tracking-table', rowAttrs: (r) => ({ class: r === data.tracking_total ? 'total-row' : undefined }) });
  const holder = h('div', {}, trackingTable(groupBy));
  const groupSelect = h('select', { class: 'input', id: 'tracking-group', 'aria-label': t('tracking.group') },
    Object.keys(groups).map((g) => h('option', { value: g, selected: g === groupBy }, t(`tracking.by.${g}`))));
  groupSelect.addEventListener('change', () => {
    groupBy = groupSelect.value;
    holder.replaceChildren(trackingTable(groupBy));
  });
  return [
        h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('tracking.title')),
        h('button', { class: 'btn', id: 'spend-import-button', onclick: () => importSpend({ redraw, notify }) }, t('spendImport.button'))),
      h('p', { class: 'field-hint' }, t('tracking.hint')),
      form, dateBox.error, error),
    card(t('tracking.chart'), h('figure', { class: 'chart', id: 'plan-actual-chart' }, svg(data.plan_actual_chart_svg))),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('tracking.table')), groupSelect),
      h('p', { class: 'field-hint', id: 'tracking-explained' }, t('tracking.explained')),
      holder),
    data.spend.length ? h('section', { class: 'card', id: 'spend-entries' }, h('h2', { class: 'card-title' }, t('tracking.entries')), table([
      { label: t('col.date'), cell: (e) => e.date },
      { label: t('tracking.tactic'), cell: (e) => e.tactic },
      { label: t('tracking.kind'), cell: (e) => e.kind_label },
      { label: t('tracking.amount'), num: true, cell: (e) => e.amount.yuan },
      { label: t('tracking.vendor'), cell: (e) => e.vendor },
      { label: t('tracking.note'), cell: (e) => e.note },
      { label: '', cell: (e) => (e.imported ? h('span', { class: 'tag' }, t('spendImport.tag')) : '') },
      { label: '', cell: (e) => h('button', { class: 'link danger', onclick: () => removeSpend(e, redraw, notify) }, t('common.delete')) },
    ], data.spend, { id: 'spend-table', rowAttrs: (e) => ({ dataset: { spendId: String(e.id) } }) }))
      : h('section', { class: 'card', id: 'spend-entries' }, h('h2', { class: 'card-title' }, t('tracking.entries')),
        emptyState(t('tracking.empty.title'), t('tracking.empty.body'),
          h('button', { class: 'btn btn-primary', id: 'spend-empty-book', onclick: () => document.getElementById('spend-tactic')?.focus() }, t('tracking.empty.book')),
          h('button', { class: 'btn', id: 'spend-empty-import', onclick: () => importSpend({ redraw, notify }) }, t('spendImport.button')))),
  ];
}

/** Spend beyond plan in a row, tactic by tactic: "¥18,000.00 · 1 项", or nothing. */
export function overspentCell(r) {
  if (!r.overspent_count) return '';
  return h('span', { class: 'status-error overspent', title: t('tracking.overspentHint') },
    t('tracking.overspentAmount', { amount: r.overspent.yuan, n: r.overspent_count }));
}

async function removeSpend(e, redraw, notify) {
  // Focus stays in the list: on the next entry's 删除 (the one before, for the last).
  const rows = [...document.querySelectorAll('#spend-table tbody tr')];
  const at = rows.findIndex((tr) => tr.dataset.spendId === String(e.id));
  const neighbour = (rows[at + 1] ?? rows[at - 1])?.dataset.spendId;
  try {
    const { overview, removed } = await api.deleteSpend(e.id);
    rememberUndo(() => api.restoreSpend(removed));
    redraw(overview);
    (document.querySelector(`#spend-table tr[data-spend-id="${neighbour}"] button.danger`) ?? document.getElementById('spend-tactic'))?.focus();
    notify(t('tracking.deleted', { tactic: e.tactic, amount: e.amount.yuan }), 'info', { label: t('common.undo'), run: undoLast });
  } catch (err) {
    notify(err);
  }
}
