// 活动: the section's frame — header with its summary and actions, the four tabs (候选 · 全年活动
// · 组合 · 日历), and the way to an event's page and to the compare view. The pieces live beside
// it: event_form.js (the candidate form), event_page.js, event_compare.js, event_portfolio.js,
// event_calendar.js, event_scorecard.js.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, emptyState, card, svg, longText } from '../dom.js';
import { recTag, statusTag, scoreBar, formatOne, moneyOr } from './event_common.js';
import { openEventForm } from './event_form.js';
import { renderEventPage } from './event_page.js';
import { renderCompare } from './event_compare.js';
import { portfolioPanel } from './event_portfolio.js';
import { calendarPanel } from './event_calendar.js';
import { openScorecard } from './event_scorecard.js';
import { importOffers } from './event_offers.js';

const TABS = ['candidates', 'all', 'portfolio', 'calendar'];

// What the section shows; the tab and the events picked for comparing survive redraws. Until
// the user picks a tab, the section opens on 候选, or on 全年活动 when there is no candidate.
const view = { tab: 'candidates', chosen: false, picked: new Set() };

/** The section, from the navigation: always starts at the list. */
export async function renderEvents(root, ctx = {}) {
  await drawList(sectionOf(root, ctx), true);
}

/** What every part of the section needs: where to draw, the app's ctx, and the ways around. */
function sectionOf(root, ctx) {
  const sec = {
    root, ctx, notify: ctx.notify,
    list: () => drawList(sec).then(() => { root.scrollTop = 0; }),
    open: (id) => renderEventPage(sec, id).catch((e) => sec.notify(e)),
    compare: (ids) => renderCompare(sec, ids).catch((e) => sec.notify(e)),
    /** The candidate form: page null adds one; saved pages open the event's page. */
    edit: (page = null) => openEventForm(page, {
      saved: (saved, isNew) => {
        sec.notify(t(isNew ? 'events.added' : 'events.saved', { name: saved.event.name }), 'success');
        renderEventPage(sec, saved.event.id, saved).catch((e) => sec.notify(e));
      },
    }),
    scorecard: () => openScorecard({ notify: ctx.notify, saved: () => drawList(sec) }),
  };
  return sec;
}

async function drawList(sec, entering = false) {
  const data = await api.events();
  const { root, ctx } = sec;
  const events = data.events;
  const candidates = events.filter((e) => e.status === 'candidate');
  if (entering && !view.chosen) view.tab = candidates.length ? 'candidates' : 'all';
  const stillThere = new Set(candidates.map((e) => e.id));
  view.picked = new Set([...view.picked].filter((id) => stillThere.has(id)));

  const header = pageHeader(data, sec);
  if (!events.length) {
    // The actions move from the header into the empty state, where the eye is.
    header.querySelector('.page-actions').replaceChildren(header.querySelector('#event-scorecard'));
    mount(root, header, emptyState(t('events.empty.title'), t('events.empty.body'),
      h('button', { class: 'btn btn-primary', id: 'event-new', onclick: () => sec.edit() }, t('events.newCandidate')),
      h('button', { class: 'btn', id: 'event-import', onclick: () => ctx.importFiles?.() }, t('events.importList'))));
    return;
  }
  const panel = h('div', { id: 'event-panel', role: 'tabpanel', 'aria-labelledby': `event-tab-${view.tab}` });
  mount(root, header, tabList(sec), panel);
  const panels = {
    candidates: () => candidatesPanel(candidates, data, sec),
    all: () => allEventsPanel(events, sec),
    portfolio: () => portfolioPanel(sec),
    calendar: () => calendarPanel(events, sec),
  };
  mount(panel, await panels[view.tab]());
}

function pageHeader(data, sec) {
  const done = data.events.filter((e) => e.status === 'done').length;
  const parts = [
    t('events.summaryCandidates', { n: count(data.candidates) }),
    t('events.summaryDone', { n: count(done) }),
    t('events.summaryCost', { cost: data.total_cost.yuan }),
    t('events.summaryPresent', { n: count(data.total_present) }),
  ];
  if (data.events_without_cost) parts.push(t('events.noCost', { n: count(data.events_without_cost) }));
  return h('div', { class: 'page-header with-actions' },
    h('div', {},
      h('h1', { class: 'page-title' }, t('events.title')),
      data.events.length ? h('p', { class: 'page-summary', id: 'events-summary', title: t('events.summaryHint') }, parts.join(' · ')) : null),
    h('div', { class: 'page-actions' },
      h('button', { class: 'btn btn-primary', id: 'event-new', onclick: () => sec.edit() }, t('events.newCandidate')),
      h('button', { class: 'btn', id: 'event-import', onclick: () => sec.ctx.importFiles?.() }, t('events.importShort')),
      h('button', { class: 'btn', id: 'event-offers', title: t('offers.buttonHint'),
        onclick: () => importOffers({ notify: sec.notify, saved: () => drawList(sec) }) }, t('offers.button')),
      h('button', { class: 'btn', id: 'event-scorecard', onclick: () => sec.scorecard() }, t('events.scorecard'))));
}

function tabList(sec) {
  const go = (name) => {
    view.tab = name;
    view.chosen = true;
    drawList(sec).then(() => sec.root.querySelector(`#event-tab-${name}`)?.focus()).catch((e) => sec.notify(e));
  };
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('events.title') },
    TABS.map((name) => h('button', {
      class: `tab${name === view.tab ? ' active' : ''}`, role: 'tab', id: `event-tab-${name}`,
      'aria-selected': String(name === view.tab), 'aria-controls': 'event-panel',
      tabindex: name === view.tab ? '0' : '-1', onclick: () => go(name),
    }, t(`events.tab.${name}`))));
  list.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    go(TABS[(TABS.indexOf(view.tab) + step + TABS.length) % TABS.length]);
  });
  return list;
}

