// The frame: navigation, top bar (workspace, import, language, print), notices, drop overlay.
import { api, onDragHover, onImportIntent } from './api.js';
import { setLang, t, translateStatic, lang } from './i18n.js';
import { h } from './dom.js';
import { renderBudget } from './views/budget.js';
import { renderEvents } from './views/events.js';
import { renderLeads } from './views/leads.js';
import { renderReports } from './views/reports.js';
import { openImport } from './views/import.js';
import { undoLast } from './undo.js';
import { printPlan, printScreenNext } from './views/plan_print.js';

const SECTIONS = { budget: renderBudget, events: renderEvents, leads: renderLeads, reports: renderReports };
const state = { section: 'budget', workspace: null };
const $ = (id) => document.getElementById(id);

/** Shows a backend error (or any message) as a sentence in the notice bar. */
/** action: optional {label, run} — a button in the notice (e.g. 撤销) that runs and refreshes. */
export function notify(message, kind = 'error', action = null) {
  const text = typeof message === 'string' ? message : message?.message ?? String(message);
  const close = h('button', { class: 'notice-close', 'aria-label': t('common.dismiss') }, '×');
  const button = action ? h('button', { class: 'link notice-action' }, action.label) : null;
  const el = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'notice-text' }, text), button, close);
  close.addEventListener('click', () => el.remove());
  button?.addEventListener('click', async () => {
    el.remove();
    try {
      await action.run();
      await show();
    } catch (e) {
      notify(e);
    }
  });
  $('notices').append(el);
  if (kind !== 'error') setTimeout(() => el.remove(), action ? 15000 : 6000);
  return el;
}

/** filter: optional lead filter for the 线索 section, e.g. {event_id} after an import. */
export async function show(section = state.section, filter = null) {
  state.section = section;
  for (const b of document.querySelectorAll('.nav-item')) {
    b.classList.toggle('active', b.dataset.section === section);
    b.setAttribute('aria-current', b.dataset.section === section ? 'page' : 'false');
  }
  const content = $('content');
  content.dataset.section = section;
  content.replaceChildren(h('div', { class: 'loading' }, t('common.loading')));
  try {
    await SECTIONS[section](content, { notify, refresh: () => show(section), filter });
  } catch (e) {
    content.replaceChildren(h('div', { class: 'error-state', role: 'alert' }, e.message));
  }
}

function setWorkspace(info) {
  state.workspace = info;
  $('workspace-name').textContent = info.name;
  $('workspace-button').title = info.path ?? '';
  if (info.opened?.migrated_from) {
    notify(t('ws.migrated', { from: info.opened.migrated_from, backup: info.opened.backup }), 'info');
  }
}

async function switchWorkspace(action) {
  $('workspace-dropdown').hidden = true;
  $('workspace-button').setAttribute('aria-expanded', 'false');
  try {
    const info = await action();
    if (!info) return; // dialog cancelled
    setWorkspace(info);
    notify(t('ws.switched', { name: info.name }), 'success');
    await show();
  } catch (e) {
    notify(e);
  }
}

async function switchLanguage(next) {
  try {
    await api.setLanguage(next);
  } catch (e) {
    notify(e);
  }
  applyLanguage(next);
  await show();
}

function applyLanguage(next) {
  setLang(next);
  translateStatic();
  for (const b of document.querySelectorAll('.lang-switch button')) {
    b.classList.toggle('active', b.dataset.lang === lang());
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
  }
  document.title = `Marketdesk ${t('app.name')}`;
}

/** On 预算 this prints the plan document; elsewhere, what the screen shows. */
async function print() {
  if (state.section === 'budget') {
    await printPlan({ notify });
    return;
  }
  printScreenNext();
  try {
    await api.print();
  } catch (e) {
    notify(e);
  }
}

function wire() {
  for (const b of document.querySelectorAll('.nav-item')) b.addEventListener('click', () => show(b.dataset.section));
  for (const b of document.querySelectorAll('.lang-switch button')) b.addEventListener('click', () => switchLanguage(b.dataset.lang));
  $('print-button').addEventListener('click', print);
  $('import-button').addEventListener('click', async () => {
    try {
      const paths = await api.pickImportFiles();
      if (paths.length) openImport(paths, { notify, show });
    } catch (e) {
      notify(e);
    }
  });
  const dropdown = $('workspace-dropdown');
  $('workspace-button').addEventListener('click', () => {
    dropdown.hidden = !dropdown.hidden;
    $('workspace-button').setAttribute('aria-expanded', String(!dropdown.hidden));
  });
  document.addEventListener('click', (e) => {
    if (!e.target.closest('.workspace-menu')) dropdown.hidden = true;
  });
  $('ws-open').addEventListener('click', () => switchWorkspace(api.openWorkspace));
  $('ws-new').addEventListener('click', () => switchWorkspace(api.newWorkspace));
  $('ws-save-as').addEventListener('click', () => switchWorkspace(api.saveWorkspaceAs));
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'p') {
      e.preventDefault();
      print();
    } else if (e.key === 'Escape') {
      dropdown.hidden = true;
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !e.target.closest('input, textarea, select')) {
      e.preventDefault();
      undoLast().then((next) => next && show()).catch(notify);
    }
  });
  onDragHover((over) => { $('drop-overlay').hidden = !over; });
  onImportIntent((paths) => openImport(paths, { notify, show }));
}

async function boot() {
  applyLanguage('zh-CN');
  wire();
  try {
    const start = await api.start();
    applyLanguage(start.preferences.language);
    setWorkspace(start.workspace);
    for (const n of start.notices) notify(n);
  } catch (e) {
    notify(e);
  }
  await show('budget');
  document.body.dataset.ready = 'true';
}

boot();
