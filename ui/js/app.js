// The frame: navigation, top bar (workspace, import, language, print), notices, drop overlay.
import { api, onDragHover, onImportIntent } from './api.js';
import { setLang, t, translateStatic, lang, count } from './i18n.js';
import { h } from './dom.js';
import { notify as showNotice, clearNotices } from './notices.js';
import { renderBudget, startNewPlanWith } from './views/budget.js';
import { renderEvents } from './views/events.js';
import { renderLeads } from './views/leads.js';
import { renderReports, dropOnReports } from './views/reports.js';
import { refreshFollowupBadge } from './views/followups.js';
import { openImport } from './views/import.js';
import { undoLast, beforeEachUndo } from './undo.js';
import { printPlan, printScreenNext } from './views/plan_print.js';

const SECTIONS = { budget: renderBudget, events: renderEvents, leads: renderLeads, reports: renderReports };
const state = { section: 'budget', workspace: null };
const $ = (id) => document.getElementById(id);

/** A notice (notices.js); one with an action (撤销) redraws the section once the action is done. */
export function notify(message, kind = 'error', action = null) {
  return showNotice(message, kind, action, action ? () => show() : null);
}

/** filter: optional lead filter for the 线索 section, e.g. {event_id} after an import. */
export async function show(section = state.section, filter = null) {
  // Notices speak of the section they came from: a new section starts without them.
  if (section !== state.section) clearNotices();
  state.section = section;
  for (const b of document.querySelectorAll('.nav-item')) {
    b.classList.toggle('active', b.dataset.section === section);
    b.setAttribute('aria-current', b.dataset.section === section ? 'page' : 'false');
  }
  const content = $('content');
  content.dataset.section = section;
  // Which section is drawn whole ('' while drawing): what a test waits for after a switch.
  content.dataset.drawn = '';
  content.replaceChildren(h('div', { class: 'loading' }, t('common.loading')));
  try {
    await SECTIONS[section](content, { notify, refresh: () => show(section), filter, show, importFiles });
  } catch (e) {
    content.replaceChildren(h('div', { class: 'error-state', role: 'alert' }, e.message));
  }
  if (content.dataset.section === section) content.dataset.drawn = section;
}

function setWorkspace(info) {
  state.workspace = info;
  $('workspace-name').textContent = info.name;
  $('workspace-button').title = info.path ?? '';
  drawDemoBanner();
  // Overdue follow-ups: a count on 线索 (its list and 跟进 tab say more).
  refreshFollowupBadge();
  if (info.opened?.migrated_from) {
    notify(t('ws.migrated', { from: info.opened.migrated_from, backup: info.opened.backup }), 'info');
  }
  refreshScores();
}

/**
 * Points fade by the day: a workspace last scored on an earlier day is rescored in the background
 * once open (the lists read on meanwhile). What shows scores is redrawn, unless the user is busy
 * in a dialog or a field; new MQLs are announced, they start a follow-up clock.
 */
async function refreshScores() {
  let r;
  try {
    r = await api.rescoreIfStale();
  } catch (e) {
    notify(e);
    return;
  }
  if (!r) return;
  refreshFollowupBadge();
  if (r.promoted) notify(t('scores.refreshed', { n: count(r.promoted), assigned: count(r.assigned) }), 'info');
  const busy = document.querySelector('dialog[open]') || document.activeElement?.closest('input, textarea, select');
  if (!busy && (state.section === 'leads' || state.section === 'reports')) await show();
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

/** The demo workspace says what it is, and offers to start for real: a new workspace with an
 *  empty plan or a plan from a template (the budget's new-plan form, that template chosen). */
function drawDemoBanner() {
  const banner = $('demo-banner');
  const info = state.workspace;
  if (!info?.is_demo || state.demoDismissed) {
    banner.hidden = true;
    banner.replaceChildren();
    return;
  }
  const startWith = (template) => async () => {
    try {
      const created = await api.newWorkspace();
      if (!created) return; // dialog cancelled
      setWorkspace(created);
      startNewPlanWith(template);
      await show('budget');
      notify(t('demo.started', { name: created.name }), 'success');
    } catch (e) {
      notify(e);
    }
  };
  banner.replaceChildren(
    h('span', { class: 'demo-badge' }, t('demo.badge')),
    h('span', { class: 'demo-text', id: 'demo-text' }, t('demo.body', { events: info.counts.events, candidates: info.counts.candidates, leads: info.counts.leads })),
    h('span', { class: 'demo-actions' },
      h('button', { class: 'btn btn-primary btn-small', id: 'demo-start-empty', onclick: startWith('empty') }, t('demo.startEmpty')),
      h('button', { class: 'btn btn-small', id: 'demo-start-template', onclick: startWith('seed_default') }, t('demo.startTemplate')),
      h('button', { class: 'notice-close', id: 'demo-dismiss', 'aria-label': t('demo.dismiss'), title: t('demo.dismiss'),
        onclick: () => { state.demoDismissed = true; drawDemoBanner(); } }, '×')));
  banner.hidden = false;
}

/** The 导入 button's flow, also offered by empty states: pick files, then the import drawer. */
async function importFiles() {
  try {
    const paths = await api.pickImportFiles();
    if (paths.length) openImport(paths, { notify, show });
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
  drawDemoBanner();
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
  beforeEachUndo(clearNotices);
  for (const b of document.querySelectorAll('.nav-item')) b.addEventListener('click', () => show(b.dataset.section));
  for (const b of document.querySelectorAll('.lang-switch button')) b.addEventListener('click', () => switchLanguage(b.dataset.lang));
  $('print-button').addEventListener('click', print);
  $('import-button').addEventListener('click', importFiles);
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
      undoLast().then((next) => next && show()).catch((err) => notify(err));
    }
  });
  onDragHover((over) => { $('drop-overlay').hidden = !over; });
  // On 报表 a dropped file is read as the CRM's deals export first; anything else is imported as usual.
  onImportIntent((paths) => {
    const imported = () => openImport(paths, { notify, show });
    if (state.section === 'reports') dropOnReports(paths, { notify, show }, imported);
    else imported();
  });
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
