// The compare view (#event-compare-view): 2–4 candidates side by side, one column each, the
// best value of each row marked (highest score; lowest cost).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { mount, h, card, longText } from '../dom.js';
import { recTag, formatOne, moneyOr, backLink } from './event_common.js';

export async function renderCompare(sec, ids) {
  const pages = await api.compareEvents(ids);
  mount(sec.root, h('div', { id: 'event-compare-view', tabindex: '-1' },
    backLink(() => sec.list().catch((e) => sec.notify(e))),
    h('div', { class: 'page-header' },
      h('h1', { class: 'page-title' }, t('compare.title', { n: pages.length })),
      h('p', { class: 'page-summary' }, t('compare.summary'))),
    card(null, compareTable(pages, sec), h('p', { class: 'field-hint' }, t('compare.hint')))));
  sec.root.scrollTop = 0;
  sec.root.querySelector('#event-compare-view')?.focus({ preventScroll: true });
}

const fen = (m) => (m ? Number(m.fen) : null);

/** Rows: [label, value(page) for display, number(page) to rank or null, 'high'|'low' better]. */
function rowsFor(pages) {
  const sum = (p) => p.score?.summary;
  const criteria = pages.find((p) => p.score)?.score.criteria ?? [];
  const points = (p, code) => p.score?.criteria.find((c) => c.code === code);
  return [
    [t('col.type'), (p) => p.event.kind_label],
    [t('col.date'), (p) => p.event.date],
    [t('col.organiser'), (p) => longText(p.event.organiser)],
    [t('col.cost'), (p) => moneyOr(p.event.cost), (p) => fen(p.event.cost), 'low'],
    [t('col.score'), (p) => h('strong', {}, formatOne(sum(p)?.total)), (p) => sum(p)?.total, 'high'],
    [t('eventPage.leadValue'), (p) => formatOne(sum(p)?.lead_value), (p) => sum(p)?.lead_value, 'high'],
    [t('eventPage.brandValue'), (p) => formatOne(sum(p)?.brand_value), (p) => sum(p)?.brand_value, 'high'],
    [t('col.recommendation'), (p) => recTag(sum(p))],
    [t('eventPage.qualified'), (p) => formatOne(sum(p)?.qualified_contacts), (p) => sum(p)?.qualified_contacts, 'high'],
    [t('col.costPerQualified'), (p) => sum(p)?.cost_per_qualified?.yuan ?? t('common.none'), (p) => fen(sum(p)?.cost_per_qualified), 'low'],
    ...criteria.map((c) => [
      t('compare.criterion', { name: c.name, max: formatOne(c.max_points) }),
      (p) => formatOne(points(p, c.code)?.points),
      (p) => points(p, c.code)?.points, 'high', c.code,
    ]),
    [t('compare.reasons'), (p) => h('ul', { class: 'reasons compact' }, (p.score?.reasons ?? []).map((r) => h('li', {}, r)))],
  ];
}

/** The best value of a row, when the row ranks and the values differ. */
function best(pages, number, better) {
  const values = pages.map(number).filter((v) => v != null && !Number.isNaN(v));
  if (values.length < 2 || Math.min(...values) === Math.max(...values)) return null;
  return better === 'low' ? Math.min(...values) : Math.max(...values);
}

function compareTable(pages, sec) {
  const head = h('tr', {}, h('th', { scope: 'col' }, ''),
    pages.map((p) => h('th', { scope: 'col', dataset: { eventId: String(p.event.id) } },
      longText(p.event.name, { class: 'link compare-name', onclick: () => sec.open(p.event.id) }, 'button'))));
  const body = rowsFor(pages).map(([label, show, number, better, code]) => {
    const top = number ? best(pages, number, better) : null;
    return h('tr', { dataset: code ? { criterion: code } : {} },
      h('th', { scope: 'row' }, label),
      pages.map((p) => {
        const isBest = top != null && number(p) === top;
        return h('td', { class: [number ? 'num' : null, isBest ? 'best' : null].filter(Boolean).join(' ') || undefined },
          show(p), isBest ? h('span', { class: 'sr-only' }, ` (${t('compare.best')})`) : null);
      }));
  });
  const table = h('table', { class: 'table compare-table', id: 'compare-table' }, h('thead', {}, head), h('tbody', {}, body));
  table.style.setProperty('--columns', String(pages.length));
  return table;
}
