// 评分设置 (#event-scorecard-form): the scorecard every event is scored with — each criterion's
// weight beside its default, which functions make up the buying centre, our industries, and the
// three conventions (low seniority, brand's worth in contacts, how much an organiser's record
// counts). Saving rescores every event; 恢复默认 goes back to the brief's weights.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table } from '../dom.js';
import { field, modal } from './event_common.js';

/** saved() runs after a save or a reset, so the list shows the new scores. */
export async function openScorecard({ notify, saved }) {
  let card;
  try {
    card = await api.eventScorecard();
  } catch (e) {
    notify(e);
    return;
  }
  const { dialog, close } = modal('event-scorecard-form', 'side-drawer');
  const draw = (view) => mount(dialog, ...content(view, { close, redraw: draw, notify, saved }));
  draw(card);
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('input')?.focus();
}

function content(view, { close, redraw, notify, saved }) {
  const inputs = {};
  const errors = {};
  const input = (key, value, extra = {}) => {
    const id = `scorecard-${key.replace('.', '-')}`;
    errors[key] = h('div', { class: 'field-error', id: `${id}-error`, role: 'alert' });
    inputs[key] = h('input', { class: 'input', id, autocomplete: 'off', value: String(value ?? ''), 'aria-describedby': errors[key].id, ...extra });
    return inputs[key];
  };
  const total = h('span', { id: 'scorecard-weight-total' });
  const sumWeights = () => {
    const sum = view.weights.reduce((s, w) => s + (Number.parseInt(inputs[`weights.${w.code}`].value, 10) || 0), 0);
    total.textContent = t('scorecard.total', { n: count(sum) });
  };
  const weights = table([
    { label: t('col.criterion'), nowrap: true, cell: (w) => w.name },
    { label: t('scorecard.feeds'), nowrap: true, cell: (w) => h('span', { class: `tag ${w.lead ? 'tag-lead' : 'tag-brand'}` }, t(w.lead ? 'scorecard.lead' : 'scorecard.brand')) },
    { label: t('scorecard.weight'), nowrap: true, cell: (w) => h('div', {},
      input(`weights.${w.code}`, w.weight, { class: 'input num weight', inputmode: 'numeric', 'aria-label': w.name, oninput: sumWeights }),
      errors[`weights.${w.code}`]) },
    { label: t('scorecard.default'), num: true, cell: (w) => h('span', { class: w.weight === w.default ? 'muted' : 'status-warn' }, count(w.default)) },
  ], view.weights, { id: 'scorecard-weights' });
  sumWeights();
  errors.weights = h('div', { class: 'field-error', id: 'scorecard-weights-error', role: 'alert' });
  const centre = view.buying_centre.map((f) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', id: `scorecard-bc-${f.code}`, value: f.code, checked: f.selected }), f.name));

  const read = () => ({
    weights: Object.fromEntries(view.weights.map((w) => [w.code, inputs[`weights.${w.code}`].value])),
    buying_centre: centre.map((l) => l.querySelector('input')).filter((b) => b.checked).map((b) => b.value),
    target_industries: inputs.target_industries.value,
    low_seniority: inputs.low_seniority.value,
    brand_equivalent: inputs.brand_equivalent.value,
    history_weight: inputs.history_weight.value,
  });
  const problem = h('div', { class: 'field-error', id: 'scorecard-error', role: 'alert' });
  const showError = (e) => {
    for (const [k, el] of Object.entries(errors)) { el.textContent = ''; inputs[k]?.removeAttribute('aria-invalid'); }
    problem.textContent = '';
    const where = errors[e.field];
    if (!where) { problem.textContent = e.message; return; }
    where.textContent = e.message;
    const target = inputs[e.field] ?? inputs[`weights.${view.weights[0].code}`];
    target.setAttribute('aria-invalid', 'true');
    target.focus();
  };
  const act = (call, message) => async () => {
    try {
      const next = await call();
      redraw(next);
      notify(message, 'success');
      saved();
    } catch (e) {
      showError(e);
    }
  };
  const save = act(() => api.saveEventScorecard(read()), t('scorecard.saved'));
  const reset = act(() => api.resetEventScorecard(), t('scorecard.resetDone'));
  const body = h('div', { class: 'dialog-body' },
    h('p', { class: 'field-hint' }, view.customised ? t('scorecard.customised') : t('scorecard.defaults')),
    h('h3', {}, t('scorecard.weights'), ' ', h('span', { class: 'muted' }, total)),
    weights, errors.weights,
    h('p', { class: 'field-hint' }, t('scorecard.weightsHint')),
    h('h3', {}, t('scorecard.buyingCentre')),
    h('div', { class: 'check-row', id: 'scorecard-buying-centre' }, centre),
    h('p', { class: 'field-hint' }, t('scorecard.buyingCentreHint')),
    h('div', { class: 'form-grid' },
      field(t('scorecard.industries'), input('target_industries', view.target_industries, { placeholder: t('eventForm.industriesPlaceholder') }),
        { error: errors.target_industries, hint: t('scorecard.industriesHint'), wide: true }),
      field(t('scorecard.lowSeniority'), input('low_seniority', view.low_seniority, { class: 'input num', inputmode: 'decimal' }),
        { error: errors.low_seniority, hint: t('scorecard.lowSeniorityHint') }),
      field(t('scorecard.brandEquivalent'), input('brand_equivalent', view.brand_equivalent, { class: 'input num', inputmode: 'numeric' }),
        { error: errors.brand_equivalent, hint: t('scorecard.brandEquivalentHint') }),
      field(t('scorecard.historyWeight'), input('history_weight', view.history_weight, { class: 'input num', inputmode: 'numeric' }),
        { error: errors.history_weight, hint: t('scorecard.historyWeightHint') })),
    problem);
  body.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing && e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') { e.preventDefault(); save(); } });
  return [
    h('div', { class: 'dialog-head' }, h('h2', { id: 'event-scorecard-form-title' }, t('scorecard.title'))),
    body,
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', id: 'scorecard-reset', onclick: reset, disabled: !view.customised }, t('scorecard.reset')),
      h('span', { class: 'spacer' }),
      h('button', { class: 'btn', id: 'scorecard-close', onclick: close }, t('import.close')),
      h('button', { class: 'btn btn-primary', id: 'scorecard-save', onclick: save }, t('common.save'))),
  ];
}
