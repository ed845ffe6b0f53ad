// The tactics table of the 预算 section, editable in place and by keyboard:
// ↑/↓ move between rows, Enter edits, Enter saves, Esc cancels, Delete removes (undo with Ctrl+Z).
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, chip, longText } from '../dom.js';
import { rememberUndo, undoLast } from '../undo.js';
import { openTacticDetails } from './tactic_details.js';

const FIELDS = ['channel', 'name', 'owner', 'region', 'quarter', 'planned', 'expected_leads'];

/**
 * data: the budget overview; redraw(overview) re-renders the section with a fresh overview;
 * notify(message, kind, action) shows a notice.
 */
export function tacticsTable(data, { redraw, notify, addChannels }) {
  const tbody = h('tbody');
  const table = h('table', { class: 'table editable', id: 'tactic-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('col.channel')), h('th', { scope: 'col' }, t('col.name')),
      h('th', { scope: 'col' }, t('col.owner')), h('th', { scope: 'col' }, t('col.region')),
      h('th', { scope: 'col' }, t('col.quarter')), h('th', { scope: 'col', class: 'num' }, t('col.planned')),
            h('th', { scope: 'col', class: 'num' }, t('col.expectedLeads')), h('th', { scope: 'col' }, t('tactic.brief')),
      h('th', { scope: 'col' }, ''))),
    tbody);

  const viewRow = (r) => {
    const edit = h('button', { class: 'link', onclick: (e) => { e.stopPropagation(); startEdit(r); } }, t('common.edit'));
        const del = h('button', { class: 'link danger', onclick: (e) => { e.stopPropagation(); remove(r); } }, t('common.delete'));
    const details = h('button', { class: 'link details', onclick: (e) => { e.stopPropagation(); openDetails(r); } }, t('tactic.details'));
    const tr = h('tr', { tabindex: '0', dataset: { tacticId: String(r.id) } },
      h('td', {}, chip(r.color, r.channel_name)), h('td', {}, longText(r.name)), h('td', {}, longText(r.owner)), h('td', {}, longText(r.region)),
      h('td', {}, r.quarter || t('quarter.all')),
      h('td', { class: 'num planned-cell' }, r.planned.yuan,
        // Two lines (what was used, by how much it is over) that keep the amounts column narrow.
        r.overspent ? h('div', { class: 'status-error overspent', title: t('tracking.overspentHint') },
          h('span', {}, t('tactic.overspentUsed', { used: r.used.yuan })), h('span', {}, t('tactic.overspentOver', { over: r.overspent.yuan }))) : null),
      h('td', { class: 'num' }, count(r.expected.leads)),
      h('td', {}, h('span', { class: r.brief_complete ? 'status-ok' : 'status-warn brief-missing', title: t('tactic.briefState') },
        r.brief_complete ? t('tactic.briefDone') : t('tactic.briefMissing'))),
      h('td', { class: 'actions' }, details, edit, del));
    tr.addEventListener('click', () => startEdit(r));
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr) return;
            if (e.key === 'Enter') { e.preventDefault(); startEdit(r); }
      else if (e.key === 'Delete') { e.preventDefault(); remove(r); }
      else if (e.key === 'i' || e.key === 'F2') { e.preventDefault(); openDetails(r); }
      else if (e.key === 'ArrowDown') { e.preventDefault(); tr.nextElementSibling?.focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); tr.previousElementSibling?.focus(); }
    });
    return tr;
  };

  const editRow = (r) => {
    const channelSelect = h('select', { class: 'input', name: 'channel', 'aria-label': t('col.channel') },
      h('option', { value: '' }, t('budget.chooseChannel')),
      data.channels.map((c) => h('option', { value: String(c.id), selected: r && c.name === r.channel_name }, c.name)));
        // Q1–Q4 as bits; a tactic spanning several quarters keeps its own option.
    const masks = [[15, t('quarter.all')], [1, 'Q1'], [2, 'Q2'], [4, 'Q3'], [8, 'Q4']];
    if (r && !masks.some(([m]) => m === r.quarters)) masks.push([r.quarters, r.quarter]);
    const quarterSelect = h('select', { class: 'input', name: 'quarters', 'aria-label': t('col.quarter') },
      masks.map(([m, label]) => h('option', { value: String(m), selected: (r?.quarters ?? 15) === m }, label)));
    const input = (name, value, extra = {}) => h('input', { class: 'input', name, value: value ?? '', 'aria-label': t(`col.${name === 'expected_leads' ? 'expectedLeads' : name}`), autocomplete: 'off', ...extra });
    const inputs = {
      channel: channelSelect,
      name: input('name', r?.name),
      owner: input('owner', r?.owner),
      region: input('region', r?.region),
      quarter: quarterSelect,
      planned: input('planned', r ? r.planned.yuan.replace('¥', '') : '', { id: 'tactic-edit-planned', inputmode: 'decimal', class: 'input num' }),
            expected_leads: input('expected_leads', r ? String(r.expected.leads) : '', { inputmode: 'numeric', class: 'input num' }),
    };
    const error = h('div', { class: 'field-error', id: 'tactic-edit-error', role: 'alert' });
    const save = async () => {
      const form = {
        channel_id: inputs.channel.value ? Number(inputs.channel.value) : null,
        name: inputs.name.value, owner: inputs.owner.value, region: inputs.region.value,
                quarters: Number(inputs.quarter.value),
        planned: inputs.planned.value, expected_leads: inputs.expected_leads.value,
      };
      try {
        const next = await api.saveTactic(r ? r.id : null, form);
        // Keyboard focus stays in the table: on the row saved, or the row just added.
        redraw(next, r ? r.id : next.tactics.find((x) => !data.tactics.some((o) => o.id === x.id))?.id);
      } catch (e) {
        for (const f of FIELDS) inputs[f].removeAttribute('aria-invalid');
                const bad = inputs[e.field === 'quarters' ? 'quarter' : e.field];
        if (bad) {
          bad.setAttribute('aria-invalid', 'true');
          bad.focus();
        }
        error.textContent = e.message;
      }
    };
    const tr = h('tr', { class: 'editing', dataset: { tacticId: r ? String(r.id) : 'new' } },
            FIELDS.map((f) => h('td', {}, inputs[f])), h('td', {}),
      h('td', { class: 'actions' },
        h('button', { class: 'btn btn-primary btn-small', onclick: save }, t('common.save')),
        h('button', { class: 'btn btn-small', onclick: () => redraw(data, r?.id) }, t('common.cancel'))));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); save(); }
      else if (e.key === 'Escape') { e.preventDefault(); redraw(data, r?.id); }
    });
    const errorRow = h('tr', { class: 'row-error' }, h('td', { colspan: '9' }, error));
    const focus = () => {
      const el = r ? inputs.planned : inputs.channel;
      el.focus();
      el.select?.();
    };
    return { tr, errorRow, focus };
  };

    function openDetails(r) {
    openTacticDetails(r, data, { saved: (next) => redraw(next, r.id) });
  }

  function startEdit(r) {
    const current = tbody.querySelector(`tr[data-tactic-id="${r.id}"]`);
    const { tr, errorRow, focus } = editRow(r);
    current.replaceWith(tr);
    tr.after(errorRow);
    focus();
  }

  /** The row focus goes to when `r` is deleted: the next one, or the one before the last. */
  function neighbour(r) {
    const rows = [...tbody.querySelectorAll('tr[data-tactic-id]')].filter((tr) => tr.dataset.tacticId !== 'new');
    const at = rows.findIndex((tr) => tr.dataset.tacticId === String(r.id));
    const next = rows[at + 1] ?? rows[at - 1];
    return next ? Number(next.dataset.tacticId) : null;
  }

  async function remove(r) {
    try {
      const focusId = neighbour(r);
      const next = await api.deleteTactic(r.id);
      rememberUndo(() => api.restoreTactic(r.id));
      redraw(next, focusId);
      notify(t('budget.deleted', { name: r.name }), 'info', { label: t('common.undo'), run: undoLast });
    } catch (e) {
      notify(e);
    }
  }

  const add = () => {
    if (tbody.querySelector('tr[data-tactic-id="new"]')) {
      tbody.querySelector('tr[data-tactic-id="new"] .input')?.focus();
      return;
    }
    tbody.querySelector('tr.empty-row')?.setAttribute('hidden', '');
    const { tr, errorRow, focus } = editRow(null);
    tbody.prepend(tr, errorRow);
    focus();
  };

  tbody.append(...data.tactics.map(viewRow));
  if (!data.tactics.length) {
    // Nothing planned yet: the next step as a button (channels first, when there are none).
    const noChannels = !data.channels.length;
    tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan: '9' },
      h('span', { class: 'muted' }, t(noChannels ? 'tactic.emptyNoChannels' : 'tactic.empty')), ' ',
      noChannels
        ? h('button', { class: 'btn btn-small', id: 'tactic-empty-channels', onclick: addChannels }, t('rules.addChannel'))
        : h('button', { class: 'btn btn-small btn-primary', id: 'tactic-empty-add', onclick: () => add() }, t('budget.addTactic')))));
  }
  const addButton = h('button', { class: 'btn', id: 'add-tactic', onclick: add }, t('budget.addTactic'));
  return { table, addButton };
}
