// 导入邀约表: a sheet of organisers' offers (any spreadsheet, header found, columns by name),
// each row scored as a candidate, problems named per row; the good ones saved as candidates.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, table, longText } from '../dom.js';
import { recTag, formatOne, modal } from './event_common.js';

/** Picks a sheet, shows every offer scored, and saves the readable ones when asked. */
export async function importOffers({ notify, saved }) {
  let path;
  try {
    path = await api.pickOffersFile();
  } catch (e) {
    notify(e);
    return;
  }
  if (!path) return;
  let offers;
  try {
    offers = await api.scoreOffersFile(path, false);
  } catch (e) {
    notify(e);
    return;
  }
  const good = offers.rows.filter((r) => r.score).length;
  const { dialog, close } = modal('event-offers', 'wide');
  const save = h('button', { class: 'btn btn-primary', id: 'offers-save', disabled: good === 0 },
    t('offers.save', { n: count(good) }));
  save.onclick = async () => {
    save.disabled = true;
    try {
      const done = await api.scoreOffersFile(path, true);
      close();
      notify(t('offers.saved', { n: count(done.saved), skipped: count(good - done.saved) }), 'success');
      await saved();
    } catch (e) {
      notify(e);
      save.disabled = false;
    }
  };
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'event-offers-title' }, t('offers.title', { file: offers.file }))),
    h('div', { class: 'dialog-body' },
      h('p', { class: 'field-hint' }, t('offers.columns', { mapped: offers.mapped.join('、') || t('common.none') })
        + (offers.ignored.length ? ` ${t('offers.ignored', { ignored: offers.ignored.join('、') })}` : '')),
      table([
        { label: t('offers.row'), num: true, cell: (r) => String(r.line) },
        { label: t('col.event'), cell: (r) => longText(r.name) },
        { label: t('col.type'), nowrap: true, cell: (r) => r.kind_label },
        { label: t('col.date'), nowrap: true, cell: (r) => r.date },
        { label: t('col.score'), num: true, cell: (r) => (r.score ? formatOne(r.score.total) : t('common.none')) },
        { label: t('col.recommendation'), cell: (r) => (r.score ? recTag(r.score)
          : h('span', { class: 'field-error' }, r.problem)) },
        { label: t('col.qualified'), num: true, cell: (r) => (r.score ? formatOne(r.score.qualified_contacts) : '') },
        { label: t('col.costPerQualified'), num: true, cell: (r) => r.score?.cost_per_qualified?.yuan ?? '' },
      ], offers.rows, { id: 'offers-table' }),
      h('p', { class: 'field-hint' }, t('offers.hint'))),
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', onclick: close }, t('common.cancel')), save));
  document.body.append(dialog);
  dialog.showModal();
}
