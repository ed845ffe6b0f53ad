// The candidate form (#event-form): an event as the marketer knows it before deciding — basics,
// size and audience, the sponsorship package, judgement — with its score beside it, updated
// as they type. New candidates start as a forum with everything blank; blank means unknown,
// never zero. Every field's sentence shows under it when the backend refuses it.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, mount } from '../dom.js';
import { dateField, parseDate } from '../date_field.js';
import { KINDS, DEPARTMENTS, SENIORITY, recTag, scoreBar, formatOne, field, modal } from './event_common.js';

const PREVIEW_DELAY = 250;

/** page: the EventPage to edit, or null for a new candidate; saved(page, isNew) after saving. */
export function openEventForm(page, { saved }) {
  const draft = page?.draft ?? blankDraft();
  const { dialog, close } = modal('event-form', 'wide event-form-dialog');
  const form = buildFields(draft);
  const preview = h('aside', { class: 'score-preview', id: 'event-form-preview', 'aria-live': 'polite', 'aria-label': t('eventForm.preview') },
    h('h3', {}, t('eventForm.preview')), h('p', { class: 'muted' }, t('common.loading')));
  const formError = h('div', { class: 'field-error', id: 'event-form-error', role: 'alert' });
  const saveButton = h('button', { class: 'btn btn-primary', id: 'event-form-save' }, page ? t('common.save') : t('eventForm.add'));

  const save = async () => {
    const day = form.date.check();
    if (day === null) return;
    form.clearErrors('save');
    formError.textContent = '';
    saveButton.disabled = true;
    try {
      const next = await api.saveEvent(page ? page.event.id : null, { ...form.read(), date: day });
      close();
      saved(next, !page);
    } catch (e) {
      if (!form.showError(e, 'save')) formError.textContent = e.message;
    } finally {
      saveButton.disabled = false;
    }
  };
  saveButton.addEventListener('click', save);

  const refresh = previewer(form, preview);
  dialog.addEventListener('input', (e) => { form.typed(e.target); refresh(); });
  dialog.addEventListener('change', refresh);
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing && e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') { e.preventDefault(); save(); }
  });
  mount(dialog,
    h('div', { class: 'dialog-head' }, h('h2', { id: 'event-form-title' }, page ? t('eventForm.editTitle', { name: page.event.name }) : t('eventForm.newTitle'))),
    h('div', { class: 'dialog-body event-form-body' },
      h('div', { class: 'event-form-fields' }, form.sections, formError),
      preview),
    h('div', { class: 'dialog-foot' },
      h('span', { class: 'field-hint foot-hint' }, t('eventForm.keys')),
      h('button', { class: 'btn', id: 'event-form-cancel', onclick: close }, t('common.cancel')), saveButton));
  document.body.append(dialog);
  dialog.showModal();
  form.inputs.name.focus();
  refresh();
}

function blankDraft() {
  return {
    name: '', kind: 'forum', organiser: '', city: '', region: '', date: '', cost: '', expected_size: '',
    industries: '', departments: {}, seniority: {}, talk_minutes: '', booth: false, roundtable: false,
    award: false, attendee_list: false, competitors: '', organiser_resources: '3', notes: '',
  };
}

