// Changing a lead by hand, from its page: its fields edited (checked as an import checks them),
// another lead of the same person merged into it (split again from the journey's 合并记录),
// and a person erased on request (个人信息保护法). Each dialog says what will happen before it
// does it, keeps the backend's sentence beside the field it names, and changes nothing on error.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table, longText } from '../dom.js';
import { field, modal } from './event_common.js';
import { lastWho, rememberWho, memberSelect } from './team.js';

/** The fields a lead's form edits, in the order its page lists them (LeadFields). */
export const LEAD_FIELDS = ['name', 'mobile', 'email', 'company', 'department', 'title', 'region', 'industry', 'other_phones', 'wechat'];

const HINTS = { mobile: 'leadEdit.mobileHint', other_phones: 'leadEdit.otherPhonesHint' };

/** Who does it (操作人): the team as a select when there is one, else typed; both start at the
 *  name given last time. */
async function whoControl(id) {
  let team = [];
  try { team = await api.team(); } catch { /* typed instead */ }
  return team.length ? memberSelect(id, team, lastWho(), t('journey.whoNone'), t('journey.who'))
    : h('input', { class: 'input', id, value: lastWho(), autocomplete: 'off', 'aria-label': t('journey.who') });
}

/** Enter (outside IME composition, buttons and selects that use it) runs `submit`. */
function enterSubmits(dialog, submit, skip = () => false) {
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing || e.target.tagName === 'BUTTON' || e.target.tagName === 'TEXTAREA' || skip(e)) return;
    e.preventDefault();
    submit();
  });
}

/** 编辑: the ten fields, prefilled. `saved(n)` after a save that changed n fields. */
export async function openLeadEdit(d, { notify, saved }) {
  const who = await whoControl('lead-edit-who');
  const { dialog, close } = modal('lead-edit', 'lead-edit-dialog');
  const inputs = {};
  const errors = {};
  for (const name of LEAD_FIELDS) {
    errors[name] = h('div', { class: 'field-error', id: `lead-field-${name}-error`, role: 'alert' });
    inputs[name] = h('input', {
      class: 'input', id: `lead-field-${name}`, name, autocomplete: 'off', value: d.fields[name] ?? '',
      type: name === 'email' ? 'email' : name === 'mobile' ? 'tel' : 'text',
      'aria-describedby': errors[name].id, required: name === 'name',
    });
  }
  const formError = h('div', { class: 'field-error', id: 'lead-edit-error', role: 'alert' });
  const saveButton = h('button', { class: 'btn btn-primary', id: 'lead-edit-save' }, t('common.save'));
  const unmark = (name) => { inputs[name].removeAttribute('aria-invalid'); errors[name].textContent = ''; };
  const save = async () => {
    if (saveButton.disabled) return;
    LEAD_FIELDS.forEach(unmark);
    formError.textContent = '';
    saveButton.disabled = true;
    const fields = Object.fromEntries(LEAD_FIELDS.map((k) => [k, inputs[k].value]));
    try {
      const n = await api.editLead(d.id, fields, who.value);
      rememberWho(who.value);
      close();
      if (n) notify(t('leadEdit.saved', { n: count(n) }), 'success'); else notify(t('leadEdit.noChange'), 'info');
      saved(n);
    } catch (e) {
      const bad = e.field && inputs[e.field] ? e.field : null;
      if (bad) {
        inputs[bad].setAttribute('aria-invalid', 'true');
        errors[bad].textContent = e.message;
        inputs[bad].focus();
      } else {
        formError.textContent = e.message;
      }
      saveButton.disabled = false;
    }
  };
  saveButton.addEventListener('click', save);
  // Typing in a field takes back what the save said of it.
  dialog.addEventListener('input', (e) => { if (inputs[e.target.name] === e.target) unmark(e.target.name); });
  enterSubmits(dialog, save);
  const row = (name) => field(t(`leadField.${name}`), inputs[name], { error: errors[name], hint: HINTS[name] ? t(HINTS[name]) : null });
  mount(dialog,
    h('div', { class: 'dialog-head' }, h('h2', { id: 'lead-edit-title' }, t('leadEdit.title', { name: d.fields.name || t('leads.noName') }))),
    h('div', { class: 'dialog-body' },
      h('p', { class: 'field-hint' }, t('leadEdit.hint')),
      h('div', { class: 'form-grid lead-edit-grid', id: 'lead-edit-fields' }, LEAD_FIELDS.map(row)),
      h('div', { class: 'form-grid lead-edit-grid lead-edit-who' }, field(t('journey.who'), who, { hint: t('leadEdit.whoHint') })),
      formError),
    h('div', { class: 'dialog-foot' },
      h('span', { class: 'field-hint foot-hint' }, t('eventForm.keys')),
      h('button', { class: 'btn', id: 'lead-edit-cancel', onclick: close }, t('common.cancel')), saveButton));
  document.body.append(dialog);
  dialog.showModal();
  inputs.name.focus();
  inputs.name.select();
}

