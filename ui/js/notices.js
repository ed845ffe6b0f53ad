// Notices: a sentence about what just happened (saved, deleted with 撤销, a failure). They float
// over the page and never push it under the pointer; while a drawer or dialog is open they show
// inside it (it covers the page, and what the user does there is what they are about); a notice
// still showing when its drawer closes moves to the page. Undo and changing section clear them.
import { t } from './i18n.js';
import { h } from './dom.js';

/** Notices on screen, so that clearing and re-homing find them wherever they are. */
const live = new Set();

/** The open surface a notice belongs in: the topmost modal dialog, else the open drawer. */
function openSurface() {
  const dialogs = document.querySelectorAll('dialog[open]');
  if (dialogs.length) return dialogs[dialogs.length - 1];
  const panel = document.getElementById('import-panel');
  return panel && !panel.hidden ? panel.querySelector('.drawer-inner') : null;
}

/** Where a notice goes now: the open surface's own notices (near its bottom, above its
 *  buttons), else the page's (at the bottom of the window); see app.css. */
function area() {
  const surface = openSurface();
  if (!surface) return document.getElementById('notices');
  let holder = surface.querySelector(':scope > .surface-notices');
  if (!holder) {
    holder = h('div', { class: 'notices surface-notices', 'aria-live': 'polite' });
    surface.append(holder);
  }
  return holder;
}

function dismiss(el) {
  live.delete(el);
  el.remove();
}

/** Removes every notice on screen: after an undo, on changing section. */
export function clearNotices() {
  for (const el of [...live]) dismiss(el);
}

/**
 * Shows a backend error (or any message) as a sentence. kind: error | info | success | warning.
 * action: optional {label, run} — a button in the notice (e.g. 撤销); `after` runs once it is done.
 */
export function notify(message, kind = 'error', action = null, after = null) {
  const text = typeof message === 'string' ? message : message?.message ?? String(message);
  const close = h('button', { class: 'notice-close', 'aria-label': t('common.dismiss'), title: t('common.dismiss') }, '×');
  const button = action ? h('button', { class: 'link notice-action' }, action.label) : null;
  const el = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'notice-text' }, text), button, close);
  close.addEventListener('click', () => dismiss(el));
  button?.addEventListener('click', async () => {
    dismiss(el);
    try {
      await action.run();
      await after?.();
    } catch (e) {
      notify(e);
    }
  });
  // The same sentence again (a retried action) replaces the one showing, not a second copy.
  for (const other of live) {
    if (other.className === el.className && other.querySelector('.notice-text')?.textContent === text) dismiss(other);
  }
  live.add(el);
  area().append(el);
  if (kind !== 'error') setTimeout(() => dismiss(el), action ? 15000 : 6000);
  return el;
}

// A drawer or dialog that closes takes its notices with it: those still meant to show (not
// dismissed, not removed by their owner) move to wherever notices go now.
new MutationObserver(() => {
  for (const el of live) {
    if (el.isConnected) continue;
    if (!el.parentNode) live.delete(el); // removed on purpose (el.remove())
    else area().append(el);
  }
}).observe(document.body, { childList: true, subtree: true });
