// 线索: the lead list — filtered, sorted and paged on the server so it stays fast at a million
// leads — a lead's page with its history, tags, score, stage, owner, follow-ups and deals;
// tagging, stage moves, owners and export of what is filtered; the 跟进 tab; the scorecard.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, emptyState, card, longText, confirmDialog } from '../dom.js';
import { drawer, undoImport, downloadRejected } from './import.js';
import { drawJourney, moveDialog, movedSentence, stageBadge, STAGES } from './lead_journey.js';
import { openLeadScorecard } from './lead_scorecard.js';
import { renderFollowups, refreshFollowupBadge, overdueCount } from './followups.js';
import { openTeam, memberSelect } from './team.js';
import { openLeadEdit, openLeadMerge, openLeadErase } from './lead_edit.js';

const PAGE = 50;
// `companyName` labels the company filter, which has no select of its own.
const view = { filter: { search: '' }, sort: 'newest', offset: 0, companyName: '', tab: 'list' };

/** Shows one company's leads: from a lead's page or a company cell in the list. */
function showCompany(id, name) {
  view.filter = { search: '', company_id: id };
  view.companyName = name;
  view.offset = 0;
  view.rerender?.();
}

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

function facetSelect(id, allLabel, facets, key, withCounts = true) {
  const current = view.filter[key] == null ? '' : String(view.filter[key]);
  return h('select', { class: 'input filter', id, 'aria-label': allLabel, onchange: (e) => {
    const v = e.target.value;
    view.filter[key] = v === '' ? null : key.endsWith('_id') ? Number(v) : v;
    view.offset = 0;
    view.reload();
  } }, option('', allLabel, current),
  facets.map((f) => option(f.key, withCounts && f.leads != null ? t('leads.facet', { label: f.label, n: count(f.leads) }) : f.label, current)));
}

