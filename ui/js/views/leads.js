// 线索: the lead list, paged on the server, searched by prefix.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, emptyState, card } from '../dom.js';

const PAGE = 50;
const view = { search: '', offset: 0 };

export async function renderLeads(root) {
  view.offset = 0; // the workspace may have changed since the last visit; the search is kept
  const first = await api.leads({ search: '', offset: 0, limit: 1 });
  const header = h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, t('leads.title')));
  if (first.total === 0) {
    mount(root, header, emptyState(t('leads.empty.title'), t('leads.empty.body')));
    return;
  }
  header.append(h('p', { class: 'page-summary' }, t('leads.summary', { n: count(first.total) })));
  const search = h('input', { class: 'input search', id: 'lead-search', type: 'search', placeholder: t('leads.search'), value: view.search, 'aria-label': t('leads.search') });
  const body = h('div', { id: 'lead-results' });
  mount(root, header, card(null, h('div', { class: 'toolbar' }, search), body));
  let timer;
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    try {
      const page = await api.leads({ search: view.search, offset: view.offset, limit: PAGE });
      if (mine === seq) drawPage(body, page, load);
    } catch (e) {
      body.replaceChildren(h('div', { class: 'error-state', role: 'alert' }, e.message));
    }
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      view.search = search.value.trim();
      view.offset = 0;
      load();
    }, 150);
  });
  await load();
}

function drawPage(body, page, load) {
  if (page.total === 0) {
    body.replaceChildren(h('p', { class: 'muted' }, t('leads.noMatch', { q: view.search })));
    return;
  }
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  const prev = h('button', { class: 'btn', disabled: page.offset === 0, onclick: () => { view.offset = Math.max(0, view.offset - PAGE); load(); } }, t('leads.prev'));
  const next = h('button', { class: 'btn', disabled: to >= page.total, onclick: () => { view.offset += PAGE; load(); } }, t('leads.next'));
  body.replaceChildren(
    table([
      { label: t('col.person'), cell: (r) => r.name },
      { label: t('col.mobile'), cell: (r) => r.mobile ?? '' },
      { label: t('col.email'), cell: (r) => r.email ?? '' },
      { label: t('col.company'), cell: (r) => r.company },
      { label: t('col.title'), cell: (r) => r.title },
      { label: t('col.city'), cell: (r) => r.city },
      { label: t('col.events'), num: true, cell: (r) => count(r.event_count) },
      { label: t('col.latestEvent'), cell: (r) => r.latest_event ?? '' },
    ], page.rows, { id: 'lead-table' }),
    h('div', { class: 'pager' }, h('span', { class: 'muted', id: 'lead-page-info' }, t('leads.page', { from: count(from), to: count(to), total: count(page.total) })), prev, next),
  );
}
