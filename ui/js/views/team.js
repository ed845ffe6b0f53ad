// 团队: the marketing and sales people leads are handed to — a list with a small form to add one —
// and the pieces other views use to name them: a member select, and who is doing a move.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table } from '../dom.js';

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

/** The team dialog; `changed()` runs after a member was added. */
export async function openTeam(notify, changed) {
  let members;
  try { members = await api.team(); } catch (e) { notify(e); return; }
  const dialog = h('dialog', { class: 'dialog narrow', id: 'team-dialog', 'aria-labelledby': 'team-dialog-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  const list = h('div', { id: 'team-list' });
  const name = h('input', { class: 'input', id: 'team-name', placeholder: t('team.namePlaceholder'), 'aria-label': t('team.name'), autocomplete: 'off' });
  const role = h('select', { class: 'input', id: 'team-role', 'aria-label': t('team.roleLabel') },
    h('option', { value: 'sales' }, t('team.role.sales')), h('option', { value: 'marketing' }, t('team.role.marketing')));
  const error = h('div', { class: 'field-error', id: 'team-error', role: 'alert' });
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
    h('div', { class: 'dialog-head' }, h('h2', { id: 'team-dialog-title' }, t('team.title'))),
    h('div', { class: 'dialog-body' },
      h('p', { class: 'field-hint' }, t('team.hint')),
      list,
      h('h3', {}, t('team.add')),
      h('div', { class: 'inline-fields team-form' }, name, role, h('button', { class: 'btn btn-primary', id: 'team-add', onclick: add }, t('team.addButton'))),
      error),
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'team-close', onclick: close }, t('import.close'))));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}
