// 线索评分卡 (#lead-scorecard): how leads are scored — fit points per seniority, function and
// company size, target industries and regions, the grade thresholds, each behaviour's weight,
// cap and half-life, the MQL rule — every default with its reason. Saving (or 恢复默认) rescores
// every lead as a background job with progress and 取消; the backtest says how well grades and
// points have told won from lost so far.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table } from '../dom.js';
import { modal } from './event_common.js';

const SENIORITY = ['c_level', 'vp_director', 'manager', 'staff'];
const FUNCTIONS = ['business', 'technology', 'compliance_risk', 'procurement', 'finance', 'other'];
const SIZES = ['under_100', 'from_100', 'from_1000', 'from_10000'];
const GRADES = ['A', 'B', 'C', 'D'];

function clockText(ms) {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? t('scoring.seconds', { n: s }) : t('scoring.minutes', { n: Math.ceil(s / 60) });
}

/**
 * Rescores every lead as a job: a progress bar with leads done, time left and 取消 goes into
 * `host` (when given). Resolves with the report, or null when cancelled or refused (said).
 */
export async function rescoreJob(notify, after, host = null) {
  let job = null;
  const started = Date.now();
  const bar = h('progress', { id: 'rescore-progress' });
  const label = h('span', { class: 'muted', id: 'rescore-progress-label' }, t('scoring.starting'));
  const cancel = h('button', { class: 'btn btn-small', id: 'rescore-cancel', onclick: () => job != null && api.cancelJob(job) }, t('import.cancel'));
  host?.replaceChildren(h('div', { class: 'progress-row' }, bar, label, cancel));
  const update = (p) => {
    job = p.job;
    if (p.total > 0) {
      bar.max = p.total;
      bar.value = p.done;
      const spent = Date.now() - started;
      const left = p.done > 0 ? (spent / p.done) * (p.total - p.done) : null;
      label.textContent = t('scoring.progress', { done: count(p.done), total: count(p.total) })
        + (left != null && p.done < p.total ? ` · ${t('scoring.left', { time: clockText(left) })}` : '');
    }
  };
  try {
    const r = await api.rescoreLeads(update);
    host?.replaceChildren();
    notify(t('scoring.rescored', { leads: count(r.leads), qualifying: count(r.qualifying), promoted: count(r.promoted), assigned: count(r.assigned) }), 'success');
    await after?.(r);
    return r;
  } catch (e) {
    host?.replaceChildren();
    notify(e.code === 'cancelled' ? t('scoring.cancelled') : e, e.code === 'cancelled' ? 'info' : 'error');
    return null;
  }
}

/** The drawer; `changed()` runs after leads were rescored (the list and 报表 redraw). */
export async function openLeadScorecard({ notify, changed }) {
  let view;
  try {
    view = await api.leadScorecard();
  } catch (e) {
    notify(e);
    return;
  }
  const { dialog, close } = modal('lead-scorecard', 'side-drawer wide-drawer');
  // After a save or a reset the drawer shows the card as stored, then rescores with it.
  const draw = (v, andRescore = false) => {
    view = v;
    const { nodes, rescore } = content(v, { dialog, close, draw, notify, changed });
    mount(dialog, ...nodes);
    if (andRescore) rescore();
  };
  draw(view);
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('input')?.focus();
}

