// An event's page (#event-page): what it is, what to do with it (edit, copy for next year, accept
// into the budget, move its status), its score explained criterion by criterion, the forecast
// as saved, after the event its results against that forecast, its organiser's record, and the
// 复盘 notes.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, card, svg, longText, emptyState } from '../dom.js';
import { recTag, statusTag, scoreBar, formatOne, moneyOr, backLink, modal } from './event_common.js';
import { printEventBriefs } from './plan_print.js';

/** Draws the page of event `id` in the section; `page` when the caller already has it. */
export async function renderEventPage(sec, id, page = null) {
  const data = page ?? await api.eventPage(id);
  draw(sec, data);
  sec.root.scrollTop = 0;
  sec.root.querySelector('#event-page')?.focus({ preventScroll: true });
}

function draw(sec, page) {
  const redraw = (next) => draw(sec, next);
  mount(sec.root, h('article', { id: 'event-page', class: 'event-page', tabindex: '-1', dataset: { eventId: String(page.event.id) } },
    backLink(() => sec.list().catch((e) => sec.notify(e))),
    header(page, sec, redraw),
    page.score ? scoreSection(page) : noScore(page, sec),
    forecastLine(page),
    page.results ? resultsCard(page) : null,
    page.forecast_chart_svg ? card(t('eventPage.forecastChart'),
      h('figure', { class: 'chart', id: 'event-forecast-chart' }, svg(page.forecast_chart_svg))) : null,
    page.organiser ? organiserCard(page, sec) : null,
    notesCard(page, sec, redraw)));
}

function header(page, sec, redraw) {
  const e = page.event;
  const facts = [e.date, e.organiser, e.city, e.region].filter(Boolean).join(' · ');
  return h('div', { class: 'page-header with-actions event-head' },
    h('div', { class: 'event-head-text' },
      h('h1', { class: 'page-title', id: 'event-page-title' }, longText(e.name)),
      h('p', { class: 'page-summary' },
        h('span', { class: 'tag' }, e.kind_label), ' ', statusTag(e), ' ',
        h('span', {}, facts), ' · ', h('span', { class: 'nowrap' }, t('col.cost'), ' ', moneyOr(e.cost))),
      page.copied_from ? h('p', { class: 'field-hint', id: 'event-copied-from' }, t('eventPage.copiedFrom'), ' ',
        h('button', { class: 'link', onclick: () => sec.open(page.copied_from) }, t('eventPage.openOriginal'))) : null),
    h('div', { class: 'page-actions wrap' }, actions(page, sec, redraw)));
}

function actions(page, sec, redraw) {
  const id = page.event.id;
  const run = (button, call, after) => async () => {
    button.disabled = true;
    try {
      await after(await call());
    } catch (e) {
      sec.notify(e);
    } finally {
      button.disabled = false;
    }
  };
  const accept = h('button', { class: 'btn btn-primary', id: 'event-accept' }, t('eventPage.accept'));
  accept.onclick = run(accept, () => api.acceptEvent(id), (r) => {
    redraw(r.page);
    sec.notify(r.message, 'success', { label: t('eventPage.seeBudget'), run: () => sec.ctx.show?.('budget') });
  });
  const duplicate = h('button', { class: 'btn', id: 'event-duplicate' }, t('eventPage.duplicate'));
  duplicate.onclick = run(duplicate, () => api.duplicateEvent(id), (next) => {
    redraw(next);
    sec.notify(t('eventPage.duplicated', { name: next.event.name, date: next.event.date }), 'success');
  });
  const statuses = page.next_statuses.map((s) => {
    const b = h('button', { class: 'btn', id: `event-status-${s.code}`, dataset: { status: s.code } }, t(`eventPage.to.${s.code}`) || s.label);
    b.onclick = run(b, () => api.setEventStatus(id, s.code), (next) => {
      redraw(next);
      sec.notify(t('eventPage.statusSet', { name: next.event.name, status: next.event.status_label }), 'success');
    });
    return b;
  });
  const link = h('button', { class: 'btn', id: 'event-link', title: t('eventPage.linkHint') }, t('eventPage.link'));
  link.onclick = () => chooseTactic(page, sec, redraw);
  const brief = page.score ? [
    h('button', { class: 'btn', id: 'event-brief-print', onclick: () => printEventBriefs([id], sec.ctx) }, t('eventPage.briefPrint')),
    h('button', {
      class: 'btn', id: 'event-brief-export',
      onclick: async () => {
        try {
          const path = await api.exportEventBriefs([id]);
          if (path) sec.notify(t('eventPage.briefSaved', { path }), 'success');
        } catch (e) {
          sec.notify(e);
        }
      },
    }, t('eventPage.briefExport')),
  ] : [];
  return [
    page.can_accept ? accept : null,
    page.can_accept ? link : null,
    h('button', { class: 'btn', id: 'event-edit', onclick: () => sec.edit(page) }, t('common.edit')),
    duplicate,
    ...brief,
    ...statuses,
  ];
}

