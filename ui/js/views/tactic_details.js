// A tactic's details in a dialog: when it runs (date or quarters), what it should produce
// (leads, MQL, SQL, deals, revenue) and the four texts leadership reads in the printed plan.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { dateField } from '../date_field.js';

const OUTPUTS = [
  ['expected_leads', 'leads', 'tactic.leads'],
  ['expected_mql', 'mql', 'tactic.mql'],
  ['expected_sql', 'sql', 'tactic.sql'],
  ['expected_deals', 'deals', 'tactic.deals'],
];
const BRIEF = [
  ['problem', 'tactic.problem', 'tactic.problemHint'],
  ['expected_result', 'tactic.expectedResult', 'tactic.expectedResultHint'],
  ['kpi', 'tactic.kpi', 'tactic.kpiHint'],
  ['people', 'tactic.people', 'tactic.peopleHint'],
];

/** r: a TacticView; saved(overview) is called after a successful save. */
export function openTacticDetails(r, data, { saved }) {
  const year = data.plan.fiscal_year;
  const inputs = {};
  const labelled = (key, control, hint) => h('label', { class: 'stacked' }, h('span', {}, t(key)), control,
    hint ? h('span', { class: 'field-hint' }, t(hint)) : null);

  // Optional: left empty, the quarters below say when the tactic runs.
  const startsOn = dateField({ id: 'tactic-starts-on', name: 'starts_on', value: r.starts_on, min: `${year}-01-01`, max: `${year}-12-31`, label: t('tactic.date') });
  inputs.starts_on = startsOn.input;
  const quarterBoxes = [1, 2, 3, 4].map((q) => h('input', {
    type: 'checkbox', name: `q${q}`, checked: (r.quarters & (1 << (q - 1))) !== 0, 'aria-label': `Q${q}`,
  }));
  inputs.quarters = h('fieldset', { class: 'quarter-boxes' }, h('legend', {}, t('col.quarter')),
    quarterBoxes.map((box, i) => h('label', {}, box, `Q${i + 1}`)));
  for (const [field, key, label] of OUTPUTS) {
    inputs[field] = h('input', { class: 'input num', name: field, inputmode: 'numeric', value: String(r.expected[key]), 'aria-label': t(label) });
  }
  inputs.expected_revenue = h('input', { class: 'input num', name: 'expected_revenue', inputmode: 'decimal', value: r.expected.revenue.yuan.replace('¥', '') });
  for (const [field, , hint] of BRIEF) {
    inputs[field] = h('textarea', { class: 'input', name: field, rows: '2', placeholder: t(hint) });
    inputs[field].value = r.brief[field];
  }

  const error = h('div', { class: 'field-error', id: 'tactic-details-error', role: 'alert' });
  const dialog = h('dialog', { class: 'dialog', id: 'tactic-details', 'aria-labelledby': 'tactic-details-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  const save = async () => {
    const day = startsOn.check();
    if (day === null) return;
    const mask = quarterBoxes.reduce((m, box, i) => (box.checked ? m | (1 << i) : m), 0);
    const form = {
      channel_id: r.channel_id, name: r.name, owner: r.owner, region: r.region,
      planned: r.planned.yuan.replace('¥', ''),
      // No quarter ticked means all year, as in the table.
      quarters: mask || 15,
      starts_on: day,
      expected_revenue: inputs.expected_revenue.value,
      brief: Object.fromEntries(BRIEF.map(([f]) => [f, inputs[f].value])),
    };
    for (const [field] of OUTPUTS) form[field] = inputs[field].value;
    for (const el of Object.values(inputs)) el.removeAttribute('aria-invalid');
    try {
      const next = await api.saveTactic(r.id, form);
      close();
      saved(next);
    } catch (e) {
      error.textContent = e.message;
      const bad = inputs[e.field];
      if (bad) {
        bad.setAttribute('aria-invalid', 'true');
        bad.focus?.();
      }
    }
  };

  dialog.append(
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'tactic-details-title' }, `${r.name}`),
      h('span', { class: 'muted' }, `${r.channel_name} · ${r.planned.yuan}`)),
    h('div', { class: 'dialog-body' },
      h('div', { class: 'detail-row' },
        h('div', { class: 'stacked' }, h('label', { for: 'tactic-starts-on' }, t('tactic.date')), startsOn.node,
          h('span', { class: 'field-hint' }, t('tactic.dateHint')), startsOn.error), inputs.quarters),
      h('h3', {}, t('tactic.outputs')),
      h('div', { class: 'detail-row outputs' },
        OUTPUTS.map(([field, , label]) => labelled(label, inputs[field])),
        labelled('tactic.revenue', inputs.expected_revenue)),
      h('h3', {}, t('tactic.brief')),
      h('div', { class: 'detail-brief' }, BRIEF.map(([field, label]) => labelled(label, inputs[field]))),
      error),
    h('div', { class: 'dialog-foot' },
      h('button', { class: 'btn', onclick: close }, t('common.cancel')),
      h('button', { class: 'btn btn-primary', id: 'tactic-details-save', onclick: save }, t('common.save'))));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(); }
  });
  document.body.append(dialog);
  dialog.showModal();
  inputs.problem.focus();
}
