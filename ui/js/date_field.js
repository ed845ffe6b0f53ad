// Dates typed as 2026-11-20 (2026/11/20, 2026.11.20, 2026年11月20日 and 20261120 are read too)
// or picked from a small calendar: weeks start on Monday (一 二 … 日), the title reads 2026年11月
// in Chinese and November 2026 in English. The same in every form, whatever the webview's own
// date input would draw. An optional date left empty is not an error.
import { t } from './i18n.js';
import { h } from './dom.js';

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Full-width digits and separators, as a Chinese input method types them, read as ASCII. */
function halfWidth(text) {
  return text.replace(/[\uFF10-\uFF19\uFF0D\uFF0F\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0));
}

/** What was typed as yyyy-mm-dd: '' when empty, null when it is not a date. */
export function parseDate(text) {
  const s = halfWidth(String(text ?? '')).trim();
  if (!s) return '';
  const m = s.match(/^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/)
    ?? s.match(/^(\d{4})\s*(年)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/)
    ?? s.match(/^(\d{4})()(\d{2})(\d{2})$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  return iso(y, mo, d);
}

function today() {
  const now = new Date();
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function calendarIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const svg = el('svg', { viewBox: '0 0 16 16', width: '16', height: '16', 'aria-hidden': 'true', focusable: 'false' });
  svg.append(
    el('rect', { x: '1.5', y: '2.5', width: '13', height: '12', rx: '1.5', fill: 'none', stroke: 'currentColor' }),
    el('path', { d: 'M1.5 6h13M5 1v3M11 1v3', stroke: 'currentColor', fill: 'none' }),
    el('path', { d: 'M4 8.5h2v2H4zM7 8.5h2v2H7zM10 8.5h2v2h-2z', fill: 'currentColor' }));
  return svg;
}

/**
 * A date field: {node, input, error, check()}. `node` holds the input and its calendar button;
 * `error` (placed by the caller, or the `error` element given) says what is wrong in a sentence.
 * check() before saving: the date as yyyy-mm-dd ('' when empty and optional), or null after
 * saying why not and focusing the field.
 * min/max (yyyy-mm-dd) bound the calendar; typed dates outside them are left to the backend,
 * which says which year is allowed.
 */
export function dateField({ id, name, value = '', min, max, required = false, label, example, error }) {
  const sample = example ?? `${(min ?? today()).slice(0, 4)}-11-20`;
  const attrs = {
    class: 'input date-input', id, name, type: 'text', placeholder: sample,
    inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', maxlength: '16',
    'aria-label': label, title: t('date.format', { example: sample }),
  };
  const input = h('input', { ...attrs, value: value ?? '' });
  const errorEl = error ?? h('div', { class: 'field-error date-error', role: 'alert', id: id ? `${id}-error` : undefined });
  if (errorEl.id) input.setAttribute('aria-describedby', errorEl.id);
  const button = h('button', {
    type: 'button', class: 'date-button', 'aria-label': t('date.pick'), title: t('date.pick'),
    'aria-haspopup': 'dialog', 'aria-expanded': 'false', id: id ? `${id}-pick` : undefined,
  }, calendarIcon());
  const node = h('span', { class: 'date-field' }, input, button);

  const say = (message) => {
    errorEl.textContent = message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  /** Reads the field: normalises a date, says what is wrong with anything else. */
  const read = () => {
    const text = input.value;
    const date = parseDate(text);
    if (date === null) {
      say(t('date.invalid', { text: text.trim(), example: sample }));
      return null;
    }
    if (date && date !== text) input.value = date;
    say('');
    return date;
  };
  input.addEventListener('blur', () => { if (!popover) read(); });
  input.addEventListener('input', () => { if (errorEl.textContent) say(''); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && e.altKey) { e.preventDefault(); open(); }
  });

  let popover = null;
  const close = (focusInput = true) => {
    if (!popover) return;
    popover.remove();
    popover = null;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', outside, true);
    window.removeEventListener('scroll', onScroll, true);
    window.removeEventListener('resize', onScroll);
    if (focusInput) input.focus();
  };
  const outside = (e) => { if (!popover?.contains(e.target) && !button.contains(e.target)) close(false); };
  const onScroll = (e) => { if (!popover?.contains(e.target)) close(false); };
  const pick = (date) => {
    input.value = date;
    say('');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    close();
  };

  const open = () => {
    if (popover) { close(); return; }
    const start = parseDate(input.value) || (min && today() < min ? min : max && today() > max ? max : today());
    let focused = start;
    let [year, month] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
    const selected = parseDate(input.value) || null;
    popover = h('div', { class: 'calendar', role: 'dialog', 'aria-label': t('date.pick'), id: id ? `${id}-calendar` : undefined });
    // Inside a <label> a click would also go to the input: the calendar's clicks are its own.
    popover.addEventListener('click', (e) => e.preventDefault());
    const move = (date) => {
      focused = date;
      [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
      draw();
      popover.querySelector('.calendar-day[tabindex="0"]')?.focus();
    };
    const shift = (days) => {
      const d = new Date(Date.UTC(Number(focused.slice(0, 4)), Number(focused.slice(5, 7)) - 1, Number(focused.slice(8)) + days));
      move(iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
    };
    const shiftMonths = (n) => {
      const total = year * 12 + (month - 1) + n;
      const [y, m] = [Math.floor(total / 12), (total % 12) + 1];
      move(iso(y, m, Math.min(Number(focused.slice(8)), daysIn(y, m))));
    };
    const outOfRange = (date) => (min && date < min) || (max && date > max);
    const navButton = (cls, label, text, n) => h('button', { type: 'button', class: `calendar-nav ${cls}`, 'aria-label': label, title: label, onclick: () => shiftMonths(n) }, text);
    const draw = () => {
      const months = t('date.months').split(',');
      const title = t('date.title', { year, month, monthName: months[month - 1] });
      const first = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
      const cells = [];
      for (let i = 0; i < 42; i += 1) {
        const d = new Date(Date.UTC(year, month - 1, 1 + i - first));
        cells.push(iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
      }
      if (focused.slice(0, 7) !== iso(year, month, 1).slice(0, 7)) focused = iso(year, month, 1);
      const day = (date) => h('td', {}, h('button', {
        type: 'button', class: ['calendar-day', date.slice(5, 7) !== pad(month) && 'other-month', date === today() && 'today', date === selected && 'selected'].filter(Boolean).join(' '),
        tabindex: date === focused ? '0' : '-1', disabled: outOfRange(date), dataset: { date }, 'aria-label': date,
        'aria-pressed': String(date === selected), onclick: () => pick(date),
      }, String(Number(date.slice(8)))));
      popover.replaceChildren(
        h('div', { class: 'calendar-head' },
          navButton('prev-year', t('date.prevYear'), '«', -12), navButton('prev-month', t('date.prevMonth'), '‹', -1),
          h('span', { class: 'calendar-title', 'aria-live': 'polite' }, title),
          navButton('next-month', t('date.nextMonth'), '›', 1), navButton('next-year', t('date.nextYear'), '»', 12)),
        h('table', { class: 'calendar-grid', role: 'grid' },
          h('thead', {}, h('tr', {}, t('date.weekdays').split(',').map((w) => h('th', { scope: 'col' }, w)))),
          h('tbody', {}, [0, 1, 2, 3, 4, 5].map((w) => h('tr', {}, cells.slice(w * 7, w * 7 + 7).map(day))))),
        h('div', { class: 'calendar-foot' },
          h('button', { type: 'button', class: 'link calendar-today', disabled: outOfRange(today()), onclick: () => pick(today()) }, t('date.today')),
          required ? null : h('button', { type: 'button', class: 'link calendar-clear', onclick: () => pick('') }, t('date.clear'))));
    };
    popover.addEventListener('keydown', (e) => {
      const onDay = e.target.classList?.contains('calendar-day');
      const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
      else if (step && onDay) { e.preventDefault(); shift(step); }
      else if (e.key === 'PageUp' || e.key === 'PageDown') { e.preventDefault(); shiftMonths((e.key === 'PageUp' ? -1 : 1) * (e.shiftKey ? 12 : 1)); }
      else if (e.key === 'Tab') {
        // Focus stays in the calendar until it is closed.
        const stops = [...popover.querySelectorAll('button:not([disabled])')].filter((b) => !b.classList.contains('calendar-day') || b.tabIndex === 0);
        const at = stops.indexOf(document.activeElement);
        const next = stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length];
        e.preventDefault();
        next?.focus();
      }
    });
    draw();
    node.append(popover);
    // Fixed, so no scrolling box (a dialog's body, the drawer) clips it; below the field, or
    // above it when there is no room below.
    const r = input.getBoundingClientRect();
    const height = popover.offsetHeight;
    const width = popover.offsetWidth;
    const top = r.bottom + 4 + height > window.innerHeight && r.top - 4 - height > 0 ? r.top - 4 - height : r.bottom + 4;
    popover.style.top = `${Math.max(4, top)}px`;
    popover.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - width - 4))}px`;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', outside, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    popover.querySelector('.calendar-day[tabindex="0"]')?.focus();
  };
  button.addEventListener('click', (e) => { e.preventDefault(); open(); });

  const check = () => {
    const date = read();
    if (date === '' && required) {
      say(t('date.required', { example: sample }));
      input.focus();
      return null;
    }
    if (date === null) input.focus();
    return date;
  };
  return { node, input, error: errorEl, check, say };
}