/** The inputs, grouped as the marketer thinks of them; read() gives the draft back as typed. */
function buildFields(draft) {
  const inputs = {};
  const errors = {};
  const text = (name, value, extra = {}) => {
    inputs[name] = h('input', { class: 'input', id: `event-form-${name}`, name, autocomplete: 'off', value: value ?? '', ...extra });
    errors[name] = h('div', { class: 'field-error', id: `event-form-${name}-error`, role: 'alert' });
    inputs[name].setAttribute('aria-describedby', errors[name].id);
    return inputs[name];
  };
  const check = (name, value) => {
    inputs[name] = h('input', { type: 'checkbox', id: `event-form-${name}`, name, checked: !!value });
    return h('label', { class: 'check' }, inputs[name], t(`eventForm.${name === 'attendee_list' ? 'attendeeList' : name}`));
  };
  const row = (name, label, opts = {}) => field(label, inputs[name], { error: errors[name], ...opts });

  text('name', draft.name, { placeholder: t('eventForm.namePlaceholder') });
  inputs.kind = h('select', { class: 'input', id: 'event-form-kind', name: 'kind' },
    KINDS.map((k) => h('option', { value: k, selected: k === draft.kind }, t(`eventKind.${k}`))));
  const kindHint = h('div', { class: 'field-hint', id: 'event-form-kind-hint' });
  const showKindHint = () => { kindHint.textContent = t(`eventKindHint.${inputs.kind.value}`); };
  inputs.kind.addEventListener('change', showKindHint);
  showKindHint();
  const date = dateField({ id: 'event-form-date', name: 'date', value: draft.date, required: true, label: t('col.date') });
  inputs.date = date.input;
  text('organiser', draft.organiser);
  text('city', draft.city);
  text('region', draft.region, { placeholder: t('eventForm.regionPlaceholder') });
  text('cost', draft.cost, { inputmode: 'decimal', placeholder: t('events.costHint') });
  text('expected_size', draft.expected_size, { inputmode: 'numeric', placeholder: t('eventForm.sizePlaceholder') });
  text('industries', draft.industries, { placeholder: t('eventForm.industriesPlaceholder') });
  const departments = percentGroup('departments', DEPARTMENTS, draft.departments ?? {}, inputs, 'dept');
  const seniority = percentGroup('seniority', SENIORITY, draft.seniority ?? {}, inputs, 'level');
  text('talk_minutes', draft.talk_minutes, { inputmode: 'numeric', placeholder: '30' });
  const boxes = ['booth', 'roundtable', 'award', 'attendee_list'].map((name) => check(name, draft[name]));
  text('competitors', draft.competitors, { inputmode: 'numeric', placeholder: '0' });
  inputs.organiser_resources = h('select', { class: 'input', id: 'event-form-organiser_resources', name: 'organiser_resources' },
    ['1', '2', '3', '4', '5'].map((n) => h('option', { value: n, selected: n === (draft.organiser_resources || '3') }, `${n} · ${t(`eventForm.resources${n}`)}`)));
  errors.organiser_resources = h('div', { class: 'field-error', id: 'event-form-organiser_resources-error', role: 'alert' });
  inputs.notes = h('textarea', { class: 'input', id: 'event-form-notes', name: 'notes', rows: '2', placeholder: t('eventForm.notesPlaceholder') });
  inputs.notes.value = draft.notes ?? '';

  const section = (key, ...children) => h('fieldset', { class: 'form-section', id: `event-form-section-${key}` },
    h('legend', {}, t(`eventForm.section.${key}`)), ...children);
  const sections = [
    section('basics', h('div', { class: 'form-grid' },
      row('name', t('eventForm.name'), { wide: true }),
      field(t('col.type'), inputs.kind, { hint: kindHint }),
      field(t('col.date'), date.node, { id: 'event-form-date', error: date.error }),
      row('organiser', t('col.organiser')),
      row('city', t('col.city')),
      row('region', t('col.region')),
      row('cost', t('col.cost'), { hint: t('eventForm.costHint') }))),
    section('audience', h('div', { class: 'form-grid' },
      row('expected_size', t('eventForm.expectedSize'), { hint: t('eventForm.expectedSizeHint') }),
      row('industries', t('eventForm.industries'), { hint: t('eventForm.industriesHint') })),
      departments.node, seniority.node,
      h('p', { class: 'field-hint' }, t('eventForm.unknownHint'))),
    section('package', h('div', { class: 'form-grid' },
      row('talk_minutes', t('eventForm.talkMinutes'), { hint: t('eventForm.talkHint') }),
      h('div', { class: 'field checks' }, h('span', { class: 'field-label' }, t('eventForm.benefits')), h('div', { class: 'check-row' }, boxes)))),
    section('judgement', h('div', { class: 'form-grid' },
      row('competitors', t('eventForm.competitors'), { hint: t('eventForm.competitorsHint') }),
      field(t('eventForm.organiserResources'), inputs.organiser_resources, { error: errors.organiser_resources, hint: t('eventForm.resourcesHint') }),
      field(t('eventForm.notes'), inputs.notes, { wide: true }))),
  ];
  errors.departments = departments.error;
  errors.seniority = seniority.error;

  const read = () => ({
    name: inputs.name.value, kind: inputs.kind.value, organiser: inputs.organiser.value, city: inputs.city.value,
    region: inputs.region.value, date: inputs.date.value, cost: inputs.cost.value, expected_size: inputs.expected_size.value,
    industries: inputs.industries.value,
    departments: Object.fromEntries(DEPARTMENTS.map((d) => [d, inputs[`departments.${d}`].value])),
    seniority: Object.fromEntries(SENIORITY.map((s) => [s, inputs[`seniority.${s}`].value])),
    talk_minutes: inputs.talk_minutes.value, booth: inputs.booth.checked, roundtable: inputs.roundtable.checked,
    award: inputs.award.checked, attendee_list: inputs.attendee_list.checked, competitors: inputs.competitors.value,
    organiser_resources: inputs.organiser_resources.value, notes: inputs.notes.value,
  });

  // The fields marked wrong, and who said so: the live preview clears its own marks with each
  // answer; a save's stay until that field is typed in (the date field minds its own).
  const marked = new Map();
  const groupOf = (name) => { const g = name.split('.')[0]; return g === 'departments' || g === 'seniority' ? g : null; };
  const codesOf = (group) => (group === 'departments' ? DEPARTMENTS : SENIORITY).map((c) => `${group}.${c}`);
  const unmark = (name) => {
    inputs[name]?.removeAttribute('aria-invalid');
    const where = errors[groupOf(name) ?? name];
    if (where) where.textContent = '';
    marked.delete(name);
  };
  const clearErrors = (source) => {
    for (const [name, by] of [...marked]) if (!source || by === source) unmark(name);
  };
  /** Puts the sentence next to its field; false when it names no field of the form. A whole
   *  group (departments adding up past 100%) marks every input of the group. */
  const showError = (e, source) => {
    const name = e.field;
    if (!name) return false;
    if (name === 'date') {
      date.say(e.message);
      if (source === 'save') inputs.date.focus();
      return true;
    }
    const group = groupOf(name);
    const keys = inputs[name] ? [name] : group ? codesOf(group) : [];
    const where = errors[group ?? name];
    if (!keys.length || !where) return false;
    where.textContent = e.message;
    for (const k of keys) {
      inputs[k].setAttribute('aria-invalid', 'true');
      marked.set(k, source);
    }
    if (source === 'save') inputs[keys[0]].focus();
    return true;
  };
  // Typing in a field takes back what a save said of it (or of its group).
  const typed = (target) => {
    const name = target?.name;
    if (!name) return;
    const group = groupOf(name);
    for (const k of group ? codesOf(group) : [name]) if (marked.get(k) === 'save') unmark(k);
  };
  return { inputs, sections, date, read, clearErrors, showError, typed };
}

