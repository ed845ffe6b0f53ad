// 团队: the marketing and sales people leads are handed to — a list with a small form to add one,
// beside the rules that say who follows a lead up (routing.js) — and the pieces other views use
// to name them: a member select, and who is doing a move.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table, confirmDialog } from '../dom.js';
import { rulesSection, slaSection } from './routing.js';

const WHO_KEY = 'marketdesk.who';

/** The name last given as 操作人 in this window, so a move or a follow-up need not ask again. */
export function lastWho() {
  try { return localStorage.getItem(WHO_KEY) ?? ''; } catch { return ''; }
}

export function rememberWho(name) {
  try { localStorage.setItem(WHO_KEY, name); } catch { /* private mode: asked again next time */ }
}

/** A select of the team: `blank` labels the empty choice (none when null). Values are names. */
export function memberSelect(id, team, value, blank, label) {
  return h('select', { class: 'input', id, 'aria-label': label },
    blank == null ? null : h('option', { value: '' }, blank),
    team.filter((m) => m.active !== false).map((m) => h('option', { value: m.name, selected: m.name === value },
      `${m.name}（${t(`team.role.${m.role}`)}）`)));
}

/**
 * The team dialog: the members (with the leads each owns) and a form to add one, beside who
 * follows leads up — the assignment rules and the follow-up rule. `changed()` runs after a
 * member was added. Closing with an edit not saved asks once, naming what would be lost.
 */
export async function openTeam(notify, changed) {
  let members;
  let routing;
  try { [members, routing] = await Promise.all([api.team(), api.routing()]); } catch (e) { notify(e); return; }
  const dialog = h('dialog', { class: 'dialog wide team-dialog', id: 'team-dialog', 'aria-labelledby': 'team-dialog-title' });
  const rules = rulesSection(routing, () => members);
  const sla = slaSection(routing);
  const list = h('div', { id: 'team-list' });
  const name = h('input', { class: 'input', id: 'team-name', placeholder: t('team.namePlaceholder'), 'aria-label': t('team.name'), autocomplete: 'off' });
  const role = h('select', { class: 'input', id: 'team-role', 'aria-label': t('team.roleLabel') },
    h('option', { value: 'sales' }, t('team.role.sales')), h('option', { value: 'marketing' }, t('team.role.marketing')));
  const error = h('div', { class: 'field-error', id: 'team-error', role: 'alert' });
  let closing = false;
  const close = async () => {
    if (closing) return;
    const unsaved = [rules.dirty() && t('team.unsavedRules'), sla.dirty() && t('team.unsavedSla')].filter(Boolean);
    if (unsaved.length) {
      closing = true;
      const leave = await confirmDialog({
        id: 'team-discard', title: t('team.discardTitle'), intro: t('team.discardIntro'), lines: unsaved,
        confirmLabel: t('team.discard'), cancelLabel: t('team.keepEditing'), danger: true,
      });
      closing = false;
      if (!leave) return;
    }
    dialog.close();
    dialog.remove();
  };
  const draw = () => mount(list, members.length
    ? table([
      { label: t('team.name'), cell: (m) => m.name },
      { label: t('team.roleLabel'), cell: (m) => t(`team.role.${m.role}`) },
      { label: h('span', { title: t('team.ownedTitle') }, t('team.owned')), num: true, cell: (m) => count(m.owned ?? 0) },
      { label: h('span', { title: t('team.openTitle') }, t('team.open')), num: true, cell: (m) => count(m.open ?? 0) },
    ], members, { id: 'team-table', rowAttrs: (m) => ({ dataset: { id: String(m.id) } }) })
    : h('p', { class: 'muted', id: 'team-empty' }, t('team.empty')));
  const add = async () => {
    error.textContent = '';
    try {
      const m = await api.addTeamMember(name.value, role.value === 'sales');
      members = [...members, m];
      name.value = '';
      draw();
      rules.teamChanged();
      changed?.();
      name.focus();
    } catch (e) {
      error.textContent = e.message;
      name.setAttribute('aria-invalid', 'true');
      name.focus();
    }
  };
  name.addEventListener('input', () => { error.textContent = ''; name.removeAttribute('aria-invalid'); });
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing) add(); });
  draw();
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', { id: 'team-dialog-title' }, t('team.dialogTitle'))),
    h('div', { class: 'dialog-body team-body' },
      h('div', { class: 'team-col' },
        h('section', { class: 'team-section', id: 'team-members', 'aria-labelledby': 'team-members-title' },
          h('h3', { id: 'team-members-title' }, t('team.members')),
          h('p', { class: 'field-hint' }, t('team.hint')),
          list,
          h('h3', {}, t('team.add')),
          h('div', { class: 'inline-fields team-form' }, name, role, h('button', { class: 'btn btn-primary', id: 'team-add', onclick: add }, t('team.addButton'))),
          error),
        sla.section),
      h('div', { class: 'team-col' }, rules.section)),
    h('div', { class: 'dialog-foot' },
      h('span', { class: 'field-hint foot-hint' }, t('team.keys')),
      h('button', { class: 'btn', id: 'team-close', onclick: close }, t('import.close'))));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}
