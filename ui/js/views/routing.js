// Who follows a lead up, as the team dialog edits it: the assignment rules (an ordered list of
// region or industry → member, saved as a whole; the first match names the owner) and the
// follow-up rule (N attempts within D days of hand-over, G days' grace, then the pool).
// Each section keeps a draft until its 保存 (Enter in any of its fields), says beside the row
// or field what the backend refused (nothing is saved then), and says in place what a save did.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount } from '../dom.js';
import { memberSelect } from './team.js';

const FIELDS = ['region', 'industry'];
const SLA_FIELDS = [['attempts', 'sla-attempts'], ['within_days', 'sla-within'], ['grace_days', 'sla-grace']];

const plain = (r) => ({ field: r.field, value: r.value, member: r.member });
const same = (a, b) => a.length === b.length
  && a.every((r, i) => r.field === b[i].field && r.value.trim() === b[i].value.trim() && r.member === b[i].member);

/** The line beside a section's save button: a sentence (ok | warn | error), and 撤销 if any. */
function say(el, kind, text, action = null) {
  el.className = `section-status status-${kind}`;
  mount(el, h('span', {}, text), action ? h('button', { class: 'link', id: action.id, onclick: action.run }, action.label) : null);
}

function hush(el) {
  el.className = 'section-status';
  mount(el);
}

/** Enter (outside IME composition) in one of the section's inputs or selects saves it. */
function enterSaves(root, save) {
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing || !['INPUT', 'SELECT'].includes(e.target.tagName)) return;
    e.preventDefault();
    save();
  });
}

/**
 * The 分配规则 section. `team()` gives the current members (the dialog may add one while the
 * rules are being edited). Returns {section, dirty(), teamChanged()}.
 */