/** Rows open the event's page on click or Enter; ↑/↓ move between rows. */
function rowOpens(sec, attr) {
  return (e) => ({
    tabindex: '0',
    class: 'clickable',
    dataset: { eventId: String(e.id) },
    ...attr?.(e),
    onclick: (ev) => { if (!ev.target.closest('input, button, a, label')) sec.open(e.id); },
    onkeydown: (ev) => {
      if (ev.target !== ev.currentTarget) return;
      if (ev.key === 'Enter') { ev.preventDefault(); sec.open(e.id); }
      else if (ev.key === 'ArrowDown') { ev.preventDefault(); ev.currentTarget.nextElementSibling?.focus(); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); ev.currentTarget.previousElementSibling?.focus(); }
    },
  });
}

/** An event's name, its kind and organiser under it (and its city, when known). */
function nameCell(e) {
  return h('div', {}, longText(e.name, { class: 'event-name' }),
    h('div', { class: 'cell-sub' }, [e.kind_label, e.organiser, e.city].filter(Boolean).join(' · ')));
}

// ——— 候选 ———

function candidatesPanel(candidates, data, sec) {
  if (!candidates.length) {
    return card(null, emptyState(t('events.noCandidates.title'), t('events.noCandidates.body'),
      h('button', { class: 'btn btn-primary', id: 'candidate-empty-new', onclick: () => sec.edit() }, t('events.newCandidate'))));
  }
  const rows = [...candidates].sort((a, b) => (b.score?.total ?? -1) - (a.score?.total ?? -1));
  const compareButton = h('button', { class: 'btn', id: 'event-compare', onclick: () => sec.compare([...view.picked]) });
  const pickedNote = h('span', { class: 'muted', id: 'event-compare-note' });
  const syncCompare = () => {
    const n = view.picked.size;
    compareButton.textContent = n ? t('events.compareN', { n }) : t('events.compare');
    compareButton.disabled = n < 2 || n > 4;
    pickedNote.textContent = n > 4 ? t('events.compareTooMany') : t('events.compareHint');
  };
  const pick = (e) => h('input', {
    type: 'checkbox', class: 'pick', checked: view.picked.has(e.id), 'aria-label': t('events.pickToCompare', { name: e.name }),
    onchange: (ev) => { if (ev.target.checked) view.picked.add(e.id); else view.picked.delete(e.id); syncCompare(); },
  });
  syncCompare();
  const s = (e) => e.score;
  const none = () => h('span', { class: 'muted' }, t('events.noScore'));
  const list = table([
    { label: h('span', { class: 'sr-only' }, t('events.compare')), nowrap: true, cell: pick },
    { label: t('col.event'), cell: nameCell },
    { label: t('col.date'), nowrap: true, cell: (e) => e.date },
    { label: t('col.cost'), num: true, cell: (e) => moneyOr(e.cost) },
    { label: t('col.score'), nowrap: true, cell: (e) => (s(e) ? scoreBar(s(e).total, 100, t('events.scoreHint')) : none()) },
    { label: t('col.leadBrand'), num: true, cell: (e) => (s(e) ? `${formatOne(s(e).lead_value)} / ${formatOne(s(e).brand_value)}` : '') },
    { label: t('col.recommendation'), nowrap: true, cell: (e) => recTag(s(e)) },
    { label: t('col.qualified'), num: true, cell: (e) => (s(e) ? formatOne(s(e).qualified_contacts) : '') },
    { label: t('col.costPerQualified'), num: true, cell: (e) => s(e)?.cost_per_qualified?.yuan ?? t('common.none') },
  ], rows, { id: 'candidate-table', rowAttrs: rowOpens(sec) });
  list.classList.add('candidate-table');
  return [
    card(null,
      h('div', { class: 'toolbar' }, compareButton, pickedNote),
      list,
      h('p', { class: 'field-hint', id: 'candidate-definitions' }, t('events.candidateDefinitions'))),
    data.score_cost_chart_svg ? card(t('events.scoreCostChart'),
      h('figure', { class: 'chart', id: 'score-cost-chart' }, svg(data.score_cost_chart_svg)),
      h('p', { class: 'field-hint' }, t('events.scoreCostChartHint'))) : null,
  ];
}

// ——— 全年活动 ———

function allEventsPanel(events, sec) {
  const dash = t('common.none');
  return card(null, table([
    { label: t('col.date'), nowrap: true, cell: (e) => e.date },
    { label: t('col.event'), cell: nameCell },
    { label: t('col.status'), nowrap: true, cell: statusTag },
    { label: t('col.cost'), num: true, cell: (e) => moneyOr(e.cost) },
    { label: t('col.people'), num: true, cell: (e) => count(e.people) },
    { label: t('col.present'), num: true, cell: (e) => count(e.present) },
    { label: t('col.noShow'), num: true, cell: (e) => count(e.no_show) },
    { label: t('col.rate'), num: true, cell: (e) => e.turnout || dash },
    // Before anyone came, 0% of the target says nothing: the target alone.
    { label: t('col.againstTarget'), num: true, cell: (e) => h('div', {}, e.people ? e.against_target || dash : dash,
      e.target_attendance ? h('div', { class: 'cell-sub' }, t('events.target', { n: count(e.target_attendance) })) : null) },
    { label: t('col.costPerPresent'), num: true, cell: (e) => e.cost_per_present?.yuan ?? dash },
  ], events, { id: 'event-table', rowAttrs: rowOpens(sec, (e) => ({ class: `clickable row-${e.status}` })) }),
  h('p', { class: 'field-hint' }, t('events.definitions')));
}