export async function renderLeads(root, { notify, filter, importFiles } = {}) {
  view.offset = 0; // the workspace may have changed since the last visit; the search is kept
  if (filter) {
    const { tab, ...rest } = filter;
    view.tab = tab ?? 'list';
    if (Object.keys(rest).length) view.filter = { search: '', ...rest };
  }
  const [all, facets, team] = await Promise.all([api.leadCount({}), api.leadFacets(), api.team()]);
  const title = h('div', {}, h('h1', { class: 'page-title' }, t('leads.title')));
  const header = h('div', { class: 'page-header with-actions' }, title);
  if (all === 0) {
    mount(root, header, emptyState(t('leads.empty.title'), t('leads.empty.body'),
      h('button', { class: 'btn btn-primary', id: 'leads-empty-import', onclick: () => importFiles?.() }, t('leads.empty.import')),
      h('button', { class: 'btn', id: 'leads-empty-history', onclick: () => importHistory(notify, view.rerender, importFiles) }, t('imports.title'))));
    view.rerender = () => renderLeads(root, { notify, importFiles });
    return;
  }
  const summary = h('p', { class: 'page-summary', id: 'lead-summary' }, t('leads.summary', { n: count(all) }));
  title.append(summary);
  header.append(h('div', { class: 'page-actions' },
    h('button', { class: 'btn', id: 'lead-scorecard', onclick: () => openLeadScorecard({ notify, changed: () => { refreshFollowupBadge(); view.reload?.(true); } }) }, t('scoring.open')),
    h('button', { class: 'btn', id: 'lead-team', onclick: () => openTeam(notify, () => view.rerender?.()) }, t('team.title'))));
  const overdue = overdueCount();
  const tabs = h('div', { class: 'tabs', role: 'tablist', id: 'lead-tabs' }, ['list', 'followups'].map((tab) => h('button', {
    class: `tab${view.tab === tab ? ' active' : ''}`, role: 'tab', id: `lead-tab-${tab}`, 'aria-selected': String(view.tab === tab),
    onclick: () => { view.tab = tab; view.rerender(); },
  }, t(`leads.tab.${tab}`), tab === 'followups' && overdue ? h('span', { class: 'tab-badge', id: 'lead-tab-overdue', title: t('followup.badge', { n: count(overdue) }) }, count(overdue)) : null)));
  view.rerender = () => renderLeads(root, { notify, importFiles });
  if (view.tab === 'followups') {
    const followBody = h('div', { id: 'followup-list' });
    mount(root, header, tabs, card(null, followBody));
    await renderFollowups(followBody, { notify, openLead: (id, reload) => openLead(id, notify, reload) });
    return;
  }
  const search = h('input', { class: 'input search', id: 'lead-search', type: 'search', placeholder: t('leads.search'), value: view.filter.search ?? '', 'aria-label': t('leads.search') });
  const body = h('div', { id: 'lead-results' });
  view.rerender = () => renderLeads(root, { notify, importFiles });
  const companyChip = view.filter.company_id == null ? null
    : h('span', { class: 'tag filter-chip', id: 'lead-filter-company' }, t('leads.companyFilter', { name: view.companyName }),
      h('button', { class: 'tag-remove', 'aria-label': t('leads.clearCompany'), onclick: () => {
        view.filter.company_id = null; view.offset = 0; view.rerender();
      } }, '×'));
  const filters = h('div', { class: 'toolbar filters' },
    search,
    companyChip,
    facetSelect('lead-filter-event', t('leads.allEvents'), facets.events, 'event_id'),
    facetSelect('lead-filter-attendance', t('leads.anyAttendance'), facets.attendance, 'attendance', false),
    facetSelect('lead-filter-tag', t('leads.anyTag'), facets.tags, 'tag_id'),
    facetSelect('lead-filter-seniority', t('leads.anySeniority'), facets.seniority, 'seniority'),
    facetSelect('lead-filter-function', t('leads.anyFunction'), facets.function, 'function'),
    facetSelect('lead-filter-region', t('leads.anyRegion'), facets.regions, 'region'),
    facetSelect('lead-filter-stage', t('leads.anyStage'), STAGES.map((s) => ({ key: s, label: t(`stage.${s}`) })), 'stage', false),
    team.length ? facetSelect('lead-filter-owner', t('leads.anyOwner'), team.map((m) => ({ key: String(m.id), label: m.name })), 'owner_id', false) : null,
    h('label', { class: 'filter-check' },
      h('input', { type: 'checkbox', id: 'lead-filter-no-contact', checked: !!view.filter.no_contact, onchange: (e) => {
        view.filter.no_contact = e.target.checked || null;
        view.offset = 0;
        view.reload();
      } }), t('leads.noContact')),
    h('select', { class: 'input filter', id: 'lead-sort', 'aria-label': t('leads.sort'), onchange: (e) => { view.sort = e.target.value; view.offset = 0; load(); } },
      option('newest', t('leads.sort.newest'), view.sort), option('name', t('leads.sort.name'), view.sort), option('company', t('leads.sort.company'), view.sort)));
  const actions = h('div', { class: 'toolbar' },
    h('button', { class: 'btn', id: 'lead-tag-all', onclick: () => tagAll(notify) }, t('leads.tagAll')),
    h('button', { class: 'btn', id: 'lead-move-all', onclick: () => moveAll(notify) }, t('leads.moveAll')),
    h('button', { class: 'btn', id: 'lead-assign-all', onclick: () => assignAll(notify) }, t('leads.assignAll')),
    h('button', { class: 'btn', id: 'lead-export', onclick: () => exportDialog(notify) }, t('leads.export')),
    h('button', { class: 'btn', id: 'lead-imports', onclick: () => importHistory(notify, view.rerender, importFiles) }, t('imports.title')),
    h('button', { class: 'btn', id: 'lead-clear', onclick: () => view.clear() }, t('leads.clear')));
  view.clear = () => { view.filter = { search: '' }; view.offset = 0; renderLeads(root, { notify, importFiles }); };
  const reminder = overdue ? h('div', { class: 'alert alert-warning', id: 'lead-overdue-reminder' }, t('followup.reminder', { n: count(overdue) }), ' ',
    h('button', { class: 'btn btn-small', id: 'lead-overdue-open', onclick: () => { view.tab = 'followups'; view.rerender(); } }, t('followup.open'))) : null;
  mount(root, header, tabs, reminder, card(null, filters, actions, body));
  let timer;
  let seq = 0;
  let counted = { key: null, total: null };
  // The count of a filter is a pass over its matches: asked once per filter, not per page, and
  // again (`recount`) after a lead changed: an edit, a merge, a split or an erasure.
  const load = async (recount = false) => {
    const mine = ++seq;
    try {
      const key = JSON.stringify(view.filter);
      if (recount === true) {
        counted = { key: null, total: null };
        api.leadCount({}).then((n) => { summary.textContent = t('leads.summary', { n: count(n) }); }).catch(() => { /* the list says it */ });
      }
      const [page, total] = await Promise.all([
        api.leads({ ...view.filter, sort: view.sort, offset: view.offset, limit: PAGE, count: false }),
        counted.key === key ? counted.total : api.leadCount(view.filter),
      ]);
      counted = { key, total };
      view.total = total;
      if (mine === seq) drawPage(body, { ...page, total }, load, notify);
    } catch (e) {
      body.replaceChildren(h('div', { class: 'error-state', role: 'alert' }, e.message));
    }
  };
  view.reload = load;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      view.filter.search = search.value.trim();
      view.offset = 0;
      load();
    }, 150);
  });
  await load();
}

