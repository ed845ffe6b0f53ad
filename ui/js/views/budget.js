// 预算: the current plan — total (editable), channel split chart and table, tactics.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { mount, h, table, chip, svg, emptyState, card, confirmDialog } from '../dom.js';
import { rememberUndo, undoLast } from '../undo.js';
import { tacticsTable } from './tactics.js';
import { trackingCard } from './tracking.js';
import { scenariosCard } from './scenarios.js';
import { splitPanel } from './plan_split.js';
import { roiPanel } from './roi.js';
import { rulesPanel } from './rules.js';
import { printPlan } from './plan_print.js';
import { versionsPanel } from './versions.js';

// The template a new plan starts from, when the user already chose one (the demo banner's
// 从空白计划开始 / 从模板开始); used once, by the next new-plan form.
let chosenTemplate = null;

/** The next new-plan form starts on `template`, its total field focused. */
export function startNewPlanWith(template) {
  chosenTemplate = template;
}

export async function renderBudget(root, ctx) {
  const data = await api.budget();
  if (!data.plan) {
    const template = chosenTemplate;
    chosenTemplate = null;
    mount(root, pageHeader(null, ctx), emptyPlan(ctx, template));
    if (template) root.querySelector('#new-plan-total')?.focus();
    return;
  }
  draw(root, data, ctx);
}

function pageHeader(data, ctx) {
  const warnings = data ? data.breaches.filter((b) => b.warning).length : 0;
  const summary = data
    ? t('budget.summary', { allocated: data.allocated.yuan, total: data.plan.total.yuan, unallocated: data.unallocated.yuan })
      + (warnings ? ` · ${t('budget.warnings', { n: warnings })}` : '')
    : '';
  const exportButton = (format, key) => h('button', {
    class: 'btn', id: `export-${format}`,
    onclick: async () => {
      try {
        const path = await api.exportPlan(format);
        if (path) ctx.notify(t('budget.exported', { path }), 'success');
      } catch (e) {
        ctx.notify(e);
      }
    },
  }, t(key));
  return h('div', { class: 'page-header with-actions' },
    h('div', {},
      h('h1', { class: 'page-title' }, data ? `${t('budget.title')} · ${data.plan.name}` : t('budget.title')),
      summary ? h('p', { class: 'page-summary', id: 'budget-summary' }, summary) : null),
    data ? h('div', { class: 'page-actions' },
      h('button', { class: 'btn btn-primary', id: 'print-plan', onclick: () => printPlan(ctx) }, t('budget.printPlan')),
      briefsToggle(ctx),
      exportButton('pdf', 'budget.exportPdf'), exportButton('xlsx', 'budget.exportXlsx')) : null);
}

/** 附活动简报: whether the printed and exported plan carries the year's event briefs. */
function briefsToggle(ctx) {
  const box = h('input', { type: 'checkbox', id: 'plan-briefs-toggle' });
  api.planEventBriefs().then((on) => { box.checked = on; }).catch(() => {});
  box.onchange = () => api.setPlanEventBriefs(box.checked).catch((e) => { box.checked = !box.checked; ctx.notify(e); });
  return h('label', { class: 'check', title: t('budget.briefsHint') }, box, ' ', t('budget.briefs'));
}

// The section's tabs; the chosen one survives redraws and visits to other sections.
const TABS = ['overview', 'tactics', 'split', 'tracking', 'roi', 'scenarios', 'versions', 'rules'];
let activeTab = 'overview';