/** A lead as a merge candidate: from the list's rows, or a lead's page. */
function candidateOf(row) {
  return { id: row.id, name: row.name, company: row.company ?? '', title: row.title ?? '', mobile: row.mobile ?? '', email: row.email ?? '', events: row.event_count ?? 0 };
}

function candidateFromDetail(x) {
  return { id: x.id, name: x.fields.name, company: x.fields.company, title: x.fields.title, mobile: x.fields.mobile, email: x.fields.email, events: x.events.length };
}

const SEARCH_LIMIT = 8;

/**
 * 合并…: picks the other lead — those giving the same mobile or email first, then any found by
 * name, mobile or company — shows which one stays (this one) and which goes, and what moves;
 * `merged(name)` after the merge.
 */
export async function openLeadMerge(d, { notify, merged }) {
  const who = await whoControl('lead-merge-who');
  const { dialog, close } = modal('lead-merge', 'lead-merge-dialog');
  const keptName = d.fields.name || t('leads.noName');
  let picked = null; // {candidate, detail, journey}
  let pickSeq = 0;
  const error = h('div', { class: 'field-error', id: 'lead-merge-error', role: 'alert' });
  const ok = h('button', { class: 'btn btn-primary', id: 'lead-merge-ok', disabled: true }, t('leadMerge.runNone'));
  const summary = h('section', { class: 'merge-summary', id: 'lead-merge-summary', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('leadMerge.pickFirst')));
  const suggestedBox = h('div', { id: 'lead-merge-suggested' });
  const results = h('div', { id: 'lead-merge-results' });
  const search = h('input', {
    class: 'input', id: 'lead-merge-search', type: 'search', autocomplete: 'off',
    placeholder: t('leadMerge.searchPlaceholder'), 'aria-label': t('leadMerge.search'),
  });

  /** A table of candidates, each picked with its radio (or a click on its row). */
  const choices = (id, list) => table([
    { label: '', nowrap: true, cell: (c) => h('input', {
      type: 'radio', name: 'lead-merge-pick', id: `lead-merge-pick-${c.id}`, value: String(c.id),
      checked: picked?.candidate.id === c.id, 'aria-label': t('leadMerge.pickOne', { name: c.name || t('leads.noName'), id: c.id }),
      onchange: () => pick(c),
    }) },
    { label: t('col.person'), cell: (c) => h('label', { for: `lead-merge-pick-${c.id}`, class: 'merge-pick-name' },
      longText(c.name || t('leads.noName')), h('span', { class: 'muted' }, ` #${c.id}`)) },
    { label: t('col.company'), cell: (c) => c.company },
    { label: t('col.title'), cell: (c) => c.title },
    { label: t('col.mobile'), nowrap: true, cell: (c) => c.mobile },
    { label: t('col.email'), cell: (c) => c.email },
    { label: t('col.events'), num: true, cell: (c) => count(c.events) },
  ], list, { id, rowAttrs: (c) => ({ class: 'clickable', dataset: { id: String(c.id) }, onclick: (e) => {
    if (e.target.tagName === 'INPUT' || e.target.tagName === 'LABEL') return;
    const radio = dialog.querySelector(`#lead-merge-pick-${c.id}`);
    if (radio) { radio.checked = true; radio.focus(); pick(c); }
  } }) });

  const pick = async (c) => {
    const mine = ++pickSeq;
    error.textContent = '';
    ok.disabled = true;
    mount(summary, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const [detail, journey] = await Promise.all([api.leadDetail(c.id), api.leadJourney(c.id)]);
      if (mine !== pickSeq) return;
      picked = { candidate: c, detail, journey };
      drawSummary();
      ok.disabled = false;
      ok.textContent = t('leadMerge.run', { name: keptName });
    } catch (e) {
      if (mine !== pickSeq) return;
      picked = null;
      mount(summary, h('p', { class: 'field-error', role: 'alert' }, e.message));
    }
  };

  const side = (kind, x, label) => h('div', { class: `merge-side merge-${kind}`, id: `lead-merge-${kind}` },
    h('div', { class: 'merge-side-label' }, label),
    h('div', { class: 'merge-side-name' }, longText(x.fields.name || t('leads.noName')), h('span', { class: 'muted' }, ` #${x.id}`)),
    h('dl', { class: 'facts merge-facts' }, ['company', 'title', 'mobile', 'email'].filter((k) => x.fields[k])
      .flatMap((k) => [h('dt', {}, t(`leadField.${k}`)), h('dd', {}, x.fields[k])])),
    h('div', { class: 'muted' }, t('leadMerge.eventCount', { n: count(x.events.length) })));

  const drawSummary = () => {
    const o = picked.detail;
    const j = picked.journey;
    const goneName = o.fields.name || t('leads.noName');
    const label = (k) => t(`leadField.${k}`);
    const fills = LEAD_FIELDS.filter((k) => !d.fields[k] && o.fields[k]);
    const differ = LEAD_FIELDS.filter((k) => d.fields[k] && o.fields[k] && d.fields[k] !== o.fields[k]);
    const sep = t('leadMerge.listSep');
    mount(summary,
      o.fields.name !== d.fields.name ? h('p', { class: 'alert alert-warning', id: 'lead-merge-warning' }, t('leadMerge.otherName', { name: goneName, kept: keptName })) : null,
      h('div', { class: 'merge-sides' },
        side('gone', o, t('leadMerge.gone')),
        h('div', { class: 'merge-arrow', 'aria-hidden': 'true' }, '→'),
        side('kept', d, t('leadMerge.kept'))),
      h('h3', {}, t('leadMerge.what')),
      h('ul', { class: 'change-list', id: 'lead-merge-what' },
        h('li', {}, t('leadMerge.moves', {
          name: goneName, kept: keptName, events: count(o.events.length), followups: count(j.followups.length),
          deals: count(j.deals.length), tags: count(o.tags.length),
        })),
        h('li', {}, fills.length
          ? t('leadMerge.fills', { kept: keptName, fields: fills.map((k) => `${label(k)}“${o.fields[k]}”`).join(sep) })
          : t('leadMerge.noFills', { kept: keptName })),
        differ.length ? h('li', {}, t('leadMerge.differ', { kept: keptName, fields: differ.map(label).join(sep) })) : null,
        h('li', {}, t('leadMerge.goes', { name: goneName, id: o.id })),
        h('li', {}, t('leadMerge.undo'))));
  };

  // Leads giving the same mobile or email: the likely same person, offered first.
  const suggestedIds = [...new Set(d.shared.flatMap((s) => s.leads.map(([id]) => id)))].filter((id) => id !== d.id).slice(0, SEARCH_LIMIT);
  const suggested = (await Promise.all(suggestedIds.map((id) => api.leadDetail(id).then(candidateFromDetail).catch(() => null)))).filter(Boolean);
  if (suggested.length) {
    mount(suggestedBox, h('h3', {}, t('leadMerge.suggested')), choices('lead-merge-suggested-table', suggested));
  }

  let searchSeq = 0;
  let timer;
  const runSearch = async () => {
    clearTimeout(timer);
    const q = search.value.trim();
    const mine = ++searchSeq;
    if (!q) { mount(results, h('p', { class: 'field-hint' }, t('leadMerge.searchHint', { n: SEARCH_LIMIT }))); return; }
    try {
      const page = await api.leads({ search: q, sort: 'name', offset: 0, limit: SEARCH_LIMIT + 1, count: false });
      if (mine !== searchSeq) return;
      const found = page.rows.filter((r) => r.id !== d.id).slice(0, SEARCH_LIMIT).map(candidateOf);
      mount(results, found.length
        ? [choices('lead-merge-results-table', found), page.rows.length > SEARCH_LIMIT ? h('p', { class: 'field-hint' }, t('leadMerge.more', { n: SEARCH_LIMIT })) : null]
        : h('p', { class: 'muted', id: 'lead-merge-no-match' }, t('leadMerge.noMatch', { q })));
    } catch (e) {
      if (mine === searchSeq) mount(results, h('p', { class: 'field-error', role: 'alert' }, e.message));
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(runSearch, 200); });
  runSearch();

  const run = async () => {
    if (!picked || ok.disabled) return;
    ok.disabled = true;
    error.textContent = '';
    try {
      await api.mergeLeads(d.id, picked.detail.id, who.value);
      rememberWho(who.value);
      close();
      notify(t('leadMerge.done', { merged: picked.detail.fields.name || t('leads.noName'), kept: keptName }), 'success');
      merged();
    } catch (e) {
      error.textContent = e.message;
      ok.disabled = false;
    }
  };
  ok.addEventListener('click', run);
  // Enter in the search box searches now; elsewhere it merges what was picked.
  enterSubmits(dialog, run, (e) => {
    if (e.target !== search) return false;
    e.preventDefault();
    runSearch();
    return true;
  });
  mount(dialog,
    h('div', { class: 'dialog-head' }, h('h2', { id: 'lead-merge-title' }, t('leadMerge.title', { name: keptName }))),
    h('div', { class: 'dialog-body' },
      h('p', { id: 'lead-merge-intro' }, t('leadMerge.intro', { name: keptName, id: d.id })),
      suggestedBox,
      h('h3', {}, t('leadMerge.search')),
      search,
      results,
      summary,
      h('label', { class: 'field merge-who' }, h('span', { class: 'field-label' }, t('journey.who')), who),
      error),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'lead-merge-cancel', onclick: close }, t('common.cancel')), ok));
  document.body.append(dialog);
  dialog.showModal();
  (dialog.querySelector('input[name="lead-merge-pick"]') ?? search).focus();
}