function drawPage(body, page, load, notify) {
  if (page.total === 0) {
    body.replaceChildren(h('div', { class: 'empty-inline', id: 'lead-no-match' },
      h('span', { class: 'muted' }, view.filter.search ? t('leads.noMatch', { q: view.filter.search }) : t('leads.noFilterMatch')), ' ',
      h('button', { class: 'btn btn-small', id: 'lead-no-match-clear', onclick: () => view.clear?.() }, t('leads.clear'))));
    return;
  }
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  // A new page starts at its first row, not where the pager button was.
  const turn = async (offset) => {
    view.offset = offset;
    await load();
    document.getElementById('lead-results')?.scrollIntoView({ block: 'start' });
  };
  const prev = h('button', { class: 'btn', disabled: page.offset === 0, onclick: () => turn(Math.max(0, view.offset - PAGE)) }, t('leads.prev'));
  const next = h('button', { class: 'btn', disabled: to >= page.total, onclick: () => turn(view.offset + PAGE) }, t('leads.next'));
  body.replaceChildren(
    table([
      { label: t('col.person'), cell: (r) => longText(r.name || t('leads.noName'), { href: '#', class: 'link', onclick: (e) => { e.preventDefault(); openLead(r.id, notify, () => load(true)); } }, 'a') },
      { label: t('col.mobile'), nowrap: true, cell: (r) => r.mobile ?? '' },
      { label: t('col.email'), cell: (r) => r.email ?? '' },
      { label: t('col.company'), cell: (r) => (r.company_id == null ? r.company
        : longText(r.company, { href: '#', class: 'link', title: `${r.company} · ${t('leads.onlyCompany')}`, onclick: (e) => { e.preventDefault(); showCompany(r.company_id, r.company); } }, 'a')) },
      { label: t('col.title'), cell: (r) => r.title },
      { label: t('col.city'), cell: (r) => r.city },
      { label: t('col.events'), num: true, cell: (r) => count(r.event_count) },
      { label: t('col.latestEvent'), cell: (r) => r.latest_event ?? '' },
      { label: t('leads.stageCol'), nowrap: true, cell: stageCell },
    ], page.rows, { id: 'lead-table', rowAttrs: (r) => ({ dataset: { id: String(r.id) } }) }),
    h('div', { class: 'pager' }, h('span', { class: 'muted', id: 'lead-page-info' }, t('leads.page', { from: count(from), to: count(to), total: count(page.total) })), prev, next),
  );
}

/** Where a lead stands: its stage, its grade and points once scored, who follows it up. */
function stageCell(r) {
  const stage = r.stage ?? 'lead';
  const score = r.grade ? `${r.grade} · ${r.points == null ? '—' : String(Math.round(r.points) / 100)}` : null;
  return h('span', { class: 'stage-cell' },
    stageBadge(stage),
    score ? h('span', { class: 'grade-cell', title: t('leads.scoreTitle') }, ` ${score}`) : null,
    r.owner ? h('div', { class: 'cell-sub' }, r.owner) : null);
}