/** 计入已有预算项: a tactic already paying for several events (区域沙龙（6 场）) takes this one. */
async function chooseTactic(page, sec, redraw) {
  let budget;
  try {
    budget = await api.budget();
  } catch (e) {
    sec.notify(e);
    return;
  }
  const events = budget.channels.find((c) => c.code === 'offline_events');
  const tactics = [...budget.tactics].sort((a, b) => (b.channel_id === events?.id) - (a.channel_id === events?.id));
  if (!tactics.length) {
    sec.notify(t('eventPage.linkNone'));
    return;
  }
  const { dialog, close } = modal('event-link-dialog', 'narrow');
  const select = h('select', { class: 'input', id: 'event-link-tactic', 'aria-label': t('eventPage.link') },
    tactics.map((tc) => h('option', { value: String(tc.id) }, `${tc.name} · ${tc.channel_name} · ${tc.planned.yuan}`)));
  const confirm = h('button', { class: 'btn btn-primary', id: 'event-link-confirm' }, t('eventPage.linkConfirm'));
  confirm.onclick = async () => {
    confirm.disabled = true;
    try {
      const next = await api.linkEventToTactic(page.event.id, Number(select.value));
      close();
      redraw(next);
      sec.notify(t('eventPage.linked', { name: next.event.name, tactic: select.selectedOptions[0].textContent }), 'success');
    } catch (e) {
      sec.notify(e);
      confirm.disabled = false;
    }
  };
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'event-link-dialog-title' }, t('eventPage.link'))),
    h('div', { class: 'dialog-body' }, select, h('p', { class: 'field-hint' }, t('eventPage.linkHint'))),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', onclick: close }, t('common.cancel')), confirm));
  document.body.append(dialog);
  dialog.showModal();
  select.focus();
}

/** An event without scoring details (created by hand, or from a list): say how to get them. */
function noScore(page, sec) {
  return card(t('eventPage.score'), h('div', { id: 'event-score' },
    emptyState(t('eventPage.noScore.title'), t('eventPage.noScore.body'),
      h('button', { class: 'btn btn-primary', id: 'event-score-edit', onclick: () => sec.edit(page) }, t('eventPage.noScore.edit')))));
}