function content(view, { dialog, close, draw, notify, changed }) {
  const card = structuredClone(view.card);
  const inputs = [];
  const problem = h('div', { class: 'field-error', id: 'lead-scorecard-error', role: 'alert' });
  const why = Object.fromEntries(view.fit_rules.map(([code, name, text]) => [code, { name, text }]));
  /** A whole-number input bound to obj[key]; '' in an optional one means none (null). */
  const num = (id, obj, key, name, { optional = false, decimals = false, scale = 1 } = {}) => {
    const value = obj[key] == null ? '' : String(obj[key] / scale);
    const el = h('input', { class: 'input num weight', id: `ls-${id}`, inputmode: decimals ? 'decimal' : 'numeric', autocomplete: 'off', value, 'aria-label': name });
    inputs.push({
      el, name,
      read: () => {
        const text = el.value.trim();
        if (optional && text === '') { obj[key] = null; return true; }
        const n = Number(text);
        if (text === '' || !Number.isFinite(n) || (!decimals && !Number.isInteger(n))) return false;
        obj[key] = Math.round(n * scale);
        return true;
      },
    });
    return el;
  };
  const list = (id, obj, key, name) => {
    const el = h('input', { class: 'input targets', id: `ls-${id}`, value: obj[key].join('、'), 'aria-label': name, placeholder: t('scoring.listPlaceholder') });
    inputs.push({ el, name, read: () => { obj[key] = el.value.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean); return true; } });
    return el;
  };
  const pointsGrid = (rule, codes, obj, labelKey) => h('div', { class: 'fit-rule', id: `ls-rule-${rule}` },
    h('h4', {}, why[rule].name),
    h('div', { class: 'points-grid' }, codes.map((code) => h('label', { class: 'stacked' }, t(`${labelKey}.${code}`), num(`${rule}-${code}`, obj, code, `${why[rule].name} · ${t(`${labelKey}.${code}`)}`)))),
    h('p', { class: 'why' }, why[rule].text));
  const fit = card.fit;
  const targetRule = (rule, listKey, pointsKey) => h('div', { class: 'fit-rule', id: `ls-rule-${rule}` },
    h('h4', {}, why[rule].name),
    h('div', { class: 'points-grid targets-row' },
      h('label', { class: 'stacked grow' }, t(`scoring.${listKey}`), list(listKey, fit, listKey, why[rule].name)),
      h('label', { class: 'stacked' }, t('scoring.points'), num(pointsKey, fit, pointsKey, `${why[rule].name} · ${t('scoring.points')}`))),
    h('p', { class: 'why' }, why[rule].text));
  const e = card.engagement;
  const kinds = table([
    { label: t('scoring.kind'), cell: ([code, name, text]) => h('div', { dataset: { kind: code } }, h('div', { class: 'kind-name' }, name), h('div', { class: 'cell-sub why' }, text)) },
    { label: t('scoring.weight'), num: true, cell: ([code, name]) => num(`w-${code}`, e[code], 'weight', `${name} · ${t('scoring.weight')}`) },
    { label: t('scoring.cap'), num: true, cell: ([code, name]) => num(`cap-${code}`, e[code], 'cap', `${name} · ${t('scoring.cap')}`, { optional: true }) },
    { label: t('scoring.halfLifeOwn'), num: true, cell: ([code, name]) => num(`hl-${code}`, e[code], 'half_life_days', `${name} · ${t('scoring.halfLifeOwn')}`, { optional: true }) },
  ], view.kinds, { id: 'lead-scorecard-kinds' });
  const grade = h('select', { class: 'input', id: 'ls-mql-grade', 'aria-label': t('scoring.mqlGrade') },
    GRADES.map((g) => h('option', { value: g, selected: card.mql.min_grade === g }, g === 'D' ? t('scoring.anyGrade') : t('scoring.gradeAtLeast', { g }))));
  const read = () => {
    for (const i of inputs) i.el.removeAttribute('aria-invalid');
    const bad = inputs.find((i) => !i.read());
    if (bad) {
      bad.el.setAttribute('aria-invalid', 'true');
      bad.el.focus();
      problem.textContent = t('scoring.notNumber', { field: bad.name, text: bad.el.value.trim() });
      return null;
    }
    card.mql.min_grade = grade.value;
    return card;
  };
  const progress = h('div', { class: 'rescore-host', id: 'lead-scorecard-progress' });
  const backtest = h('div', { id: 'lead-scorecard-backtest' }, h('p', { class: 'muted' }, t('common.loading')));
  const loadBacktest = async () => {
    try { mount(backtest, backtestView(await api.scoringBacktest())); } catch (err) { mount(backtest, h('p', { class: 'field-error' }, err.message)); }
  };
  loadBacktest();
  const busy = (on) => {
    for (const b of dialog.querySelectorAll('.dialog-foot .btn')) {
      if (b.id !== 'lead-scorecard-close') b.disabled = on || (b.id === 'lead-scorecard-reset' && view.is_default);
    }
  };
  const rescore = async () => {
    busy(true);
    const r = await rescoreJob(notify, async () => { await loadBacktest(); changed?.(); }, progress);
    busy(false);
    return r;
  };
  const act = (call) => async () => {
    problem.textContent = '';
    let next;
    try {
      next = await call();
      if (!next) return;
    } catch (err) {
      problem.textContent = err.message;
      return;
    }
    // Saved: the progress row says rescoring runs, its end says what changed.
    draw(next, true);
  };
  const save = act(() => { const c = read(); return c ? api.saveLeadScorecard(c) : null; });
  const reset = act(() => api.resetLeadScorecard());
  const body = h('div', { class: 'dialog-body' },
    h('p', { class: 'field-hint', id: 'lead-scorecard-state' }, view.is_default ? t('scoring.defaults') : t('scoring.customised')),
    h('p', { class: 'qualified-sentence', id: 'lead-scorecard-mql' }, t('scoring.mqlNow', { rule: view.mql_rule })),
    h('h3', {}, t('scoring.fit')),
    h('p', { class: 'field-hint' }, t('scoring.fitHint')),
    pointsGrid('seniority', SENIORITY, fit.seniority, 'level'),
    pointsGrid('function', FUNCTIONS, fit.function, 'dept'),
    targetRule('industry', 'target_industries', 'industry_points'),
    pointsGrid('company_size', SIZES, fit.company_size, 'size'),
    targetRule('region', 'target_regions', 'region_points'),
    h('h3', {}, t('scoring.grades')),
    h('div', { class: 'points-grid', id: 'ls-grades' },
      ['a', 'b', 'c'].map((g) => h('label', { class: 'stacked' }, t('scoring.gradeFrom', { g: g.toUpperCase() }), num(`grade-${g}`, card.grades, g, t('scoring.gradeFrom', { g: g.toUpperCase() })))),
      h('span', { class: 'muted grade-d' }, t('scoring.gradeD'))),
    h('h3', {}, t('scoring.engagement')),
    h('div', { class: 'points-grid' }, h('label', { class: 'stacked' }, t('scoring.halfLife'), num('half-life', e, 'half_life_days', t('scoring.halfLife')))),
    h('p', { class: 'field-hint' }, t('scoring.halfLifeHint')),
    kinds,
    h('h3', {}, t('scoring.mql')),
    h('div', { class: 'points-grid' },
      h('label', { class: 'stacked' }, t('scoring.mqlGrade'), grade),
      h('label', { class: 'stacked' }, t('scoring.mqlPoints'), num('mql-points', card.mql, 'min_points_hundredths', t('scoring.mqlPoints'), { decimals: true, scale: 100 }))),
    h('p', { class: 'field-hint' }, t('scoring.mqlHint')),
    h('h3', {}, t('scoring.backtest')),
    backtest,
    problem);
  body.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && !ev.isComposing && ev.target.tagName === 'INPUT') { ev.preventDefault(); save(); } });
  const nodes = [
    h('div', { class: 'dialog-head' }, h('h2', { id: 'lead-scorecard-title' }, t('scoring.title'))),
    body,
    progress,
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', id: 'lead-scorecard-reset', onclick: reset, disabled: view.is_default }, t('scorecard.reset')),
      h('button', { class: 'btn', id: 'lead-scorecard-rescore', onclick: rescore }, t('scoring.rescore')),
      h('span', { class: 'spacer' }),
      h('button', { class: 'btn', id: 'lead-scorecard-close', onclick: close }, t('import.close')),
      h('button', { class: 'btn btn-primary', id: 'lead-scorecard-save', onclick: save }, t('scoring.save'))),
  ];
  return { nodes, rescore };
}

/** Win rate per grade, per points band, MQL or not: what the scores have predicted so far. */
function backtestView(b) {
  const rows = (id, first, data) => table([
    { label: first, cell: (r) => r[0] },
    { label: t('scoring.closed'), num: true, cell: (r) => count(r[1]) },
    { label: t('scoring.wonCount'), num: true, cell: (r) => count(r[2]) },
    { label: t('scoring.winRate'), num: true, cell: (r) => r[3] },
  ], data, { id });
  return [
    h('p', { id: 'lead-backtest-sentence' }, b.sentence),
    h('div', { class: 'grid-2 even' },
      rows('lead-backtest-grades', t('scoring.grade'), b.by_grade),
      rows('lead-backtest-bands', t('scoring.band'), b.by_band)),
    rows('lead-backtest-mql', '', [[t('scoring.isMql'), ...b.mql], [t('scoring.notMql'), ...b.not_mql]]),
    h('p', { class: 'field-hint' }, b.definition),
  ];
}