/** The lead's page in a dialog: fields, tags (auto and manual), events, history. */
async function openLead(id, notify, reload) {
  let d;
  try {
    d = await api.leadDetail(id);
  } catch (e) {
    notify(e);
    return;
  }
  const dialog = h('dialog', { class: 'dialog wide', id: 'lead-detail', 'aria-labelledby': 'lead-detail-title' });
  // A tag added or removed changes the tag filter's choices and counts: redraw them on close.
  let tagsChanged = false;
  const close = () => { dialog.close(); dialog.remove(); if (tagsChanged) view.rerender?.(); };
  const error = h('div', { class: 'field-error', id: 'lead-detail-error', role: 'alert' });
  // Another lead's page in place of this one (a merge's other side, a shared contact).
  const openOther = (other) => { close(); openLead(other, notify, reload); };
  // Score, stage, owner, follow-ups, deals and merges: kept across the tag redraws below.
  const journey = h('section', { class: 'journey', id: 'lead-journey' }, h('p', { class: 'muted' }, t('common.loading')));
  const drawnJourney = () => drawJourney(journey, id, {
    notify,
    changed: () => { reload(); refreshFollowupBadge(); },
    // A split gives events, tags and fields back to the other lead: the whole page is redrawn.
    split: () => refresh(),
    open: openOther,
  });
  drawnJourney();
  /** After an edit, a merge or a split: the page as it now is, and the list behind it. */
  const refresh = async () => {
    try {
      d = await api.leadDetail(id);
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    // Redrawn where the user was (a split is clicked at the bottom, in 合并记录).
    const top = dialog.querySelector('.dialog-body')?.scrollTop ?? 0;
    draw(d);
    const body = dialog.querySelector('.dialog-body');
    if (body) body.scrollTop = top;
    drawnJourney();
    reload();
    refreshFollowupBadge();
  };
  const retagged = (detail) => {
    tagsChanged = true;
    error.textContent = '';
    draw(detail);
    reload();
  };
  const draw = (d) => {
    const tagInput = h('input', { class: 'input', id: 'lead-tag-input', placeholder: t('leads.tagPlaceholder'), 'aria-label': t('leads.addTag') });
    const addTag = async () => {
      const name = tagInput.value.trim();
      if (name && d.tags.some((tag) => tag.name === name)) {
        error.textContent = t('leads.tagTwice', { tag: name });
        return;
      }
      try {
        retagged(await api.tagLead(d.id, tagInput.value));
        // Typing several tags in a row: the field is drawn anew, keep the cursor in it.
        document.getElementById('lead-tag-input')?.focus();
      } catch (e) { error.textContent = e.message; }
    };
    tagInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') addTag(); });
    mount(dialog,
      h('div', { class: 'dialog-head lead-head' },
        h('h2', { id: 'lead-detail-title', tabindex: '-1' }, d.fields.name || t('leads.noName')),
        h('span', { class: 'muted', id: 'lead-detail-company' }, d.fields.company),
        h('span', { class: 'muted lead-number', id: 'lead-detail-number' }, `#${d.id}`),
        d.erased_at ? null : h('div', { class: 'dialog-head-actions' },
          h('button', { class: 'btn', id: 'lead-action-edit', onclick: () => openLeadEdit(d, { notify, saved: (n) => { if (n) refresh(); } }).catch(notify) }, t('leadEdit.open')),
          h('button', { class: 'btn', id: 'lead-action-merge', onclick: () => openLeadMerge(d, { notify, merged: refresh }).catch(notify) }, t('leadMerge.open')))),
      h('div', { class: 'dialog-body' },
        d.erased_at ? h('p', { class: 'notice notice-info', id: 'lead-erased' }, t('leadErase.erasedNotice', { date: d.erased_at.slice(0, 10) })) : null,
        h('dl', { class: 'facts', id: 'lead-facts' }, d.rows.filter(([, , value]) => value).flatMap(([, label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
        d.shared.map((s) => h('p', { class: 'notice notice-warning shared-contact', dataset: { key: s.key } }, s.text, '：',
          s.leads.flatMap(([id, name], i) => [i ? '、' : '', h('a', { href: '#', class: 'link', onclick: (e) => { e.preventDefault(); close(); openLead(id, notify, reload); } }, name || t('leads.noName'))]))),
        journey,
        h('h3', {}, t('leads.tags')),
        h('div', { class: 'tags', id: 'lead-auto-tags' }, d.auto_tags.map((tag) => h('span', { class: 'tag auto' }, tag))),
        h('div', { class: 'tags', id: 'lead-tags' }, d.tags.map((tag) => h('span', { class: 'tag' }, tag.name,
          h('button', { class: 'tag-remove', 'aria-label': t('leads.removeTag', { tag: tag.name }), onclick: async () => {
            try { retagged(await api.untagLead(d.id, tag.id)); } catch (e) { error.textContent = e.message; }
          } }, '×'))),
          h('span', { class: 'tag-add' }, tagInput, h('button', { class: 'btn', id: 'lead-tag-add', onclick: addTag }, t('leads.addTag')))),
        error,
        d.company ? companySection(d.company, close, notify, reload) : null,
        d.events.length ? h('h3', {}, t('leads.events')) : null,
        d.events.length ? table([
          { label: t('col.event'), cell: (e) => e.name },
          { label: t('col.date'), cell: (e) => e.date },
          { label: t('col.status'), cell: (e) => h('span', { class: `state state-${e.state}` }, e.state_label) },
        ], d.events, { id: 'lead-events' }) : null,
        h('h3', {}, t('leads.history')),
        h('ol', { class: 'history', id: 'lead-history' }, d.history.map((x) => h('li', { class: `history-${x.kind}` }, h('time', {}, x.at), ' ', x.text)))),
      // Close comes first in Tab order; the erasure shows apart, at the left (app.css).
      h('div', { class: 'dialog-foot' },
        h('button', { class: 'btn', id: 'lead-detail-close', onclick: close }, t('import.close')),
        d.erased_at ? null : h('button', { class: 'btn btn-danger-outline foot-start', id: 'lead-action-erase', title: t('leadErase.buttonTitle'), onclick: () => openLeadErase(d, { notify, erased: () => {
          close();
          reload();
          refreshFollowupBadge();
        } }) }, t('leadErase.open'))));
  };
  draw(d);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  // The page opens at its top (who the lead is, its score and stage), not at the tag field.
  dialog.querySelector('#lead-detail-title')?.focus();
}

/** The lead's company: its leads, which parts of the buying centre they reach, its other contacts. */
function companySection(c, close, notify, reload) {
  return h('section', { id: 'lead-company' },
    h('h3', {}, t('leads.company')),
    h('p', { class: 'company-head' }, h('strong', {}, t('leads.companyLeads', { name: c.name, n: count(c.leads) })), ' ',
      h('button', { class: 'btn', id: 'lead-company-only', onclick: () => { close(); showCompany(c.id, c.name); } }, t('leads.onlyCompany'))),
    h('div', { class: 'tags', id: 'lead-coverage', 'aria-label': t('leads.coverage') },
      h('span', { class: 'muted' }, t('leads.coverageLabel')),
      c.coverage.map((f) => h('span', { class: f.leads ? 'tag auto' : 'tag missing', dataset: { function: f.key } },
        f.leads ? `${f.label} ${count(f.leads)}` : `${f.label} · ${t('leads.notReached')}`))),
    c.colleagues.length ? h('h4', {}, t('leads.colleagues')) : null,
    c.colleagues.length ? table([
      { label: t('col.person'), cell: (p) => h('a', { href: '#', class: 'link', onclick: (e) => { e.preventDefault(); close(); openLead(p.id, notify, reload); } }, p.name || t('leads.noName')) },
      { label: t('col.title'), cell: (p) => p.title },
      { label: t('col.seniority'), cell: (p) => p.seniority },
      { label: t('col.function'), cell: (p) => p.function },
    ], c.colleagues, { id: 'lead-colleagues' }) : null);
}

/** The list's filter as the backend reads it: a filter switched off (null) is left out. */
function filterForBackend() {
  return Object.fromEntries(Object.entries(view.filter).filter(([, v]) => v != null));
}

/** 移至阶段…: every lead the list's filter matches, after saying how many. */
async function moveAll(notify) {
  let team = [];
  try { team = await api.team(); } catch { /* the name is typed instead */ }
  const n = count(view.total ?? 0);
  const answer = await moveDialog({ id: 'move-all', title: t('leads.moveAll'), intro: t('leads.moveAllIntro', { n }), team, okLabel: t('leads.moveRun', { n }) });
  if (!answer) return;
  try {
    const r = await api.moveLeads(null, filterForBackend(), answer.stage, answer.who, answer.reason);
    notify(movedSentence(r, answer.stage), r.refused_count ? 'warning' : 'success');
    refreshFollowupBadge();
    view.rerender?.();
  } catch (e) {
    notify(e);
  }
}

/** 分配给…: a named member for every filtered lead, or the rules with the sales taking turns. */
async function assignAll(notify) {
  let team;
  try { team = await api.team(); } catch (e) { notify(e); return; }
  if (!team.length) {
    const add = await confirmDialog({ id: 'assign-no-team', title: t('leads.assignAll'), intro: t('leads.noTeam'), confirmLabel: t('team.add'), cancelLabel: t('common.cancel') });
    if (add) openTeam(notify, () => view.rerender?.());
    return;
  }
  const n = count(view.total ?? 0);
  const dialog = h('dialog', { class: 'dialog narrow', id: 'assign-all', 'aria-labelledby': 'assign-all-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  const who = memberSelect('assign-all-to', team, '', t('journey.byRules'), t('journey.assignTo'));
  const onlyUnowned = h('input', { type: 'checkbox', id: 'assign-all-unowned', checked: true });
  const error = h('div', { class: 'field-error', role: 'alert' });
  const run = h('button', { class: 'btn btn-primary', id: 'assign-all-run' }, t('leads.assignRun', { n }));
  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const changed = await api.assignLeads(null, filterForBackend(), who.value || null, onlyUnowned.checked);
      close();
      notify(t('leads.assigned', { n: count(changed) }), 'success');
      refreshFollowupBadge();
      view.rerender?.();
    } catch (e) {
      error.textContent = e.message;
      run.disabled = false;
    }
  });
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'assign-all-title' }, t('leads.assignAll'))),
    h('div', { class: 'dialog-body' },
      h('p', { id: 'assign-all-intro' }, t('leads.assignIntro', { n })),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('journey.assignTo')), who),
      h('label', { class: 'filter-check' }, onlyUnowned, t('leads.onlyUnowned')),
      h('p', { class: 'field-hint' }, t('leads.assignHint')), error),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', onclick: close }, t('common.cancel')), run));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  who.focus();
}