function draw(root, data, ctx) {
  const redraw = (next) => draw(root, next, ctx);
  const panels = {
    overview: () => overviewPanel(data, root, ctx),
    tactics: () => tacticsCard(data, root, ctx),
    split: () => splitPanel(data, redraw, ctx),
    tracking: () => trackingCard(data, redraw, ctx.notify),
    roi: () => roiPanel(data),
    scenarios: () => scenariosCard(data, redraw, ctx.notify),
    versions: () => versionsPanel(data, redraw, ctx.notify),
    rules: () => rulesPanel(data, redraw, ctx),
  };
  const tabs = TABS.map((name) => h('button', {
    class: `tab${name === activeTab ? ' active' : ''}`, role: 'tab', id: `budget-tab-${name}`,
    'aria-selected': String(name === activeTab), 'aria-controls': 'budget-panel',
    tabindex: name === activeTab ? '0' : '-1',
    onclick: () => { activeTab = name; redraw(data); root.querySelector(`#budget-tab-${name}`)?.focus(); },
  }, t(`budget.tab.${name}`)));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('budget.title') }, tabs);
  tablist.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    activeTab = TABS[(TABS.indexOf(activeTab) + step + TABS.length) % TABS.length];
    redraw(data);
    root.querySelector(`#budget-tab-${activeTab}`)?.focus();
  });
  mount(root,
    pageHeader(data, ctx),
    guardrailPanel(data.breaches),
    tablist,
    h('div', { id: 'budget-panel', role: 'tabpanel', 'aria-labelledby': `budget-tab-${activeTab}` }, panels[activeTab]()));
}

function overviewPanel(data, root, ctx) {
  const plan = data.plan;
  return [
    h('div', { class: 'grid-2' },
      card(t('budget.total'), totalEditor(plan, data, root, ctx),
        h('dl', { class: 'facts' },
          h('dt', {}, t('budget.year')), h('dd', {}, String(plan.fiscal_year)),
          h('dt', {}, t('budget.stage')), h('dd', {}, plan.stage),
          h('dt', {}, t('budget.emphasis')), h('dd', {}, plan.emphasis),
          h('dt', {}, t('budget.version')), h('dd', {}, String(plan.version)))),
      card(t('budget.chart'), h('figure', { class: 'chart', id: 'channel-chart' }, svg(data.chart_svg)))),
    card(t('budget.channels'), data.channels.length ? table([
      { label: t('col.channel'), cell: (c) => chip(c.color, c.name) },
      { label: t('col.share'), num: true, cell: (c) => shareEditor(c, data, root, ctx) },
      { label: t('col.budget'), num: true, cell: (c) => c.budget.yuan },
      { label: t('col.inTactics'), num: true, cell: (c) => c.tactics_total.yuan },
      { label: t('col.count'), num: true, cell: (c) => count(c.tactic_count) },
      { label: t('col.lastYear'), num: true, cell: (c) => lastYearEditor(c, data, root, ctx) },
    ], data.channels, { id: 'channel-table' }) : h('p', { class: 'empty-inline', id: 'channel-empty' },
      h('span', { class: 'muted' }, t('budget.noChannels')), ' ',
      h('button', { class: 'btn btn-small btn-primary', onclick: () => { activeTab = 'rules'; draw(root, data, ctx); root.querySelector('#channel-admin-table-add')?.click(); } }, t('rules.addChannel'))),
    data.channels.length ? h('p', { class: 'field-hint' }, t('budget.lastYearHint')) : null),
    textsCard(data, root, ctx),
    card(t('tracking.chart'), h('figure', { class: 'chart', id: 'plan-actual-chart-overview' }, svg(data.plan_actual_chart_svg))),
  ];
}

/** A channel's share: click to edit; Enter saves, Esc cancels; a refusal is a sentence beside it. */
function shareEditor(c, data, root, ctx) {
  const shown = h('button', { class: 'link share-value', dataset: { channelId: String(c.id) }, title: t('common.edit') }, c.share);
  const input = h('input', { class: 'input num share-input', value: c.share.replace('%', ''), inputmode: 'decimal', 'aria-label': `${c.name} ${t('col.share')}` });
  const error = h('div', { class: 'field-error share-error', role: 'alert' });
  const editor = h('div', { class: 'share-edit', hidden: true }, input, error);
  const wrap = h('div', {}, shown, editor);
  shown.addEventListener('click', () => {
    shown.hidden = true;
    editor.hidden = false;
    input.focus();
    input.select();
  });
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'Escape') {
      editor.hidden = true;
      shown.hidden = false;
      shown.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      try {
        const before = data.plan.version;
        const next = await api.setChannelShare(c.id, input.value);
        draw(root, next, ctx);
        offerUndo(before, next, t('budget.shareChanged', { channel: c.name, share: next.channels.find((x) => x.id === c.id)?.share ?? '' }), ctx);
        root.querySelector(`.share-value[data-channel-id="${c.id}"]`)?.focus();
      } catch (err) {
        error.textContent = err.message;
        input.setAttribute('aria-invalid', 'true');
      }
    }
  });
  return wrap;
}