/** 拆分: asks once who splits, saying what comes back. Resolves {who} or null when cancelled. */
export async function askSplit(merge) {
  const who = await whoControl('journey-split-who');
  return new Promise((resolve) => {
    const { dialog, close } = modal('journey-split', 'narrow', () => resolve(null));
    const ok = h('button', { class: 'btn btn-primary', id: 'journey-split-ok', onclick: () => {
      rememberWho(who.value);
      resolve({ who: who.value });
      close();
    } }, t('journey.splitRun'));
    enterSubmits(dialog, () => ok.click());
    mount(dialog,
      h('div', { class: 'dialog-head' }, h('h2', { id: 'journey-split-title' }, t('journey.splitTitle'))),
      h('div', { class: 'dialog-body' },
        h('p', { id: 'journey-split-intro' }, t('journey.splitIntro', { name: merge.other_name || t('leads.noName'), id: merge.other_id })),
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('journey.who')), who)),
      h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'journey-split-cancel', onclick: close }, t('common.cancel')), ok));
    document.body.append(dialog);
    dialog.showModal();
    who.focus();
  });
}

/**
 * 删除个人信息: says what is erased and what is kept, and asks for the name typed as shown (the
 * backend checks it too). `erased(n)` after, with the imported rows scrubbed.
 */
