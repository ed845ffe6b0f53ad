// 跟进: every MQL handed to an owner against the follow-up rule — met, due, overdue — most urgent
// first, each with the sentence that says what is left and by when. The overdue count shows on
// the 线索 navigation item and as a reminder when the window opens.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table, emptyState } from '../dom.js';

const TONE = { met: 'rec-good', due: 'rec-warn', overdue: 'rec-bad', expired: 'rec-bad' };
const view = { overdueOnly: false, overdue: 0 };

/** The overdue count as last asked (refreshFollowupBadge). */
export function overdueCount() {
  return view.overdue;
}

/** The overdue count on the 线索 navigation item; resolves with it. */
export async function refreshFollowupBadge(known = null) {
  const badge = document.getElementById('nav-followups-badge');
  try {
    const overdue = known ?? (await api.followups(true)).length;
    view.overdue = overdue;
    if (badge) {
      badge.textContent = overdue > 99 ? '99+' : String(overdue);
      badge.hidden = overdue === 0;
      badge.title = t('followup.badge', { n: count(overdue) });
    }
    return overdue;
  } catch {
    return 0; // no workspace yet, or it cannot be read: the section says why when opened
  }
}

export async function renderFollowups(body, { notify, openLead }) {
  let list;
  try {
    list = await api.followups(false);
  } catch (e) {
    mount(body, h('div', { class: 'error-state', role: 'alert' }, e.message));
    return;
  }
  refreshFollowupBadge(list.filter((c) => c.state === 'overdue').length);
  const redraw = () => renderFollowups(body, { notify, openLead });
  if (!list.length) {
    mount(body, emptyState(t('followup.empty.title'), t('followup.empty.body')));
    return;
  }
  const by = (s) => list.filter((c) => c.state === s).length;
  const shown = view.overdueOnly ? list.filter((c) => c.state === 'overdue' || c.state === 'expired') : list;
  mount(body,
    h('p', { class: 'page-summary', id: 'followup-summary' }, t('followup.summary', {
      overdue: count(by('overdue') + by('expired')), due: count(by('due')), met: count(by('met')),
    })),
    h('div', { class: 'toolbar' },
      h('label', { class: 'filter-check' }, h('input', { type: 'checkbox', id: 'followup-overdue-only', checked: view.overdueOnly,
        onchange: (e) => { view.overdueOnly = e.target.checked; redraw(); } }), t('followup.overdueOnly'))),
    shown.length ? table([
      { label: t('col.person'), cell: (c) => h('a', { href: '#', class: 'link', onclick: (e) => { e.preventDefault(); openLead(c.person_id, redraw); } }, c.name || t('leads.noName')) },
      { label: t('col.company'), cell: (c) => c.company },
      { label: t('journey.owner'), cell: (c) => c.owner ?? t('journey.noOwner') },
      { label: t('followup.handedOn'), nowrap: true, cell: (c) => c.handed_on },
      { label: t('followup.attempts'), num: true, cell: (c) => count(c.attempts) },
      { label: t('followup.deadline'), nowrap: true, cell: (c) => c.deadline ?? '' },
      { label: t('followup.state'), nowrap: true, cell: (c) => h('span', { class: `tag ${TONE[c.state] ?? ''}`, dataset: { state: c.state } }, t(`followup.state.${c.state}`)) },
      { label: t('followup.what'), prose: true, cell: (c) => c.sentence },
    ], shown, { id: 'followup-table', rowAttrs: (c) => ({ class: c.state === 'overdue' || c.state === 'expired' ? 'row-overdue' : undefined, dataset: { id: String(c.person_id) } }) })
      : h('p', { class: 'muted', id: 'followup-none-overdue' }, t('followup.noneOverdue')),
    h('p', { class: 'field-hint' }, t('followup.hint')));
}