export function rulesSection(routing, team) {
  let saved = routing.rules.map(plain);
  let draft = saved.map((r) => ({ ...r }));
  let saving = false;
  const tbody = h('tbody');
  const fallback = h('td', { class: 'routing-fallback', id: 'routing-fallback', colspan: '4' }, routing.fallback);
  const status = h('div', { class: 'section-status', id: 'rules-status', role: 'status', 'aria-live': 'polite' });
  const saveButton = h('button', { class: 'btn btn-primary', id: 'rules-save' }, t('routing.save'));
  const addButton = h('button', { class: 'btn', id: 'rule-add' }, `+ ${t('routing.add')}`);
  const resetButton = h('button', { class: 'link', id: 'rules-reset', hidden: true }, t('routing.reset'));

  const dirty = () => !same(draft, saved);
  /** Says whether the list differs from the one saved (a sentence about a save stays until then). */
  const showDirty = () => {
    resetButton.hidden = !dirty();
    if (dirty()) say(status, 'warn', t('routing.unsaved'));
    else if (status.classList.contains('status-warn')) hush(status);
  };

  const placeholder = (field) => t(field === 'industry' ? 'routing.valueIndustry' : 'routing.valueRegion');

  /** The active team, and the rule's member even if no longer among them (the save then says so). */
  const memberControl = (i, name) => {
    const select = memberSelect(`rule-member-${i}`, team(), name, t('routing.chooseMember'), t('routing.memberOf', { n: i + 1 }));
    if (name && ![...select.options].some((o) => o.value === name)) {
      select.append(h('option', { value: name, selected: true }, t('routing.memberGone', { name })));
    }
    return select;
  };

  const clearErrors = () => {
    tbody.querySelectorAll('tr.rule-error').forEach((tr) => tr.remove());
    tbody.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  };

  const row = (r, i) => {
    const n = i + 1;
    const field = h('select', { class: 'input', id: `rule-field-${i}`, 'aria-label': t('routing.fieldOf', { n }) },
      FIELDS.map((f) => h('option', { value: f, selected: f === r.field }, t(`routing.field.${f}`))));
    const value = h('input', {
      class: 'input', id: `rule-value-${i}`, value: r.value, autocomplete: 'off',
      placeholder: placeholder(r.field), 'aria-label': t('routing.valueOf', { n }),
    });
    const member = memberControl(i, r.member);
    // Changing a field takes back what the save said of it.
    const unmark = (el) => {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
      if (!tr.querySelector('[aria-invalid]')) document.getElementById(`rule-error-${i}`)?.closest('tr')?.remove();
    };
    field.addEventListener('change', () => { r.field = field.value; value.placeholder = placeholder(r.field); unmark(field); showDirty(); });
    value.addEventListener('input', () => { r.value = value.value; unmark(value); showDirty(); });
    member.addEventListener('change', () => { r.member = member.value; unmark(member); showDirty(); });
    const button = (what, label, text, disabled, run, cls = 'btn btn-small btn-icon') =>
      h('button', { class: cls, id: `rule-${what}-${i}`, title: label, 'aria-label': label, disabled, onclick: run }, text);
    const tr = h('tr', { dataset: { index: String(i) } },
      h('td', { class: 'num rule-order' }, count(n)),
      h('td', {}, field),
      h('td', {}, value),
      h('td', {}, member),
      h('td', { class: 'rule-actions' },
        button('up', t('routing.up', { n }), '↑', i === 0, () => move(i, -1)),
        button('down', t('routing.down', { n }), '↓', i === draft.length - 1, () => move(i, 1)),
        button('delete', t('routing.remove', { n }), t('common.delete'), false, () => remove(i), 'link danger')));
    return tr;
  };

  /** Draws the draft; `focusId` (else whatever had the focus, found again by id) gets the focus. */
  const draw = (focusId) => {
    const focused = focusId === undefined ? document.activeElement?.id : focusId;
    mount(tbody, draft.length ? draft.map(row)
      : h('tr', { class: 'empty-row' }, h('td', { colspan: '5', class: 'muted', id: 'routing-empty' }, t('routing.empty'))));
    showDirty();
    const el = focused ? document.getElementById(focused) : null;
    if (el && tbody.contains(el)) el.focus();
  };

  // A moved row keeps the focus on the button that moved it (on the other one at either end).
  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= draft.length) return;
    [draft[i], draft[j]] = [draft[j], draft[i]];
    clearErrors();
    const end = by < 0 ? j === 0 : j === draft.length - 1;
    draw(`rule-${(by < 0) !== end ? 'up' : 'down'}-${j}`);
  }

  // A row deleted from the draft comes back with 撤销修改 until the list is saved (and with 撤销
  // after). The focus goes to the next row (the one before, for the last), else to 添加规则.
  function remove(i) {
    draft.splice(i, 1);
    clearErrors();
    if (draft.length) draw(`rule-value-${Math.min(i, draft.length - 1)}`);
    else {
      draw(null);
      addButton.focus();
    }
  }

  const add = () => {
    draft.push({ field: 'region', value: '', member: '' });
    clearErrors();
    draw(`rule-value-${draft.length - 1}`);
  };

  const showError = (e) => {
    const m = /^(field|value|member)-(\d+)$/.exec(e.field ?? '');
    const i = m ? Number(m[2]) : -1;
    const input = m ? document.getElementById(`rule-${m[1]}-${i}`) : null;
    if (!input || !tbody.contains(input)) {
      say(status, 'error', e.message);
      return;
    }
    const error = h('div', { class: 'field-error', id: `rule-error-${i}`, role: 'alert' }, e.message);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', error.id);
    input.closest('tr').after(h('tr', { class: 'rule-error' }, h('td', {}), h('td', { colspan: '4' }, error)));
    input.focus();
    say(status, 'error', t('routing.notSaved'));
  };

  const apply = (next) => {
    saved = next.rules.map(plain);
    draft = saved.map((r) => ({ ...r }));
    fallback.textContent = next.fallback;
    draw();
  };

  const save = async () => {
    if (saving) return;
    clearErrors();
    const before = saved;
    saving = true;
    saveButton.setAttribute('aria-busy', 'true');
    try {
      apply(await api.saveAssignmentRules(draft.map(plain)));
      say(status, 'ok', t('routing.saved', { n: count(saved.length) }), {
        id: 'rules-undo', label: t('common.undo'),
        run: async () => {
          try {
            apply(await api.saveAssignmentRules(before));
            say(status, 'ok', t('routing.restored', { n: count(saved.length) }));
          } catch (e) {
            say(status, 'error', e.message);
          }
        },
      });
    } catch (e) {
      showError(e);
    } finally {
      saving = false;
      saveButton.removeAttribute('aria-busy');
    }
  };

  const reset = () => {
    draft = saved.map((r) => ({ ...r }));
    clearErrors();
    hush(status);
    draw(null);
    saveButton.focus();
  };

  saveButton.addEventListener('click', save);
  addButton.addEventListener('click', add);
  resetButton.addEventListener('click', reset);
  enterSaves(tbody, save);
  draw(null);

  const section = h('section', { class: 'team-section', id: 'routing-section', 'aria-labelledby': 'routing-title' },
    h('h3', { id: 'routing-title' }, t('routing.title')),
    h('p', { class: 'field-hint' }, t('routing.hint')),
    h('table', { class: 'table rule-table', id: 'routing-rules' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, t('routing.order')),
        h('th', { scope: 'col' }, t('routing.field')),
        h('th', { scope: 'col' }, t('routing.value')),
        h('th', { scope: 'col' }, t('routing.member')),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('routing.actions'))))),
      tbody,
      // After the last rule, what happens to a lead none of them matches.
      h('tfoot', {}, h('tr', {}, h('td', {}), fallback))),
    h('div', { class: 'section-actions' }, addButton, resetButton, status, saveButton),
    h('p', { class: 'field-hint', id: 'routing-existing' }, t('routing.existing')));

  return {
    section,
    dirty,
    /** Members were added: the selects offer them, and the fallback may now count more sales. */
    teamChanged: async () => {
      draw();
      try { fallback.textContent = (await api.routing()).fallback; } catch { /* keeps the sentence it had */ }
    },
  };
}