/** Last year's spend on a channel, as printed in 与上年对比: click to type it; empty reads
 *  last year's plan in the workspace. */
function lastYearEditor(c, data, root, ctx) {
  const shown = h('button', { class: 'link last-year-value', dataset: { channelId: String(c.id) }, title: t('common.edit') },
    c.last_year ? c.last_year.yuan : t('budget.lastYearNone'));
  const input = h('input', { class: 'input num', value: c.last_year ? c.last_year.yuan.replace('¥', '') : '', inputmode: 'decimal', 'aria-label': `${c.name} ${t('col.lastYear')}` });
  const error = h('div', { class: 'field-error', role: 'alert' });
  const editor = h('div', { hidden: true }, input, error);
  shown.addEventListener('click', () => { shown.hidden = true; editor.hidden = false; input.focus(); input.select(); });
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'Escape') { editor.hidden = true; shown.hidden = false; shown.focus(); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      try {
        const before = data.plan.version;
        const next = await api.setChannelLastYear(c.id, input.value);
        draw(root, next, ctx);
        offerUndo(before, next, t('budget.lastYearSaved', { channel: c.name }), ctx);
      } catch (err) {
        error.textContent = err.message;
        input.setAttribute('aria-invalid', 'true');
      }
    }
  });
  return h('div', {}, shown, editor);
}

/** The plan's objectives and risks, printed for leadership. */
function textsCard(data, root, ctx) {
  const objectives = h('textarea', { class: 'input', id: 'plan-objectives', rows: 3, 'aria-label': t('budget.objectives') }, data.plan.objectives);
  const risks = h('textarea', { class: 'input', id: 'plan-risks', rows: 3, 'aria-label': t('budget.risks') }, data.plan.risks);
  const error = h('div', { class: 'field-error', role: 'alert' });
  const save = async () => {
    try {
      const before = data.plan.version;
      const next = await api.setPlanTexts(objectives.value, risks.value);
      draw(root, next, ctx);
      offerUndo(before, next, t('budget.textsSaved'), ctx);
    } catch (e) {
      error.textContent = e.message;
    }
  };
  const labelled = (key, control) => h('label', { class: 'stacked wide' }, h('span', {}, t(key)), control);
  return card(t('budget.texts'), h('p', { class: 'field-hint' }, t('budget.textsHint')),
    labelled('budget.objectives', objectives), labelled('budget.risks', risks), error,
    h('button', { class: 'btn', id: 'plan-texts-save', onclick: save }, t('common.save')));
}

function tacticsCard(data, root, ctx) {
  // Keyboard focus stays in the table across the redraw: on `focusId`'s row, else 新增预算项.
  const redraw = (next, focusId) => {
    draw(root, next, ctx);
    const row = focusId != null ? root.querySelector(`#tactic-table tr[data-tactic-id="${focusId}"]`) : null;
    (row ?? root.querySelector('#add-tactic'))?.focus();
  };
  const addChannels = () => {
    activeTab = 'rules';
    draw(root, data, ctx);
    root.querySelector('#channel-admin-table-add')?.click();
  };
  const { table: tacticTable, addButton } = tacticsTable(data, { redraw, notify: ctx.notify, addChannels });
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('budget.tactics')), addButton),
    h('p', { class: 'field-hint' }, t('budget.tacticsHint')),
    tacticTable);
}

/** The plan's own rules and money that does not add up: warnings first, then notices. */
function guardrailPanel(breaches) {
  if (!breaches.length) return h('div', { class: 'alert alert-success', id: 'guardrails' }, t('budget.allGood'));
  return h('section', { class: 'card guardrails', id: 'guardrails', 'aria-label': t('budget.guardrails') },
    h('h2', { class: 'card-title' }, t('budget.guardrails')),
    h('ul', { class: 'breaches' }, breaches.map((b) => h('li', { class: b.warning ? 'breach-warning' : 'breach-notice' }, b.message))));
}

