// Building DOM from nodes, never from HTML strings, so text from files and users cannot become markup.

/** h('td', {class: 'num'}, 'text', childNode, …); attributes starting with "on" attach listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Strings this long may not fit a column: they wrap within it (see longText). */
const LONG = 16;

/**
 * Text typed or imported by people (a name, a company, a file's cell): it wraps within its
 * column, two lines at most, and the whole text is in the tooltip, so a very long name never
 * pushes its table sideways. `tag`/`attrs` make it a link or a button instead of a span.
 */
export function longText(text, attrs = {}, tag = 'span') {
  const s = text == null ? '' : String(text);
  const cls = ['long-text', s.length > LONG / 2 && 'is-long', attrs.class].filter(Boolean).join(' ');
  return h(tag, { ...attrs, class: cls, title: attrs.title ?? (s.length > LONG / 2 ? s : undefined) }, s);
}

/** A cell's content: long strings wrapped as longText, anything else as it is. */
export function cellContent(v) {
  return typeof v === 'string' && v.length > LONG ? longText(v) : v;
}

/** A table: columns [{label, num?, nowrap?, prose?, cell(row) -> Node|string}]. */
export function table(columns, rows, { id, rowAttrs } = {}) {
  const plain = (c) => !c.num && !c.nowrap && !c.prose;
  return h('table', { class: 'table', id },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : undefined, scope: 'col' }, plain(c) ? cellContent(c.label) : c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {},
      columns.map((c) => h('td', { class: [c.num && 'num', c.nowrap && 'nowrap', c.prose && 'prose'].filter(Boolean).join(' ') || undefined },
        plain(c) ? cellContent(c.cell(r)) : c.cell(r)))))));
}

/** A coloured chip for a channel; the colour comes from Rust, set via CSSOM (CSP-safe). */
export function chip(color, text) {
  const dot = h('span', { class: 'chip-dot', 'aria-hidden': 'true' });
  dot.style.background = color;
  const long = String(text ?? '').length > LONG / 2;
  return h('span', { class: 'chip', title: long ? text : undefined }, dot, h('span', { class: 'chip-text' }, text));
}

/** Trusted SVG produced by the Rust chart renderer, parsed rather than injected as HTML. */
export function svg(markup) {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg') return h('div');
  root.removeAttribute('width');
  root.removeAttribute('height');
  root.setAttribute('preserveAspectRatio', 'xMinYMin meet');
  return document.importNode(root, true);
}

/** Replaces root's children, skipping absent (null/false) parts. */
export function mount(root, ...children) {
  root.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** What a section shows with nothing in it: what to do next, and the actions as buttons. */
export function emptyState(title, body, ...actions) {
  const buttons = actions.flat().filter(Boolean);
  return h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, title), h('p', {}, body),
    buttons.length ? h('div', { class: 'empty-actions' }, buttons) : null);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...children);
}

/**
 * Asks once before something that changes the plan, naming what will change: resolves true
 * when confirmed, false when cancelled (Esc, the cancel button). `lines` are listed; `warnings`
 * are listed apart, marked.
 */
export function confirmDialog({ id, title, intro, lines = [], warnings = [], confirmLabel, cancelLabel, danger = false }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` });
    const done = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    const ok = h('button', { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, id: `${id}-ok`, onclick: () => done(true) }, confirmLabel);
    mount(dialog,
      h('div', { class: 'dialog-head' }, h('h2', { id: `${id}-title` }, title)),
      h('div', { class: 'dialog-body' },
        intro ? h('p', {}, intro) : null,
        lines.length ? h('ul', { class: 'change-list' }, lines.map((l) => h('li', {}, l))) : null,
        warnings.length ? h('ul', { class: 'breaches' }, warnings.map((w) => h('li', { class: 'breach-warning' }, w))) : null),
      h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: `${id}-cancel`, onclick: () => done(false) }, cancelLabel), ok));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    ok.focus();
  });
}
