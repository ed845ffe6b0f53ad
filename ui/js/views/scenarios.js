// 方案对比: copy the plan with one change (−20% total, move points between channels), compare
// channel by channel and forecast by forecast, see what adopting would break, adopt one (asked
// once, naming what changes; undone from the notice or Ctrl+Z). A scenario built from an older
// version of the plan is never adopted: it shows the three versions side by side and can be
// rebuilt on the current one.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table, chip, card, confirmDialog } from '../dom.js';
import { rememberUndo, undoLast } from '../undo.js';

export function scenariosCard(data, redraw, notify) {
  const body = h('div', { id: 'scenario-list' });
  const name = h('input', { class: 'input', id: 'scenario-name', placeholder: t('scenario.namePlaceholder'), 'aria-label': t('scenario.name') });
  const kind = h('select', { class: 'input', id: 'scenario-kind', 'aria-label': t('scenario.kind') },
    h('option', { value: 'scale_total' }, t('scenario.scale')), h('option', { value: 'move_share' }, t('scenario.move')));
  const percent = h('input', { class: 'input num', id: 'scenario-percent', value: '-20', 'aria-label': t('scenario.percent') });
  const outputs = h('select', { class: 'input', id: 'scenario-outputs', 'aria-label': t('scenario.outputs') },
    h('option', { value: 'follow_money' }, t('scenario.outputs.followMoney')),
    h('option', { value: 'unchanged' }, t('scenario.outputs.unchanged')));
  const channelSelect = (id, index) => h('select', { class: 'input', id, 'aria-label': t('col.channel') },
    data.channels.map((c, i) => h('option', { value: c.code, selected: i === index }, c.name)));
  const from = channelSelect('scenario-from', 0);
  const to = channelSelect('scenario-to', 1);
  const points = h('input', { class: 'input num', id: 'scenario-points', value: '10', 'aria-label': t('scenario.points') });
  const scaleFields = h('span', { class: 'inline-fields' }, percent, '%', outputs);
  const moveFields = h('span', { class: 'inline-fields', hidden: true }, t('scenario.from'), from, t('scenario.to'), to, points, t('scenario.pointsUnit'));
  kind.addEventListener('change', () => {
    scaleFields.hidden = kind.value !== 'scale_total';
    moveFields.hidden = kind.value !== 'move_share';
  });
  const error = h('div', { class: 'field-error', id: 'scenario-error', role: 'alert' });
  const fields = { percent, points };

  const adopt = async (s) => {
    const yes = await confirmDialog({
      id: 'adopt-confirm',
      title: t('scenario.adoptTitle', { name: s.name }),
      intro: t('scenario.adoptIntro', { version: s.current_version }),
      lines: s.adopt_changes.length ? s.adopt_changes : [t('scenario.noChange')],
      warnings: s.breaches.filter((b) => b.warning).map((b) => b.message),
      confirmLabel: t('scenario.adoptNow'),
      cancelLabel: t('common.cancel'),
    });
    if (!yes) return;
    try {
      const a = await api.adoptScenario(s.id);
      const undo = () => api.restorePlanVersion(a.undo_version);
      rememberUndo(undo);
      redraw(a.overview);
      notify(a.message, 'success', { label: t('common.undo'), run: undoLast });
    } catch (e) {
      error.textContent = e.message;
      api.scenarios().then(draw).catch(() => {});
    }
  };

  const comparison = (s) => table([
    { label: t('col.channel'), cell: (r) => chip(r.color, r.name) },
    { label: t('scenario.current'), num: true, cell: (r) => `${r.budget_current.yuan} · ${r.share_current}` },
    { label: t('scenario.scenario'), num: true, cell: (r) => `${r.budget_scenario.yuan} · ${r.share_scenario}` },
    { label: t('scenario.delta'), num: true, cell: (r) => r.delta.yuan },
  ], s.rows, { id: `scenario-rows-${s.id}` });

  const forecast = (s) => table([
    { label: t('scenario.forecast'), cell: (r) => r.label },
    { label: t('scenario.current'), num: true, cell: (r) => r.current },
    { label: t('scenario.scenario'), num: true, cell: (r) => r.scenario },
  ], s.forecast, { id: `scenario-forecast-${s.id}` });

  const staleBlock = (s) => h('div', { class: 'alert alert-warning scenario-stale', role: 'status' },
    h('p', {}, s.stale_reason),
    s.later_edits.length ? h('p', {}, t('scenario.laterEdits')) : null,
    s.later_edits.length ? h('ul', { class: 'change-list' }, s.later_edits.map((e) => h('li', {}, e))) : null,
    s.three_way.length ? table([
      { label: t('col.channel'), cell: (r) => r.name },
      { label: t('scenario.base', { version: s.base_version }), num: true, cell: (r) => r.base.yuan },
      { label: t('scenario.now', { version: s.current_version }), num: true, cell: (r) => r.current.yuan },
      { label: t('scenario.scenario'), num: true, cell: (r) => r.scenario.yuan },
    ], s.three_way, { id: `scenario-three-way-${s.id}` }) : null);

  const draw = (list) => {
    if (!list.length) {
      body.replaceChildren(h('div', { class: 'empty-inline', id: 'scenario-none' },
        h('span', { class: 'muted' }, t('scenario.none')), ' ',
        h('button', { class: 'btn btn-small btn-primary', id: 'scenario-none-create', onclick: () => create() }, t('scenario.noneCreate'))));
      return;
    }
    body.replaceChildren(...list.map((s) => h('section', { class: `scenario${s.stale ? ' stale' : ''}`, dataset: { scenarioId: String(s.id) } },
      h('div', { class: 'card-head' },
        h('h3', {}, `${s.name}${s.adjustment ? ` · ${s.adjustment}` : ''} · ${s.total.yuan}（${s.total_delta.yuan}）`),
        h('span', { class: 'scenario-actions' },
          s.stale
            ? h('button', { class: 'btn btn-small rebuild', onclick: async () => {
              try { draw(await api.rebuildScenario(s.id)); } catch (e) { error.textContent = e.message; }
            } }, t('scenario.rebuild'))
            : h('button', { class: 'btn btn-small btn-primary adopt', onclick: () => adopt(s) }, t('scenario.adopt')),
          h('button', { class: 'link danger delete', onclick: () => remove(s) }, t('common.delete')))),
      s.stale ? staleBlock(s) : null,
      s.basis ? h('p', { class: 'field-hint scenario-basis' }, s.basis) : null,
      h('div', { class: 'grid-2' }, comparison(s), forecast(s)),
      s.breaches.length ? h('div', { class: 'scenario-breaches' },
        h('h4', {}, t('scenario.breaches')),
        h('ul', { class: 'breaches' }, s.breaches.map((b) => h('li', { class: b.warning ? 'breach-warning' : 'breach-notice' }, b.message)))) : null)));
  };

  // Focus stays in the list: on the next scenario's 删除 (the one before, for the last).
  const remove = async (s) => {
    const all = [...body.querySelectorAll('.scenario')];
    const at = all.findIndex((el) => el.dataset.scenarioId === String(s.id));
    const neighbour = (all[at + 1] ?? all[at - 1])?.dataset.scenarioId;
    try {
      draw(await api.deleteScenario(s.id));
      (body.querySelector(`.scenario[data-scenario-id="${neighbour}"] .delete`) ?? body.querySelector('#scenario-none-create') ?? name).focus();
    } catch (e) {
      error.textContent = e.message;
    }
  };

  const create = async () => {
    for (const f of Object.values(fields)) f.removeAttribute('aria-invalid');
    error.textContent = '';
    const adjustment = kind.value === 'scale_total'
      ? { type: 'scale_total', percent: percent.value, outputs: outputs.value }
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
