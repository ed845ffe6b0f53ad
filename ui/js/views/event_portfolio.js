// The 组合 tab (#event-portfolio): the candidates that give the most within the events budget and
// the rules of thumb. The user may type another budget and pin candidates in or out; the pins
// and the budget are kept while the section is open, and every change asks the backend again.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, table, card, longText, emptyState, mount } from '../dom.js';
import { recTag, formatOne, moneyOr } from './event_common.js';

const state = { budget: '', required: new Set(), excluded: new Set() };

/** The tab's content; draws itself again after each change. */
export async function portfolioPanel(sec) {
  const holder = h('div', { id: 'event-portfolio' });
  await drawInto(holder, sec);
  return holder;
}

// The last answer and the pins and budget it was asked with: a change the backend refuses
// (required events over the budget) is undone, and the last answer stays with the reason.
let good = null;

const snapshot = () => ({ budget: state.budget, required: new Set(state.required), excluded: new Set(state.excluded) });
const clearPins = () => { state.budget = ''; state.required.clear(); state.excluded.clear(); };

async function drawInto(holder, sec, focusId = null) {
  let data;
  try {
    data = await api.eventPortfolio(state.budget.trim() || null, [...state.required], [...state.excluded]);
  } catch (e) {
    const input = holder.querySelector('#portfolio-budget');
    if (e.field === 'budget' && input) {
      holder.querySelector('#portfolio-budget-error').textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    if (good && input) {
      Object.assign(state, { budget: good.asked.budget, required: new Set(good.asked.required), excluded: new Set(good.asked.excluded) });
      render(holder, good.data, sec, e.message);
      return;
    }
    mount(holder, card(null, emptyState(t('portfolio.unavailable'), e.message,
      state.required.size || state.excluded.size || state.budget
        ? h('button', { class: 'btn btn-primary', id: 'portfolio-reset', onclick: () => { clearPins(); drawInto(holder, sec).catch((x) => sec.notify(x)); } }, t('portfolio.reset'))
        : null,
      h('button', { class: 'btn', id: 'portfolio-to-budget', onclick: () => sec.ctx.show?.('budget') }, t('portfolio.toBudget')))));
    return;
  }
  good = { data, asked: snapshot() };
  render(holder, data, sec, null, focusId);
}

/** Draws an answer; `refused` says why the last change was undone. */
function render(holder, data, sec, refused, focusId = null) {
  const redraw = (id) => drawInto(holder, sec, id).catch((e) => sec.notify(e));
  const lines = [...data.chosen, ...data.others];
  const refusal = refused ? h('div', { class: 'alert alert-warning', id: 'portfolio-refused', role: 'alert' },
    t('portfolio.refused', { reason: refused })) : null;
  if (!lines.length) {
    mount(holder, budgetCard(data, redraw), card(null, emptyState(t('portfolio.empty.title'), t('portfolio.empty.body', { year: data.year }),
      h('button', { class: 'btn btn-primary', id: 'portfolio-empty-new', onclick: () => sec.edit() }, t('events.newCandidate')))));
    return;
  }
  mount(holder,
    budgetCard(data, redraw),
    refusal,
    summaryCard(data),
    card(t('portfolio.chosen', { n: data.chosen.length }), data.chosen.length
      ? linesTable(data.chosen, 'portfolio-chosen', sec, redraw, true)
      : h('p', { class: 'muted', id: 'portfolio-chosen-empty' }, t('portfolio.noneChosen'))),
    data.others.length ? card(t('portfolio.others', { n: data.others.length }), linesTable(data.others, 'portfolio-others', sec, redraw, false)) : null,
    limitsCard(data),
    data.alternatives.length ? card(t('portfolio.alternatives'),
      h('ul', { class: 'plain-list', id: 'portfolio-alternatives' }, data.alternatives.map((a) => h('li', {}, a)))) : null,
    h('div', { class: 'note', id: 'portfolio-explanation' }, data.explanation.map((p) => h('p', {}, p))));
  if (focusId) holder.querySelector(`[data-event-id="${focusId}"] .pin`)?.focus();
}

function budgetCard(data, redraw) {
  const input = h('input', {
    class: 'input num', id: 'portfolio-budget', inputmode: 'decimal', autocomplete: 'off', value: state.budget,
    placeholder: t('portfolio.budgetPlaceholder', { amount: data.budget.yuan }), 'aria-describedby': 'portfolio-budget-error portfolio-budget-source',
  });
  const run = () => { state.budget = input.value; redraw(); };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); run(); } });
  const reset = state.required.size || state.excluded.size || state.budget
    ? h('button', { class: 'link', id: 'portfolio-reset', onclick: () => { clearPins(); redraw(); } }, t('portfolio.reset'))
    : null;
  return card(t('portfolio.budget', { year: data.year }),
    h('p', { id: 'portfolio-budget-source' }, data.budget_source),
    h('div', { class: 'toolbar' },
      h('label', { class: 'field-label', for: 'portfolio-budget' }, t('portfolio.budgetLabel')),
      input,
      h('button', { class: 'btn btn-primary', id: 'portfolio-run', onclick: run }, t('portfolio.run')),
      reset),
    h('div', { class: 'field-error', id: 'portfolio-budget-error', role: 'alert' }),
    h('p', { class: 'field-hint' }, t('portfolio.budgetHint')));
}