/** Percent inputs for each function (or seniority level), with their sum and one error line. */
function percentGroup(group, codes, values, inputs, labelPrefix) {
  const sum = h('span', { class: 'percent-sum', id: `event-form-${group}-sum` });
  const error = h('div', { class: 'field-error', id: `event-form-${group}-error`, role: 'alert' });
  const cells = codes.map((code) => {
    const input = h('input', {
      class: 'input num percent-input', id: `event-form-${group}-${code}`, name: `${group}.${code}`,
      inputmode: 'decimal', autocomplete: 'off', value: values[code] ?? '', 'aria-describedby': error.id,
    });
    inputs[`${group}.${code}`] = input;
    return h('label', { class: 'percent-cell' }, h('span', { class: 'field-label' }, t(`${labelPrefix}.${code}`)),
      h('span', { class: 'percent-wrap' }, input, h('span', { class: 'percent-unit', 'aria-hidden': 'true' }, '%')));
  });
  const sync = () => {
    const typed = codes.map((c) => inputs[`${group}.${c}`].value.trim()).filter(Boolean);
    const total = typed.reduce((s, v) => s + (Number.parseFloat(v.replace('%', '')) || 0), 0);
    sum.textContent = typed.length ? t('eventForm.sum', { total: formatOne(total) }) : t('eventForm.sumNone');
    sum.classList.toggle('status-error', total > 100.05);
  };
  for (const c of codes) inputs[`${group}.${c}`].addEventListener('input', sync);
  sync();
  const node = h('fieldset', { class: 'percent-group', id: `event-form-${group}` },
    h('legend', {}, t(`eventForm.${group}`), ' ', sum),
    h('div', { class: 'percent-cells' }, cells), error);
  return { node, error, sync };
}

