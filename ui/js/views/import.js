// The import flow's first step: which files arrived and what they really are. Runs as a
// cancellable job with progress; the import issue adds sheet, mapping, preview and commit.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, table } from '../dom.js';

function size(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function openImport(paths, { notify }) {
  const panel = document.getElementById('import-panel');
  const close = () => { panel.hidden = true; panel.replaceChildren(); };
  if (!paths?.length) {
    notify(t('import.none'), 'info');
    return;
  }
  let job = null;
  const bar = h('progress', { max: String(paths.length), value: '0', id: 'import-progress' });
  const label = h('span', { class: 'muted' }, t('import.checking', { done: 0, total: paths.length }));
  const cancel = h('button', { class: 'btn', onclick: () => job != null && api.cancelJob(job) }, t('import.cancel'));
  const body = h('div', { class: 'drawer-body' }, h('div', { class: 'progress-row' }, bar, label, cancel));
  const closeBtn = h('button', { class: 'btn', onclick: close }, t('import.close'));
  panel.replaceChildren(h('div', { class: 'drawer-inner' },
    h('div', { class: 'drawer-head' }, h('h2', { id: 'import-title' }, t('import.title')), closeBtn), body));
  panel.hidden = false;
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  closeBtn.focus();
  try {
    const files = await api.inspectFiles(paths, (p) => {
      job = p.job;
      bar.value = p.done;
      label.textContent = t('import.checking', { done: p.done, total: p.total });
    });
    body.replaceChildren(
      table([
        { label: t('col.file'), cell: (f) => h('span', { title: f.path }, f.name) },
        { label: t('col.kind'), cell: (f) => f.kind_label },
        { label: t('col.size'), num: true, cell: (f) => size(f.size) },
        { label: t('col.status'), cell: (f) => f.problem
          ? h('span', { class: 'status-error' }, f.problem)
          : h('span', { class: f.importable ? 'status-ok' : 'status-warn' }, f.importable ? t('import.ok') : t('import.notSheet')) },
      ], files, { id: 'import-files' }),
      h('p', { class: 'muted' }, t('import.next')));
  } catch (e) {
    if (e.code === 'cancelled') close();
    notify(e, e.code === 'cancelled' ? 'info' : 'error');
  }
}