/** The plan total: shown as money; Enter or the button edits; Enter saves, Esc cancels. */
function totalEditor(plan, data, root, ctx) {
  const shown = h('button', { class: 'money-big', id: 'plan-total', title: t('common.edit') }, plan.total.yuan);
  const sub = h('div', { class: 'money-sub' }, plan.total.wan);
  const input = h('input', { id: 'plan-total-input', class: 'input', inputmode: 'decimal', 'aria-describedby': 'plan-total-error plan-total-hint', autocomplete: 'off' });
  const error = h('div', { class: 'field-error', id: 'plan-total-error', role: 'alert' });
  const hint = h('div', { class: 'field-hint', id: 'plan-total-hint' }, t('budget.totalHint'));
  const editor = h('div', { class: 'field', hidden: true }, input, error, hint);
  const view = h('div', {}, shown, sub);
  const startEdit = () => {
    input.value = plan.total.yuan.replace('¥', '');
    error.textContent = '';
    view.hidden = true;
    editor.hidden = false;
    input.focus();
    input.select();
  };
  const stopEdit = () => {
    editor.hidden = true;
    view.hidden = false;
    shown.focus();
  };
  shown.addEventListener('click', startEdit);
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      stopEdit();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const before = plan.version;
      const saved = (next) => {
        draw(root, next, ctx);
        offerUndo(before, next, t('budget.totalChanged', { total: next.plan.total.yuan }), ctx);
        root.querySelector('#plan-total')?.focus();
      };
      try {
        saved(await api.setPlanTotal(plan.id, input.value));
      } catch (err) {
        if (err.code === 'confirm_zero_total') {
          const yes = await confirmDialog({
            id: 'zero-total-confirm', title: t('budget.zeroTitle'), intro: err.message,
            confirmLabel: t('budget.zeroConfirm'), cancelLabel: t('common.cancel'), danger: true,
          });
          if (yes) {
            try { saved(await api.setPlanTotalToZero(plan.id)); } catch (e2) { error.textContent = e2.message; }
          } else {
            input.focus();
          }
          return;
        }
        error.textContent = err.message;
        input.setAttribute('aria-invalid', 'true');
      }
    }
  });
  return h('div', { class: 'total-editor' }, view, editor);
}

/** After an edit that made a new version: Ctrl+Z or the notice's 撤销 brings back `before`. */
function offerUndo(before, next, message, ctx) {
  if (!next.plan || next.plan.version === before) return;
  rememberUndo(() => api.restorePlanVersion(before));
  ctx.notify(message, 'success', { label: t('common.undo'), run: undoLast });
}

const TEMPLATES = ['seed_default', 'three_blocks', 'four_teams', 'empty'];
const STAGES = ['startup', 'growth', 'mature', 'declining'];
const EMPHASES = ['demand', 'brand', 'balanced'];

function emptyPlan(ctx, chosen) {
  const select = (id, codes, prefix, chosen) => h('select', { class: 'input', id, 'aria-label': t(`${prefix}.label`) },
    codes.map((c) => h('option', { value: c, selected: c === chosen }, t(`${prefix}.${c}`))));
  const template = select('new-plan-template', TEMPLATES, 'template', chosen ?? 'seed_default');
  const stage = select('new-plan-stage', STAGES, 'stage', 'growth');
  const emphasis = select('new-plan-emphasis', EMPHASES, 'emphasis', 'demand');
  const input = h('input', { class: 'input', id: 'new-plan-total', placeholder: t('budget.empty.placeholder'), inputmode: 'decimal', 'aria-label': t('budget.total') });
  const error = h('div', { class: 'field-error', role: 'alert' });
  const create = async () => {
    try {
      await api.createPlan(template.value, input.value, stage.value, emphasis.value);
      ctx.refresh();
    } catch (err) {
      error.textContent = err.message;
      input.setAttribute('aria-invalid', 'true');
    }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') create(); });
  const labelled = (key, control) => h('label', { class: 'stacked' }, h('span', {}, t(key)), control);
  return emptyState(t('budget.empty.title'), t('budget.empty.body'),
    h('div', { class: 'field inline' },
      labelled('template.label', template), labelled('stage.label', stage), labelled('emphasis.label', emphasis),
      labelled('budget.total', input),
      h('button', { class: 'btn btn-primary', id: 'new-plan-create', onclick: create }, t('budget.empty.create')), error));
}