/** The 跟进规则 section: the rule as a sentence with its three numbers in it. Returns {section, dirty()}. */
export function slaSection(routing) {
  let saved = routing.sla;
  let saving = false;
  const inputs = {};
  for (const [name, id] of SLA_FIELDS) {
    inputs[name] = h('input', {
      class: 'input num sla-input', id, name, value: String(saved[name]), inputmode: 'numeric', autocomplete: 'off',
      'aria-label': t(`sla.${name}`), 'aria-describedby': 'sla-error',
    });
  }
  const sentence = h('span', { id: 'sla-sentence' }, routing.sla_sentence);
  const error = h('div', { class: 'field-error', id: 'sla-error', role: 'alert' });
  const status = h('div', { class: 'section-status', id: 'sla-status', role: 'status', 'aria-live': 'polite' });
  const saveButton = h('button', { class: 'btn btn-primary', id: 'sla-save' }, t('common.save'));
  const dirty = () => SLA_FIELDS.some(([name]) => inputs[name].value.trim() !== String(saved[name]));
  const unmark = () => {
    error.textContent = '';
    Object.values(inputs).forEach((el) => el.removeAttribute('aria-invalid'));
  };

  // The form reads as the rule does, a clause a line: 分配后 [7] 天内跟进 [3] 次；
  // 逾期 [3] 天仍未完成，线索退回公海。
  const slots = { attempts: inputs.attempts, within: inputs.within_days, grace: inputs.grace_days, br: h('span', { class: 'sla-break' }) };
  const form = h('div', { class: 'sla-form', id: 'sla-form', role: 'group', 'aria-labelledby': 'sla-title' },
    t('sla.form').split(/(\{\w+\})/).filter(Boolean).map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      return m && slots[m[1]] ? slots[m[1]] : h('span', {}, part);
    }));

  const save = async () => {
    if (saving) return;
    unmark();
    saving = true;
    saveButton.setAttribute('aria-busy', 'true');
    try {
      const next = await api.saveSla(Object.fromEntries(SLA_FIELDS.map(([name]) => [name, inputs[name].value])));
      saved = next.sla;
      for (const [name] of SLA_FIELDS) inputs[name].value = String(saved[name]);
      sentence.textContent = next.sla_sentence;
      say(status, 'ok', t('sla.saved'));
    } catch (e) {
      error.textContent = e.message;
      const bad = inputs[e.field];
      if (bad) {
        bad.setAttribute('aria-invalid', 'true');
        bad.focus();
        bad.select();
      }
      say(status, 'error', t('routing.notSaved'));
    } finally {
      saving = false;
      saveButton.removeAttribute('aria-busy');
    }
  };
  saveButton.addEventListener('click', save);
  form.addEventListener('input', () => {
    unmark();
    if (dirty()) say(status, 'warn', t('routing.unsaved'));
    else hush(status);
  });
  enterSaves(form, save);

  const section = h('section', { class: 'team-section', id: 'sla-section', 'aria-labelledby': 'sla-title' },
    h('h3', { id: 'sla-title' }, t('sla.title')),
    h('p', { class: 'field-hint' }, t('sla.hint')),
    form,
    error,
    h('p', { class: 'sla-current' }, t('sla.current'), sentence),
    h('div', { class: 'section-actions' }, status, saveButton));
  return { section, dirty };
}