/**
 * The live score beside the form: asked ~250 ms after the last keystroke, the newest answer
 * wins. A draft the backend refuses keeps the last score, dimmed, with the sentence next to
 * the field at fault.
 */
function previewer(form, pane) {
  let timer = null;
  let seq = 0;
  let last = null;
  const ask = async () => {
    const mine = ++seq;
    const draft = form.read();
    // A name and a date are needed to save, not to score: stand-ins until they are typed.
    if (!draft.name.trim()) draft.name = t('eventForm.untitled');
    draft.date = parseDate(draft.date) || new Date().toISOString().slice(0, 10);
    try {
      const score = await api.previewEventScore(draft);
      if (mine !== seq) return;
      form.clearErrors('preview');
      last = score;
      drawPreview(pane, score, null);
    } catch (e) {
      if (mine !== seq) return;
      form.clearErrors('preview');
      form.showError(e, 'preview');
      drawPreview(pane, last, e.message);
    }
  };
  return () => {
    clearTimeout(timer);
    timer = setTimeout(ask, PREVIEW_DELAY);
  };
}

function drawPreview(pane, score, problem) {
  pane.classList.toggle('stale', !!problem);
  if (!score) {
    mount(pane, h('h3', {}, t('eventForm.preview')), h('p', { class: 'muted' }, problem ?? t('common.loading')));
    return;
  }
  const s = score.summary;
  mount(pane,
    h('h3', {}, t('eventForm.preview')),
    problem ? h('p', { class: 'field-error preview-problem' }, t('eventForm.previewStale')) : null,
    h('div', { class: 'score-total' },
      h('span', { class: 'score-big', id: 'event-form-preview-total' }, formatOne(s.total)),
      h('span', { class: 'score-of' }, t('eventPage.of100')), recTag(s)),
    h('dl', { class: 'facts preview-facts' },
      h('dt', {}, t('eventPage.leadValue')), h('dd', {}, formatOne(s.lead_value)),
      h('dt', {}, t('eventPage.brandValue')), h('dd', {}, formatOne(s.brand_value)),
      h('dt', {}, t('eventPage.qualified')), h('dd', { id: 'event-form-preview-qualified' }, t('eventForm.people', { n: formatOne(s.qualified_contacts) })),
      h('dt', {}, t('col.costPerQualified')), h('dd', {}, s.cost_per_qualified?.yuan ?? t('common.none'))),
    h('p', { class: 'qualified-sentence' }, score.qualified_sentence),
    h('ul', { class: 'reasons' }, score.reasons.map((r, i) => h('li', { class: i === 0 ? 'reason-author' : undefined }, r))),
    score.limits.length ? h('ul', { class: 'breaches' }, score.limits.map((l) => h('li', { class: 'breach-notice' }, l))) : null,
    h('ul', { class: 'preview-criteria', id: 'event-form-preview-criteria' }, score.criteria.map((c) => h('li', { dataset: { criterion: c.code } },
      h('div', { class: 'preview-criterion-head' }, h('span', {}, c.name), scoreBar(c.points, c.max_points), h('span', { class: 'muted' }, `/ ${formatOne(c.max_points)}`)),
      h('div', { class: 'muted' }, c.sentence)))),
    score.calibration ? h('p', { class: 'calibration' }, score.calibration) : null);
}
