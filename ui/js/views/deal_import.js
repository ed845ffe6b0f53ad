// 导入商机: the CRM's deals export (Salesforce, HubSpot, 纷享销客, 销售易 — any sheet format) →
// a preview of every row with the lead it found or why none, and the rows that cannot be
// imported with their reason; columns the file's words do not name are mapped by hand (and
// remembered for that header) → one import of the good rows, undoable as a whole.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table } from '../dom.js';
import { rememberUndo, undoLast, forgetUndo } from '../undo.js';

/** The fields a column can be read as, in the order the mapping offers them. */
const FIELDS = ['deal_id', 'deal_name', 'lead_id', 'mobile', 'email', 'contact', 'company', 'stage', 'amount', 'created_on', 'closed_on', 'owner'];

/** 导入商机 button: the native open dialog, then the preview. `after` redraws what shows deals. */
export async function pickDealImport(ctx, after) {
  try {
    const path = await api.pickDealsFile();
    if (path) await openDealImport(path, ctx, after);
  } catch (e) {
    ctx.notify(e);
  }
}

/**
 * Previews `path`. `fallback` (a file dropped on 报表) takes a file that is no deals export to
 * the usual import: at once when no header can be found, or from a button in the preview.
 */
export async function openDealImport(path, ctx, after, fallback = null) {
  let preview;
  try {
    preview = await api.previewDealImport(path);
  } catch (e) {
    if (fallback && e.code === 'deal_columns_missing') return fallback();
    ctx.notify(e);
    return null;
  }
  showPreview(path, preview, ctx, after, fallback);
  return preview;
}

function stat(label, n, kind) {
  return h('div', { class: `stat stat-${kind}` }, h('div', { class: 'stat-value', id: `deal-count-${kind}` }, n), h('div', { class: 'stat-label' }, label));
}

/** Each header cell and the field it is read as, to change by hand. */
function mappingTable(columns, onchange) {
  return table([
    { label: t('deals.header'), cell: (c) => c.header || h('span', { class: 'muted' }, t('common.none')) },
    { label: t('deals.readAs'), cell: (c) => h('select', { class: 'input', id: `deal-map-${c.i}`, 'aria-label': t('deals.readAs'),
      onchange: (e) => onchange(c.i, e.target.value || null) },
    h('option', { value: '' }, t('deals.ignore')),
    FIELDS.map((f) => h('option', { value: f, selected: f === c.code }, t(`deals.col.${f}`)))) },
  ], columns.map(([header, code], i) => ({ header, code, i })), { id: 'deal-import-mapping' });
}

