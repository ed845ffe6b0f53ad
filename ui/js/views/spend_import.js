// 从表格导入: finance's payment list or a vendor statement → a preview of every row (problem rows
// first, each with its reason) → one booking of the good rows, undoable as a whole.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table } from '../dom.js';
import { rememberUndo, undoLast } from '../undo.js';

/** redraw(overview) re-renders the budget section; notify(message, kind, action) as in app.js. */
export async function importSpend({ redraw, notify }) {
  try {
    const path = await api.pickSpendFile();
    if (!path) return;
    const preview = await api.previewSpendImport(path);
    showPreview(path, preview, { redraw, notify });
  } catch (e) {
    notify(e);
  }
}

function showPreview(path, p, { redraw, notify }) {
  const dialog = h('dialog', { class: 'dialog wide', id: 'spend-import', 'aria-labelledby': 'spend-import-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  const error = h('div', { class: 'field-error', id: 'spend-import-error', role: 'alert' });
  const book = async () => {
    try {
      const done = await api.importSpend(path, p.batch);
      close();
      rememberUndo(() => api.undoSpendImport(done.batch));
      redraw(await api.budget());
      notify(t('spendImport.done', { n: done.booked, total: done.total.yuan, skipped: done.skipped }), 'success',
        { label: t('common.undo'), run: undoLast });
    } catch (e) {
      error.textContent = e.message;
    }
  };
  const confirm = h('button', { class: 'btn btn-primary', id: 'spend-import-confirm', onclick: book, disabled: p.ok === 0 || p.already_imported > 0 },
    t('spendImport.book', { n: p.ok }));
  dialog.append(
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'spend-import-title' }, t('spendImport.title')),
      h('span', { class: 'muted' }, p.file)),
    h('div', { class: 'dialog-body' },
      p.already_imported > 0 ? h('div', { class: 'alert alert-warning' }, t('spendImport.already', { n: p.already_imported })) : null,
      h('p', { id: 'spend-import-summary' }, t('spendImport.summary', { ok: p.ok, total: p.total.yuan, rejected: p.rejected })),
      h('p', { class: 'field-hint' }, t('spendImport.columns', { columns: p.mapped.join('、') })),
      table([
        { label: t('spendImport.line'), num: true, cell: (r) => String(r.line) },
        { label: t('col.date'), cell: (r) => r.date },
        { label: t('tracking.tactic'), cell: (r) => r.tactic },
        { label: t('tracking.kind'), cell: (r) => r.kind_label },
        { label: t('tracking.amount'), num: true, cell: (r) => r.amount },
        { label: t('tracking.vendor'), cell: (r) => r.vendor },
        { label: t('spendImport.problem'), cell: (r) => (r.problem ? h('span', { class: 'status-error' }, r.problem) : h('span', { class: 'status-ok' }, t('spendImport.ok'))) },
      ], p.rows, { id: 'spend-import-rows', rowAttrs: (r) => ({ class: r.problem ? 'row-problem' : undefined }) }),
      error),
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', onclick: close }, t('common.cancel')), confirm));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  confirm.focus();
}
