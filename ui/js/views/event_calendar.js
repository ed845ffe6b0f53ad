// The 日历 tab (#event-calendar): the plan year's events by quarter (months inside) or by month,
// each a chip styled by status — candidate dashed, planned outlined, done filled, declined and
// cancelled struck through — with its name, date and cost. A chip opens the event's page.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, card } from '../dom.js';
import { shortMoney } from './event_common.js';

const state = { by: 'quarter', year: null };

export async function calendarPanel(events, sec) {
  const years = [...new Set(events.map((e) => Number(e.date.slice(0, 4))).filter(Boolean))].sort();
  if (state.year == null || !years.includes(state.year)) state.year = await planYear(years);
  const holder = h('div', { id: 'event-calendar' });
  const draw = () => holder.replaceChildren(toolbar(years, draw), legend(), grid(events, sec));
  draw();
  return holder;
}

/** The budget's year when there is a plan; else the latest year with events. */
async function planYear(years) {
  try {
    const budget = await api.budget();
    if (budget.plan) return budget.plan.fiscal_year;
  } catch {
    // No plan to read: the events' own years will do.
  }
  return years[years.length - 1] ?? new Date().getFullYear();
}

function toolbar(years, draw) {
  const shown = years.includes(state.year) ? years : [...years, state.year].sort();
  const year = h('select', { class: 'input', id: 'calendar-year', 'aria-label': t('calendar.year'),
    onchange: (e) => { state.year = Number(e.target.value); draw(); } },
  shown.map((y) => h('option', { value: String(y), selected: y === state.year }, t('calendar.yearOption', { year: y }))));
  const toggle = (by) => h('button', {
    class: `seg${state.by === by ? ' active' : ''}`, id: `calendar-by-${by}`, 'aria-pressed': String(state.by === by),
    onclick: () => { state.by = by; draw(); document.getElementById(`calendar-by-${by}`)?.focus(); },
  }, t(`calendar.by.${by}`));
  return h('div', { class: 'toolbar' }, year, h('div', { class: 'segmented', role: 'group', 'aria-label': t('calendar.layout') }, toggle('quarter'), toggle('month')));
}

function legend() {
  return h('div', { class: 'calendar-legend', 'aria-hidden': 'true' },
    ['candidate', 'planned', 'done', 'declined'].map((s) => h('span', { class: `cal-chip legend status-${s}` }, t(`calendar.legend.${s}`))));
}

function chip(e, sec) {
  const cost = e.cost ? shortMoney(e.cost) : t('common.notEntered');
  return h('button', {
    class: `cal-chip status-${e.status}`, dataset: { eventId: String(e.id) },
    title: `${e.name} · ${e.date} · ${e.status_label} · ${e.cost ? e.cost.yuan : cost}`,
    onclick: () => sec.open(e.id),
  },
  h('span', { class: 'cal-chip-name' }, e.name),
  h('span', { class: 'cal-chip-meta' }, `${e.date.slice(5)} · ${cost} · ${e.status_label}`));
}

function monthBox(events, month, sec, titled) {
  const inMonth = events.filter((e) => Number(e.date.slice(5, 7)) === month);
  return h('div', { class: 'cal-month', dataset: { month: String(month) } },
    h('div', { class: 'cal-month-title' }, t('calendar.month', { month, name: t('date.months').split(',')[month - 1] }), inMonth.length ? h('span', { class: 'muted' }, ` · ${count(inMonth.length)}`) : null),
    inMonth.length ? inMonth.map((e) => chip(e, sec)) : (titled ? h('div', { class: 'cal-empty muted' }, t('calendar.none')) : null));
}

/** What a quarter's events cost: planned and done only (candidates are not spent). */
function quarterCost(events) {
  const fen = events.filter((e) => (e.status === 'planned' || e.status === 'done') && e.cost).reduce((s, e) => s + Number(e.cost.fen), 0);
  return `¥${count(Math.round(fen / 100))}`;
}

function grid(events, sec) {
  const year = events.filter((e) => Number(e.date.slice(0, 4)) === state.year).sort((a, b) => a.date.localeCompare(b.date));
  if (!year.length) return card(null, h('p', { class: 'muted', id: 'calendar-empty' }, t('calendar.empty', { year: state.year })));
  if (state.by === 'month') {
    return h('div', { class: 'cal-grid months' }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => monthBox(year, m, sec, true)));
  }
  return h('div', { class: 'cal-grid quarters' }, [1, 2, 3, 4].map((q) => {
    const inQuarter = year.filter((e) => Math.ceil(Number(e.date.slice(5, 7)) / 3) === q);
    return h('section', { class: 'cal-quarter', id: `calendar-q${q}` },
      h('h3', {}, `Q${q}`, h('span', { class: 'muted' }, ` · ${t('calendar.quarterSummary', { n: count(inQuarter.length), cost: quarterCost(inQuarter) })}`)),
      [1, 2, 3].map((i) => monthBox(inQuarter, (q - 1) * 3 + i, sec, false)));
  }));
}
