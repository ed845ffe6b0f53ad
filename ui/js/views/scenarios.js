// 方案对比: copy the plan with one change (−20% total, move points between channels), compare
// channel by channel, adopt one.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table, chip, card } from '../dom.js';

export function scenariosCard(data, redraw) {
  const body = h('div', { id: 'scenario-list' });
  const name = h('input', { class: 'input', id: 'scenario-name', placeholder: t('scenario.namePlaceholder'), 'aria-label': t('scenario.name') });
  const kind = h('select', { class: 'input', id: 'scenario-kind', 'aria-label': t('scenario.kind') },
    h('option', { value: 'scale_total' }, t('scenario.scale')), h('option', { value: 'move_share' }, t('scenario.move')));
  const percent = h('input', { class: 'input num', id: 'scenario-percent', value: '-20', 'aria-label': t('scenario.percent') });
  const channelSelect = (id, index) => h('select', { class: 'input', id, 'aria-label': t('col.channel') },
    data.channels.map((c, i) => h('option', { value: c.code, selected: i === index }, c.name)));
  const from = channelSelect('scenario-from', 0);
  const to = channelSelect('scenario-to', 1);
  const points = h('input', { class: 'input num', id: 'scenario-points', value: '10', 'aria-label': t('scenario.points') });
  const scaleFields = h('span', { class: 'inline-fields' }, percent, '%');
  const moveFields = h('span', { class: 'inline-fields', hidden: true }, t('scenario.from'), from, t('scenario.to'), to, points, t('scenario.pointsUnit'));
  kind.addEventListener('change', () => {
    scaleFields.hidden = kind.value !== 'scale_total';
    moveFields.hidden = kind.value !== 'move_share';
  });
  const error = h('div', { class: 'field-error', id: 'scenario-error', role: 'alert' });
  const fields = { percent, points };

  const draw = (list) => {
    if (!list.length) {
      body.replaceChildren(h('p', { class: 'muted' }, t('scenario.none')));
      return;
    }
    body.replaceChildren(...list.map((s) => h('section', { class: 'scenario', dataset: { scenarioId: String(s.id) } },
      h('div', { class: 'card-head' },
        h('h3', {}, `${s.name} · ${s.total.yuan}（${s.total_delta.yuan}）`),
        h('span', {},
          h('button', { class: 'btn btn-small btn-primary adopt', onclick: async () => {
            try { redraw(await api.adoptScenario(s.id)); } catch (e) { error.textContent = e.message; }
          } }, t('scenario.adopt')),
          h('button', { class: 'link danger', onclick: async () => draw(await api.deleteScenario(s.id)) }, t('common.delete')))),
      table([
        { label: t('col.channel'), cell: (r) => chip(r.color, r.name) },
        { label: t('scenario.current'), num: true, cell: (r) => `${r.budget_current.yuan} · ${r.share_current}` },
        { label: t('scenario.scenario'), num: true, cell: (r) => `${r.budget_scenario.yuan} · ${r.share_scenario}` },
        { label: t('scenario.delta'), num: true, cell: (r) => r.delta.yuan },
      ], s.rows))));
  };

  const create = async () => {
    for (const f of Object.values(fields)) f.removeAttribute('aria-invalid');
    error.textContent = '';
    const adjustment = kind.value === 'scale_total'
      ? { type: 'scale_total', percent: percent.value }
      : { type: 'move_share', from: from.value, to: to.value, points: points.value };
    try {
      draw(await api.createScenario(name.value, adjustment));
      name.value = '';
    } catch (e) {
      error.textContent = e.message;
      fields[e.field]?.setAttribute('aria-invalid', 'true');
    }
  };
  const form = h('div', { class: 'scenario-form' }, name, kind, scaleFields, moveFields,
    h('button', { class: 'btn btn-primary', id: 'scenario-create', onclick: create }, t('scenario.create')));
  api.scenarios().then(draw).catch((e) => { error.textContent = e.message; });
  return card(t('scenario.title'), h('p', { class: 'field-hint' }, t('scenario.hint')), form, error, body);
}