function showPreview(path, first, ctx, after, fallback) {
  const dialog = h('dialog', { class: 'dialog wide', id: 'deal-import', 'aria-labelledby': 'deal-import-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  // The mapping the preview was read with: null until the user changes a column.
  let mapping = null;
  const draw = (p) => {
    const error = h('div', { class: 'field-error', id: 'deal-import-error', role: 'alert' });
    const edited = p.columns.map(([, code]) => code ?? null);
    const again = h('button', { class: 'btn', id: 'deal-import-remap', onclick: async () => {
      again.disabled = true;
      try {
        const next = await api.previewDealImport(path, edited);
        mapping = edited;
        draw(next);
      } catch (e) {
        error.textContent = e.message;
        again.disabled = false;
      }
    } }, t('deals.previewAgain'));
    const confirm = h('button', { class: 'btn btn-primary', id: 'deal-import-confirm', disabled: p.ok === 0 || !!p.missing },
      t('deals.confirm', { n: count(p.ok) }));
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        const done = await api.importDeals(path, p.batch, mapping);
        close();
        const undo = async () => {
          forgetUndo(undo);
          await api.undoDealImport(done.batch_id);
          ctx.notify(t('deals.undone'), 'success');
          await after?.();
        };
        rememberUndo(undo);
        await after?.();
        ctx.notify(t('deals.done', {
          n: count(done.added + done.updated), added: count(done.added), updated: count(done.updated),
          matched: count(done.matched), moved: count(done.leads_moved), unmatched: count(done.unmatched),
        }), 'success', { label: t('common.undo'), run: undoLast });
      } catch (e) {
        error.textContent = e.message;
        confirm.disabled = false;
      }
    });
    // A header cell read as a field of another name says which; one named as the field is enough alone.
    const mapped = p.columns.filter(([, code]) => code).map(([header, code]) => {
      const field = t(`deals.col.${code}`);
      return header.trim() === field ? field : t('deals.mappedAs', { header, field });
    });
    const ignored = p.columns.filter(([header, code]) => !code && header.trim()).map(([header]) => header);
    const columns = h('details', { class: 'deal-mapping', id: 'deal-import-map', open: !!p.missing },
      h('summary', {}, t('deals.mapByHand')),
      mappingTable(p.columns, (i, code) => { edited[i] = code; }),
      h('p', { class: 'field-hint' }, t('deals.mapHint')),
      again);
    mount(dialog,
      h('div', { class: 'dialog-head' }, h('h2', { id: 'deal-import-title' }, t('deals.title')), h('span', { class: 'muted' }, p.file)),
      h('div', { class: 'dialog-body' },
        p.already_imported ? h('div', { class: 'alert alert-warning', id: 'deal-import-already' }, t('deals.already')) : null,
        p.missing ? h('div', { class: 'alert alert-warning', id: 'deal-import-missing' }, p.missing, ' ', t('deals.missingHint')) : h('div', { class: 'import-counts deal-counts', id: 'deal-import-counts' },
          stat(t('deals.count.ok'), count(p.ok), 'ok'),
          stat(t('deals.count.matched'), count(p.matched), 'matched'),
          stat(t('deals.count.unmatched'), count(p.ok - p.matched), 'unmatched'),
          stat(t('deals.count.rejected'), count(p.rejected), 'rejected'),
          stat(t('deals.count.won'), p.won.wan, 'won')),
        p.missing ? null : h('p', { class: 'field-hint', id: 'deal-import-columns' }, t('deals.columns', { columns: mapped.join(t('deals.sep')) }),
          ignored.length ? ` ${t('deals.ignored', { columns: ignored.join(t('deals.sep')) })}` : ''),
        columns,
        p.rows.length ? table([
          { label: t('deals.line'), num: true, cell: (r) => String(r.line) },
          { label: t('deals.name'), cell: (r) => r.name },
          { label: t('col.company'), cell: (r) => r.company },
          { label: t('deals.stage'), nowrap: true, cell: (r) => r.status_label || h('span', { class: 'muted' }, t('common.none')) },
          { label: t('deals.amount'), num: true, cell: (r) => r.amount },
          { label: t('deals.closed'), nowrap: true, cell: (r) => r.closed_on },
          { label: t('deals.lead'), prose: true, cell: (r) => (r.problem ? '' : h('span', { class: r.matched ? 'status-ok' : 'status-warn' }, r.lead)) },
          { label: t('deals.problem'), cell: (r) => (r.problem ? h('span', { class: 'status-error' }, r.problem) : h('span', { class: 'status-ok nowrap' }, t('deals.ok'))) },
        ], p.rows, { id: 'deal-import-rows', rowAttrs: (r) => ({ class: r.problem ? 'row-problem' : undefined }) }) : null,
        p.rows.length && p.rows.length < p.ok + p.rejected ? h('p', { class: 'field-hint' }, t('deals.firstRows', { n: count(p.rows.length), total: count(p.ok + p.rejected) })) : null,
        h('p', { class: 'field-hint' }, t('deals.hint')),
        error),
      h('div', { class: 'dialog-foot' },
        fallback ? h('button', { class: 'link foot-hint', id: 'deal-import-not-deals', onclick: () => { close(); fallback(); } }, t('deals.notDeals')) : null,
        h('button', { class: 'btn', id: 'deal-import-cancel', onclick: close }, t('common.cancel')), confirm));
    (p.missing ? dialog.querySelector('#deal-map-0') : confirm)?.focus();
  };
  draw(first);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  (first.missing ? dialog.querySelector('#deal-map-0') : dialog.querySelector('#deal-import-confirm'))?.focus();
}