function scoreSection(page) {
  const s = page.score;
  const sum = s.summary;
  const stat = (value, label, hint, id) => h('div', { class: 'stat', id, title: hint },
    h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
  return [
    card(t('eventPage.score'), h('div', { id: 'event-score', class: 'score-card' },
      h('div', { class: 'score-top' },
        h('div', { class: 'score-total' },
          h('span', { class: 'score-big', id: 'event-score-total' }, formatOne(sum.total)),
          h('span', { class: 'score-of' }, t('eventPage.of100')),
          recTag(sum)),
        h('div', { class: 'score-stats' },
          stat(formatOne(sum.lead_value), t('eventPage.leadValue'), t('eventPage.leadValueHint'), 'event-lead-value'),
          stat(formatOne(sum.brand_value), t('eventPage.brandValue'), t('eventPage.brandValueHint'), 'event-brand-value'),
          stat(formatOne(sum.qualified_contacts), t('eventPage.qualified'), t('eventPage.qualifiedHint'), 'event-qualified'),
          stat(sum.cost_per_qualified?.yuan ?? t('common.none'), t('col.costPerQualified'), t('eventPage.cpqHint'), 'event-cpq'))),
      h('h3', {}, t('eventPage.why')),
      h('ul', { class: 'reasons', id: 'event-reasons' }, s.reasons.map((r, i) => h('li', { class: i === 0 ? 'reason-author' : undefined }, r))),
      h('p', { class: 'qualified-sentence', id: 'event-qualified-sentence' }, s.qualified_sentence),
      s.calibration ? h('p', { class: 'calibration', id: 'event-calibration' }, s.calibration) : null,
      s.limits.length ? h('ul', { class: 'breaches', id: 'event-limits' }, s.limits.map((l) => h('li', { class: 'breach-notice' }, l))) : null,
      h('p', { class: 'field-hint' }, t('eventPage.definitions')))),
    card(t('eventPage.criteria'), criteriaTable(s.criteria),
      h('p', { class: 'field-hint' }, t('eventPage.criteriaHint'))),
  ];
}

export function criteriaTable(criteria, id = 'criteria-table') {
  return table([
    { label: t('col.criterion'), nowrap: true, cell: (c) => c.name },
    { label: t('col.points'), nowrap: true, cell: (c) => h('span', { class: 'points' }, scoreBar(c.points, c.max_points), h('span', { class: 'points-max' }, ` / ${formatOne(c.max_points)}`)) },
    { label: t('col.explanation'), prose: true, cell: (c) => c.sentence },
  ], criteria, { id, rowAttrs: (c) => ({ dataset: { criterion: c.code } }) });
}

function forecastLine(page) {
  const f = page.forecast;
  if (!f) return null;
  return h('p', { class: 'alert alert-info forecast-line', id: 'event-forecast' },
    t(page.event.status === 'candidate' ? 'eventPage.savedScore' : 'eventPage.forecast', {
      at: f.scored_at, total: formatOne(f.total), qualified: formatOne(f.qualified_contacts), rec: f.recommendation_label,
    }));
}

function resultsCard(page) {
  const r = page.results;
  const stat = (value, label, id) => h('div', { class: 'stat', id }, h('div', { class: 'stat-value' }, count(value)), h('div', { class: 'stat-label' }, label));
  return h('section', { class: 'card', id: 'event-results' },
    h('h2', { class: 'card-title' }, t('eventPage.results')),
    h('div', { class: 'import-counts results-counts' },
      stat(r.attended + r.walk_in, t('eventPage.present'), 'event-results-present'),
      stat(r.new_leads, t('eventPage.newLeads'), 'event-results-new'),
      stat(r.known_leads, t('eventPage.knownLeads'), 'event-results-known'),
      stat(r.new_companies, t('eventPage.newCompanies'), 'event-results-companies')),
    h('p', { class: 'field-hint' }, t('eventPage.attendance', {
      attended: count(r.attended), walkIn: count(r.walk_in), noShow: count(r.no_show), registered: count(r.registered),
    })),
    table([
      { label: t('col.measure'), nowrap: true, cell: (l) => l.label },
      { label: t('col.forecast'), num: true, cell: (l) => l.forecast },
      { label: t('col.actual'), num: true, cell: (l) => h('strong', {}, l.actual) },
      { label: t('col.definition'), prose: true, cell: (l) => h('span', { class: 'muted' }, l.definition) },
    ], r.lines, { id: 'event-results-table' }),
    h('p', { class: 'muted later-stages' }, r.later_stages));
}

function organiserCard(page, sec) {
  const o = page.organiser;
  const dash = t('common.none');
  return h('section', { class: 'card', id: 'organiser-record' },
    h('h2', { class: 'card-title' }, t('eventPage.organiser', { name: o.name })),
    table([
      { label: t('col.event'), cell: (e) => (e.id === page.event.id
        ? h('span', {}, longText(e.name), h('span', { class: 'muted' }, ` ${t('eventPage.thisOne')}`))
        : longText(e.name, { class: 'link', onclick: () => sec.open(e.id) }, 'button')) },
      { label: t('col.date'), nowrap: true, cell: (e) => e.date },
      { label: t('col.status'), nowrap: true, cell: (e) => e.status_label },
      { label: t('col.forecastQualified'), num: true, cell: (e) => (e.forecast_qualified == null ? dash : formatOne(e.forecast_qualified)) },
      { label: t('col.actualQualified'), num: true, cell: (e) => (e.actual_qualified == null ? dash : count(e.actual_qualified)) },
      { label: t('col.delivered'), num: true, cell: (e) => e.delivered || dash },
    ], o.events, { id: 'organiser-events', rowAttrs: (e) => ({ dataset: { eventId: String(e.id) } }) }),
    h('p', { class: 'calibration', id: 'organiser-calibration' }, o.calibration ?? t('eventPage.noCalibration')),
    h('p', { class: 'field-hint' }, t('eventPage.deliveredHint')));
}

/** 复盘: what the numbers cannot say; saved on leaving the field or with the button. */
function notesCard(page, sec, redraw) {
  const notes = h('textarea', { class: 'input', id: 'event-outcome-notes', rows: '4', placeholder: t('eventPage.notesPlaceholder'), 'aria-label': t('eventPage.notes') });
  notes.value = page.outcome_notes;
  const status = h('span', { class: 'muted', id: 'event-outcome-status', 'aria-live': 'polite' });
  const error = h('div', { class: 'field-error', role: 'alert' });
  let saved = page.outcome_notes;
  const save = async () => {
    if (notes.value === saved) return;
    try {
      const next = await api.setEventOutcomeNotes(page.event.id, notes.value);
      saved = next.outcome_notes;
      error.textContent = '';
      notes.removeAttribute('aria-invalid');
      status.textContent = t('eventPage.notesSaved');
    } catch (e) {
      error.textContent = e.message;
      notes.setAttribute('aria-invalid', 'true');
    }
  };
  notes.addEventListener('blur', save);
  notes.addEventListener('input', () => { status.textContent = ''; });
  return h('section', { class: 'card', id: 'event-notes' },
    h('h2', { class: 'card-title' }, t('eventPage.notes')),
    h('p', { class: 'field-hint' }, t('eventPage.notesHint')),
    notes, error,
    h('div', { class: 'notes-foot' }, h('button', { class: 'btn', id: 'event-outcome-save', onclick: save }, t('common.save')), status));
}
