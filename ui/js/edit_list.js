// A small table whose rows are edited in place: 修改 or Enter opens the row's inputs, Enter
// saves, Esc cancels, a refusal is a sentence under the row and marks the field it names.
// Keyboard focus stays in the table: after a save on the row saved (or added), after a delete
// on the next row (the one before, for the last), with no rows left on the add button.
import { t } from './i18n.js';
import { h, cellContent } from './dom.js';

/**
 * columns: [{label, num?, field?, view(row) -> Node|string, input(row|null) -> input element}]
 *   `field` is the name the backend uses in errors ({field}); the input gets aria-invalid.
 * save(row|null, values) -> Promise: values maps each column's field to its input's value.
 * remove(row) -> Promise, optional.
 */
export function editList({ id, columns, rows, rowKey, save, remove, addLabel, canRemove, emptyText }) {
  const tbody = h('tbody');
  const colspan = String(columns.length + 1);
  const known = new Set(rows.map((r) => String(rowKey(r))));
  const addId = `${id}-add`;

  // save and remove redraw the section: the table found again by id is the new one.
  const focusAfter = (key) => {
    const table = document.getElementById(id);
    const row = key != null ? table?.querySelector(`tbody tr[data-key="${CSS.escape(key)}"]`) : null;
    (row ?? document.getElementById(addId))?.focus();
  };
  const added = () => [...(document.getElementById(id)?.querySelectorAll('tbody tr[data-key]') ?? [])]
    .map((tr) => tr.dataset.key).find((k) => k !== 'new' && !known.has(k));
  const neighbour = (tr) => {
    const rows = [...tbody.querySelectorAll('tr[data-key]')].filter((x) => x.dataset.key !== 'new');
    const at = rows.indexOf(tr);
    return (rows[at + 1] ?? rows[at - 1])?.dataset.key ?? null;
  };
  const removeRow = async (r, tr) => {
    const next = neighbour(tr);
    await remove(r);
    // Still there when the delete was refused.
    focusAfter(document.getElementById(id)?.querySelector(`tbody tr[data-key="${CSS.escape(String(rowKey(r)))}"]`) ? String(rowKey(r)) : next);
  };

  const removable = (r) => remove && (!canRemove || canRemove(r));

  const viewRow = (r) => {
    const tr = h('tr', { tabindex: '0', dataset: { key: String(rowKey(r)) } },
      columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.num ? c.view(r) : cellContent(c.view(r)))),
      h('td', { class: 'actions' },
        h('button', { class: 'link edit', onclick: () => startEdit(r, tr) }, t('common.edit')),
        removable(r)
          ? h('button', { class: 'link danger delete', onclick: () => removeRow(r, tr) }, t('common.delete'))
          : null));
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr) return;
      if (e.key === 'Enter') { e.preventDefault(); startEdit(r, tr); }
      else if (e.key === 'Delete' && removable(r)) { e.preventDefault(); removeRow(r, tr); }
      else if (e.key === 'ArrowDown') { e.preventDefault(); tr.nextElementSibling?.focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); tr.previousElementSibling?.focus(); }
    });
    return tr;
  };

  const editRow = (r, restore) => {
    const inputs = columns.map((c) => (c.input ? c.input(r) : null));
    const error = h('div', { class: 'field-error', role: 'alert' });
    const errorRow = h('tr', { class: 'row-error' }, h('td', { colspan }, error));
    const cancel = () => {
      errorRow.remove();
      const back = restore();
      tr.replaceWith(back);
      if (r) back.focus();
      else {
        tbody.querySelector('tr.empty-row')?.removeAttribute('hidden');
        document.getElementById(addId)?.focus();
      }
    };
    const submit = async () => {
      const values = {};
      columns.forEach((c, i) => { if (c.field && inputs[i]) values[c.field] = inputs[i].value; });
      try {
        await save(r, values);
        focusAfter(r ? String(rowKey(r)) : added());
      } catch (e) {
        inputs.forEach((el) => el?.removeAttribute('aria-invalid'));
        const bad = columns.findIndex((c) => c.field && c.field === e.field);
        if (bad >= 0 && inputs[bad]) {
          inputs[bad].setAttribute('aria-invalid', 'true');
          inputs[bad].focus();
        }
        error.textContent = e.message;
      }
    };
    const tr = h('tr', { class: 'editing', dataset: { key: r ? String(rowKey(r)) : 'new' } },
      columns.map((c, i) => h('td', { class: c.num ? 'num' : undefined }, inputs[i] ?? c.view(r))),
      h('td', { class: 'actions' },
        h('button', { class: 'btn btn-primary btn-small save', onclick: submit }, t('common.save')),
        h('button', { class: 'btn btn-small', onclick: cancel }, t('common.cancel'))));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.tagName !== 'TEXTAREA') { e.preventDefault(); submit(); }
      else if (e.key === 'Escape') { e.preventDefault(); cancel(); }
    });
    const first = inputs.find(Boolean);
    return { tr, errorRow, focus: () => { first?.focus(); first?.select?.(); } };
  };

  function startEdit(r, current) {
    const { tr, errorRow, focus } = editRow(r, () => viewRow(r));
    current.replaceWith(tr);
    tr.after(errorRow);
    focus();
  }

  const add = () => {
    const open = tbody.querySelector('tr[data-key="new"]');
    if (open) {
      open.querySelector('.input')?.focus();
      return;
    }
    tbody.querySelector('tr.empty-row')?.setAttribute('hidden', '');
    const { tr, errorRow, focus } = editRow(null, () => h('tr', { hidden: true }));
    tbody.prepend(tr, errorRow);
    focus();
  };

  tbody.append(...rows.map(viewRow));
  if (!rows.length && emptyText) {
    tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan },
      h('span', { class: 'muted' }, emptyText), ' ',
      addLabel ? h('button', { class: 'btn btn-small btn-primary', onclick: add }, addLabel) : null)));
  }
  const table = h('table', { class: 'table editable', id },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label)), h('th', {}, ''))),
    tbody);
  const addButton = addLabel ? h('button', { class: 'btn add', id: addId, onclick: add }, addLabel) : null;
  return { table, addButton };
}

/** A text input for an edit row. */
export function textInput(name, value, extra = {}) {
  return h('input', { class: 'input', name, value: value ?? '', autocomplete: 'off', ...extra });
}

/** A select of [value, label] pairs for an edit row. */
export function selectInput(name, options, chosen, extra = {}) {
  return h('select', { class: 'input', name, ...extra },
    options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
}