async function tagAll(notify) {
  const input = h('input', { class: 'input', id: 'tag-all-name', placeholder: t('leads.tagPlaceholder') });
  const error = h('div', { class: 'field-error', role: 'alert' });
  const dialog = h('dialog', { class: 'dialog', id: 'tag-all' });
  const close = () => { dialog.close(); dialog.remove(); };
  const runButton = h('button', { class: 'btn btn-primary', id: 'tag-all-run', onclick: () => run() }, t('leads.addTag'));
  const run = async () => {
    runButton.disabled = true;
    try {
      const n = await api.tagLeads(filterForBackend(), input.value);
      close();
      notify(t('leads.tagged', { n: count(n), tag: input.value.trim() }), 'success');
      view.rerender?.();
    } catch (e) {
      error.textContent = e.message;
      runButton.disabled = false;
    }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') run(); });
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', {}, t('leads.tagAll'))),
    h('div', { class: 'dialog-body' }, h('p', { class: 'field-hint', id: 'tag-all-hint' }, view.total == null ? t('leads.tagAllHint') : t('leads.tagAllCount', { n: count(view.total) })), input, error),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', onclick: close }, t('common.cancel')), runButton));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}

async function exportDialog(notify) {
  let presets;
  try { presets = await api.exportPresets(); } catch (e) { notify(e); return; }
  const preset = h('select', { class: 'input', id: 'export-preset' }, presets.map((p) => h('option', { value: p.code }, p.label)));
  const format = h('select', { class: 'input', id: 'export-format' }, h('option', { value: 'xlsx' }, 'Excel (.xlsx)'), h('option', { value: 'csv' }, 'CSV (UTF-8)'));
  const error = h('div', { class: 'field-error', role: 'alert' });
  const dialog = h('dialog', { class: 'dialog', id: 'lead-export-dialog' });
  const close = () => { dialog.close(); dialog.remove(); };
  const run = async () => {
    try {
      const done = await api.exportLeads(filterForBackend(), preset.value, format.value);
      if (!done) return;
      close();
      notify(t('leads.exported', { n: count(done[1]), path: done[0] }), 'success');
    } catch (e) { error.textContent = e.message; }
  };
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', {}, t('leads.export'))),
    h('div', { class: 'dialog-body' },
      h('label', { class: 'field' }, h('span', {}, t('leads.preset')), preset),
      h('label', { class: 'field' }, h('span', {}, t('leads.format')), format),
      h('p', { class: 'field-hint' }, t('leads.exportHint')), error),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', onclick: close }, t('common.cancel')), h('button', { class: 'btn btn-primary', id: 'lead-export-run', onclick: run }, t('leads.exportRun'))));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
}

/** Every import, newest first, each with its undo and its refused rows: the summary drawer and
 *  its notice are gone once closed, and an import must stay undoable until a later one uses
 *  its leads (the store then says which). Undo asks to be clicked twice. */
function importHistory(notify, refresh, importFiles) {
  const ui = drawer(t('imports.title'));
  ui.onClose(refresh);
  const when = (iso) => iso.slice(0, 16).replace('T', ' ');
  const actions = (b) => {
    if (b.undone_at) return h('span', { class: 'muted' }, t('imports.undoneAt', { when: when(b.undone_at) }));
    const undo = h('button', { class: 'btn', id: `import-undo-${b.id}`, onclick: async () => {
      if (!undo.dataset.armed) {
        undo.dataset.armed = '1';
        undo.textContent = t('imports.confirmUndo');
        return;
      }
      undo.disabled = true;
      await undoImport(b.id, notify);
      draw();
    } }, t('common.undo'));
    const rejected = b.counts.rejected > 0 || b.counts.warned > 0 ? h('button', { class: 'btn', onclick: () => downloadRejected(b.id, notify) },
      t('imports.rejected', { n: count(b.counts.rejected), warned: count(b.counts.warned) })) : null;
    return h('div', { class: 'row-actions' }, rejected, undo);
  };
  const draw = async () => {
    let batches;
    try {
      batches = await api.importBatches();
    } catch (e) {
      mount(ui.body, h('div', { class: 'error-state', role: 'alert' }, e.message));
      return;
    }
    if (!batches.length) {
      mount(ui.body, emptyState(t('imports.empty'), t('leads.empty.body'),
        h('button', { class: 'btn btn-primary', id: 'import-history-empty', onclick: () => { ui.close(); importFiles?.(); } }, t('leads.empty.import'))));
      return;
    }
    mount(ui.body, table([
      { label: t('imports.when'), cell: (b) => h('span', { class: 'nowrap' }, when(b.imported_at)) },
      { label: t('col.file'), cell: (b) => b.file_name },
      { label: t('import.event'), cell: (b) => b.event_name },
      { label: t('import.listKind'), cell: (b) => b.list_label },
      { label: t('imports.result'), cell: (b) => t('imports.counts', { new: count(b.counts.new), merged: count(b.counts.merged), rejected: count(b.counts.rejected) })
        + (b.counts.warned ? ` · ${t('imports.warned', { n: count(b.counts.warned) })}` : '')
        + (b.counts.no_contact ? ` · ${t('imports.noContact', { n: count(b.counts.no_contact) })}` : '') },
      { label: '', cell: actions },
    ], batches, { id: 'import-history', rowAttrs: (b) => ({ class: b.undone_at ? 'row-undone' : undefined }) }));
  };
  draw();
}