function summaryCard(data) {
  const stat = (value, label, hint, id) => h('div', { class: 'stat', id, title: hint },
    h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
  return h('section', { class: 'card', id: 'portfolio-summary' },
    h('div', { class: 'import-counts' },
      stat(`${data.cost.yuan}`, t('portfolio.cost', { budget: data.budget.yuan }), null, 'portfolio-cost'),
      stat(data.used, t('portfolio.used'), t('portfolio.usedHint'), 'portfolio-used'),
      stat(formatOne(data.value), t('portfolio.value'), t('portfolio.valueHint'), 'portfolio-value'),
      stat(formatOne(data.qualified), t('portfolio.qualified'), t('eventPage.qualifiedHint'), 'portfolio-qualified')),
    h('p', { class: 'field-hint' }, t('portfolio.definitions', { channel: data.channel_budget.yuan, committed: data.committed.yuan })));
}

/** 自动 · 必选 · 排除: what the user says of a candidate, whatever the budget says. */
function pinSelect(line, redraw) {
  const id = line.event.id;
  const current = state.required.has(id) ? 'required' : state.excluded.has(id) ? 'excluded' : 'free';
  return h('select', {
    class: 'input pin', 'aria-label': t('portfolio.pinFor', { name: line.event.name }), dataset: { pin: current },
    onchange: (e) => {
      state.required.delete(id);
      state.excluded.delete(id);
      if (e.target.value === 'required') state.required.add(id);
      if (e.target.value === 'excluded') state.excluded.add(id);
      redraw(id);
    },
  }, ['free', 'required', 'excluded'].map((p) => h('option', { value: p, selected: p === current }, t(`portfolio.pin.${p}`))));
}

function acceptButton(line, sec, redraw) {
  const b = h('button', { class: 'btn btn-small', dataset: { accept: String(line.event.id) } }, t('eventPage.accept'));
  b.onclick = async () => {
    b.disabled = true;
    try {
      const r = await api.acceptEvent(line.event.id);
      state.required.delete(line.event.id);
      sec.notify(r.message, 'success', { label: t('eventPage.seeBudget'), run: () => sec.ctx.show?.('budget') });
      await redraw();
    } catch (e) {
      sec.notify(e);
      b.disabled = false;
    }
  };
  return b;
}

function linesTable(lines, id, sec, redraw, chosen) {
  return table([
    { label: t('col.event'), cell: (l) => h('div', {}, longText(l.event.name, { class: 'link event-name', onclick: () => sec.open(l.event.id) }, 'button'), h('div', { class: 'cell-sub' }, l.event.kind_label)) },
    { label: t('col.date'), nowrap: true, cell: (l) => l.event.date },
    { label: t('col.cost'), num: true, cell: (l) => moneyOr(l.event.cost) },
    { label: t('col.score'), num: true, cell: (l) => formatOne(l.event.score?.total) },
    { label: t('col.recommendation'), nowrap: true, cell: (l) => recTag(l.event.score) },
    { label: t('portfolio.valueCol'), num: true, cell: (l) => formatOne(l.value) },
    chosen ? null : { label: t('portfolio.why'), prose: true, cell: (l) => l.reason },
    { label: t('portfolio.pin'), nowrap: true, cell: (l) => pinSelect(l, redraw) },
    chosen ? { label: '', nowrap: true, cell: (l) => acceptButton(l, sec, redraw) } : null,
  ].filter(Boolean), lines, { id, rowAttrs: (l) => ({ dataset: { eventId: String(l.event.id), pin: l.pin } }) });
}

function limitsCard(data) {
  if (!data.limits.length) return null;
  return card(t('portfolio.limits'),
    h('ul', { class: 'limit-list', id: 'portfolio-limits' }, data.limits.map((l) => {
      const full = l.in_plan + l.chosen >= l.max;
      return h('li', { class: full ? 'limit-full' : undefined, dataset: { rule: l.rule } },
        h('span', { class: 'limit-sentence' }, l.sentence),
        h('span', { class: 'limit-count' }, t('portfolio.limitCount', { inPlan: count(l.in_plan), chosen: count(l.chosen), max: count(l.max) })));
    })),
    h('p', { class: 'field-hint' }, t('portfolio.limitsHint')));
}