export function openLeadErase(d, { notify, erased }) {
  const { dialog, close } = modal('lead-erase', 'narrow');
  const name = d.fields.name;
  const error = h('div', { class: 'field-error', id: 'lead-erase-confirm-error', role: 'alert' });
  const input = h('input', { class: 'input', id: 'lead-erase-confirm', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': error.id });
  const ok = h('button', { class: 'btn btn-danger', id: 'lead-erase-ok' }, t('leadErase.run'));
  const run = async () => {
    if (ok.disabled) return;
    ok.disabled = true;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    try {
      const n = await api.eraseLead(d.id, input.value);
      close();
      notify(t('leadErase.done', { name, n: count(n) }), 'success');
      erased(n);
    } catch (e) {
      error.textContent = e.message;
      if (e.field === 'confirm') input.setAttribute('aria-invalid', 'true');
      input.focus();
      ok.disabled = false;
    }
  };
  ok.addEventListener('click', run);
  input.addEventListener('input', () => { error.textContent = ''; input.removeAttribute('aria-invalid'); });
  enterSubmits(dialog, run);
  mount(dialog,
    h('div', { class: 'dialog-head' }, h('h2', { id: 'lead-erase-title' }, t('leadErase.title', { name }))),
    h('div', { class: 'dialog-body' },
      h('p', { class: 'alert alert-danger', id: 'lead-erase-intro' }, t('leadErase.intro')),
      h('h3', {}, t('leadErase.erased')),
      h('ul', { class: 'change-list', id: 'lead-erase-what' }, ['erased1', 'erased2', 'erased3'].map((k) => h('li', {}, t(`leadErase.${k}`)))),
      h('h3', {}, t('leadErase.kept')),
      h('ul', { class: 'change-list', id: 'lead-erase-kept' }, ['kept1', 'kept2'].map((k) => h('li', {}, t(`leadErase.${k}`)))),
      h('div', { class: 'field erase-confirm' },
        h('label', { class: 'field-label', for: input.id }, t('leadErase.confirm'), ' ', h('strong', { class: 'erase-name' }, name)),
        input, error)),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'lead-erase-cancel', onclick: close }, t('common.cancel')), ok));
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}
