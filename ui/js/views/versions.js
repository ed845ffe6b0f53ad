// 版本记录: every version of the plan, what made it and what changed from the one before; any
// version looked at beside the plan now and restored (asked once, naming what changes; the
// restore is itself a new version, undone from the notice or Ctrl+Z).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table, card, confirmDialog } from '../dom.js';
import { rememberUndo, undoLast } from '../undo.js';

export function versionsPanel(data, redraw, notify) {
  const list = h('div', { id: 'version-list' }, h('p', { class: 'muted' }, t('common.loading')));
  const detail = h('div', { id: 'version-detail' });
  const error = h('div', { class: 'field-error', role: 'alert' });

  const restore = async (v) => {
    let d;
    try { d = await api.planVersion(v.version); } catch (e) { error.textContent = e.message; return; }
    const yes = await confirmDialog({
      id: 'restore-confirm',
      title: t('versions.restoreTitle', { version: v.version }),
      intro: t('versions.restoreIntro', { version: data.plan.version }),
      lines: d.restore_changes.length ? d.restore_changes : [t('scenario.noChange')],
      confirmLabel: t('versions.restore'),
      cancelLabel: t('common.cancel'),
    });
    if (!yes) return;
    try {
      const before = data.plan.version;
      const next = await api.restorePlanVersion(v.version);
      rememberUndo(() => api.restorePlanVersion(before));
      redraw(next);
      notify(t('versions.restored', { version: v.version, now: next.plan.version }), 'success', { label: t('common.undo'), run: undoLast });
    } catch (e) {
      error.textContent = e.message;
    }
  };

  const look = async (v) => {
    try {
      const d = await api.planVersion(v.version);
      detail.replaceChildren(card(t('versions.detailTitle', { version: v.version, total: d.total.yuan }),
        d.restore_changes.length
          ? h('div', {}, h('p', {}, t('versions.differs')), h('ul', { class: 'change-list' }, d.restore_changes.map((c) => h('li', {}, c))))
          : h('p', { class: 'muted' }, t('versions.same')),
        h('div', { class: 'grid-2' },
          table([
            { label: t('col.channel'), cell: (c) => c.name },
            { label: t('col.share'), num: true, cell: (c) => c.share },
            { label: t('col.budget'), num: true, cell: (c) => c.budget.yuan },
          ], d.channels, { id: 'version-channels' }),
          table([
            { label: t('col.name'), cell: (x) => x.name },
            { label: t('col.channel'), cell: (x) => x.channel },
            { label: t('col.planned'), num: true, cell: (x) => x.planned.yuan },
          ], d.tactics, { id: 'version-tactics' }))));
      detail.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      error.textContent = e.message;
    }
  };

  api.planVersions().then((versions) => {
    list.replaceChildren(table([
      { label: t('budget.version'), num: true, cell: (v) => (v.current ? h('strong', {}, t('versions.current', { version: v.version })) : String(v.version)) },
      { label: t('versions.savedAt'), nowrap: true, cell: (v) => v.saved_at },
      { label: t('versions.cause'), cell: (v) => v.cause },
      { label: t('versions.changes'), prose: true, cell: (v) => v.changes.join(t('versions.sep')) },
      { label: '', cell: (v) => h('span', { class: 'actions' },
        h('button', { class: 'link', onclick: () => look(v) }, t('versions.look')),
        v.current ? null : h('button', { class: 'link restore', onclick: () => restore(v) }, t('versions.restore'))) },
    ], versions, { id: 'version-table' }));
  }).catch((e) => { error.textContent = e.message; });

  return [card(t('versions.title'), h('p', { class: 'field-hint' }, t('versions.hint')), error, list), detail];
}
