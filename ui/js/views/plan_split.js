// 季度与区域: how channel budgets spread over the quarters (even, custom weights, or where the
// tactics fall) and how the total splits over regions — top-down by last year's contribution,
// bottom-up by commitments, and the blend the plan adopts.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, card, chip, svg, table } from '../dom.js';
import { editList, textInput } from '../edit_list.js';
import { rememberUndo, undoLast } from '../undo.js';

export function splitPanel(data, redraw, ctx) {
  return [quarterCard(data, redraw), regionCard(data, redraw, ctx)];
}

function quarterCard(data, redraw) {
  const q = data.quarters;
  const mode = h('select', { class: 'input', id: 'quarter-mode', 'aria-label': t('split.mode') },
    ['by_tactics', 'even', 'weights'].map((m) => h('option', { value: m, selected: q.mode === m }, t(`split.mode.${m}`))));
  const weights = q.weights.map((w, i) => h('input', {
    class: 'input num weight', id: `weight-q${i + 1}`, name: `weight_q${i + 1}`, value: String(w), inputmode: 'numeric', 'aria-label': `Q${i + 1}`,
  }));
  const weightFields = h('span', { class: 'inline-fields', hidden: mode.value !== 'weights' },
    weights.map((w, i) => h('label', { class: 'inline-fields' }, `Q${i + 1}`, w)));
  const error = h('div', { class: 'field-error', id: 'quarter-error', role: 'alert' });
  const apply = async () => {
    weights.forEach((w) => w.removeAttribute('aria-invalid'));
    const form = mode.value === 'weights' ? { mode: 'weights', weights: weights.map((w) => w.value) } : { mode: mode.value };
    try {
      redraw(await api.setQuarterSplit(form));
    } catch (e) {
      error.textContent = e.message;
      const bad = weights.find((w) => w.name === e.field);
      bad?.setAttribute('aria-invalid', 'true');
      bad?.focus();
    }
  };
  mode.addEventListener('change', () => {
    weightFields.hidden = mode.value !== 'weights';
    if (mode.value !== 'weights') apply();
  });
  const applyButton = h('button', { class: 'btn', id: 'quarter-apply', hidden: mode.value !== 'weights', onclick: apply }, t('split.apply'));
  mode.addEventListener('change', () => { applyButton.hidden = mode.value !== 'weights'; });
  weightFields.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
  const cols = [
    { label: t('col.channel'), cell: (r) => chip(r.color, r.name) },
    ...[0, 1, 2, 3].map((i) => ({ label: `Q${i + 1}`, num: true, cell: (r) => r.quarters[i].yuan })),
    { label: t('split.sum'), num: true, cell: (r) => r.total.yuan },
  ];
  const totals = { name: t('split.sum'), color: 'transparent', quarters: q.totals, total: data.plan.total };
  return card(t('split.quarters'),
    h('div', { class: 'toolbar' }, mode, weightFields, applyButton),
    error,
    h('figure', { class: 'chart', id: 'quarter-chart' }, svg(data.quarter_chart_svg)),
    table(cols, [...q.rows, totals], { id: 'quarter-table' }));
}

function regionCard(data, redraw, ctx) {
  const r = data.regions;
  const weight = h('input', { class: 'input num', id: 'region-weight', value: r.top_down_weight, inputmode: 'decimal', 'aria-label': t('split.weight') });
  const weightError = h('div', { class: 'field-error', id: 'region-weight-error', role: 'alert' });
  weight.addEventListener('keydown', async (e) => {
    if (e.key !== 'Enter') return;
    try {
      redraw(await api.setRegionWeight(weight.value));
    } catch (err) {
      weightError.textContent = err.message;
      weight.setAttribute('aria-invalid', 'true');
    }
  });
  const money = (name) => (row) => textInput(name, row ? row[name].yuan.replace('¥', '') : '', { inputmode: 'decimal', class: 'input num' });
  const signed = (m) => h('span', { class: m.fen.startsWith('-') ? 'muted' : m.fen === '0' ? undefined : 'status-warn' }, m.yuan);
  const { table: regionTable, addButton } = editList({
    id: 'region-table',
    rowKey: (x) => x.id,
    rows: r.rows,
    addLabel: t('split.addRegion'),
    emptyText: t('split.noRegions'),
    columns: [
      { label: t('col.region'), field: 'region', view: (x) => x?.region ?? '', input: (x) => textInput('region', x?.region) },
      { label: t('split.lastYear'), num: true, field: 'last_year', view: (x) => x?.last_year.yuan ?? '', input: money('last_year') },
      { label: t('split.commitment'), num: true, field: 'commitment', view: (x) => x?.commitment.yuan ?? '', input: money('commitment') },
      { label: t('split.topDown'), num: true, view: (x) => x?.top_down.yuan ?? '' },
      { label: t('split.blended'), num: true, view: (x) => (x ? h('strong', {}, x.blended.yuan) : '') },
      { label: t('split.difference'), num: true, view: (x) => (x ? signed(x.difference) : '') },
      { label: t('split.inTactics'), num: true, view: (x) => x?.in_tactics.yuan ?? '' },
    ],
    save: async (row, values) => redraw(await api.saveRegion(row ? row.id : null, values)),
    remove: async (row) => {
      try {
        const { overview, removed } = await api.deleteRegion(row.id);
        rememberUndo(() => api.restoreRegion(removed));
        redraw(overview);
        ctx.notify(t('split.regionDeleted', { name: row.region }), 'info', { label: t('common.undo'), run: undoLast });
      } catch (e) {
        ctx.notify(e);
      }
    },
  });
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('split.regions')), addButton),
    h('p', { class: 'field-hint' }, t('split.regionsHint')),
    h('div', { class: 'toolbar' },
      h('label', { class: 'inline-fields' }, t('split.weight'), weight, '%'),
      h('span', { class: 'muted' }, t('split.weightHint'))),
    weightError,
    regionTable,
    r.rows.length
      ? h('p', { class: 'page-summary', id: 'region-summary' },
        t('split.regionSummary', { last: r.last_year.yuan, commitments: r.commitments.yuan, over: r.commitments_over_total.yuan }))
      : null);
}
