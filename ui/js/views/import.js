// The import flow for attendee lists: file → event, list and sheet → header and columns →
// preview (every count, every problem row with its reason) → import → undo or download the
// refused rows. Reading runs as cancellable jobs with progress; the window stays responsive.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, table, mount } from '../dom.js';
import { rememberUndo, undoLast, forgetUndo } from '../undo.js';
import { dateField } from '../date_field.js';
import { KINDS } from './event_common.js';

const ENCODINGS = ['UTF-8', 'GBK', 'GB18030', 'Big5', 'UTF-16LE', 'UTF-16BE', 'windows-1252'];

function size(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The drawer the flow lives in; returns {body, setTitle, close, onClose}. */
export function drawer(heading = t('import.title')) {
  const panel = document.getElementById('import-panel');
  const title = h('h2', { id: 'import-title' }, heading);
  const body = h('div', { class: 'drawer-body' });
  let closed = null;
  const inner = h('div', { class: 'drawer-inner wide' });
  const close = () => {
    // A later drawer may have taken the panel (an undo from a notice after another import).
    if (!panel.contains(inner)) return;
    panel.hidden = true;
    panel.replaceChildren();
    closed?.();
    closed = null;
  };
  const closeBtn = h('button', { class: 'btn', id: 'import-close', onclick: close }, t('import.close'));
  inner.append(h('div', { class: 'drawer-head' }, title, closeBtn), body);
  panel.replaceChildren(inner);
  panel.hidden = false;
  panel.onkeydown = (e) => { if (e.key === 'Escape') close(); };
  closeBtn.focus();
  // onClose(fn): fn runs once the drawer closes, however it is closed.
  return { body, setTitle: (text) => { title.textContent = text; }, close, onClose: (fn) => { closed = fn; } };
}

/** A progress row for a job: indeterminate when the total is unknown. */
function progressRow(labelFor) {
  let job = null;
  const bar = h('progress', { id: 'import-progress' });
  const label = h('span', { class: 'muted', id: 'import-progress-label' }, labelFor({ done: 0, total: 0 }));
  const cancel = h('button', { class: 'btn', id: 'import-cancel', onclick: () => job != null && api.cancelJob(job) }, t('import.cancel'));
  const row = h('div', { class: 'progress-row' }, bar, label, cancel);
  const update = (p) => {
    job = p.job;
    if (p.total > 0) { bar.max = p.total; bar.value = p.done; } else bar.removeAttribute('value');
    label.textContent = labelFor(p);
  };
  return { row, update };
}

export async function openImport(paths, { notify, show }) {
  if (!paths?.length) {
    notify(t('import.none'), 'info');
    return;
  }
  const ui = drawer();
  const checking = progressRow((p) => t('import.checking', { done: p.done, total: paths.length }));
  mount(ui.body, checking.row);
  let files;
  try {
    files = await api.inspectFiles(paths, checking.update);
  } catch (e) {
    if (e.code === 'cancelled') ui.close();
    notify(e, e.code === 'cancelled' ? 'info' : 'error');
    return;
  }
  const sheets = files.filter((f) => f.importable);
  if (files.length === 1 && sheets.length === 1) {
    await chooseSource(ui, sheets[0], { notify, show });
    return;
  }
  mount(ui.body, 
    table([
      { label: t('col.file'), cell: (f) => h('span', { title: f.path }, f.name) },
      { label: t('col.kind'), cell: (f) => f.kind_label },
      { label: t('col.size'), num: true, cell: (f) => size(f.size) },
      { label: t('col.status'), cell: (f) => f.problem
        ? h('span', { class: 'status-error' }, f.problem)
        : f.importable
          ? h('button', { class: 'btn btn-primary', onclick: () => chooseSource(ui, f, { notify, show }) }, t('import.asLeads'))
          : h('span', { class: 'status-warn' }, t('import.notSheet')) },
    ], files, { id: 'import-files' }));
}

function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

function select(id, options, value, onchange) {
  const el = h('select', { class: 'input', id, onchange: (e) => onchange(e.target.value) },
    options.map(([v, label]) => h('option', { value: String(v), selected: String(v) === String(value) }, label)));
  return el;
}

/** Step 1–2: event and list, sheet and encoding, header row and column mapping. */
async function chooseSource(ui, file, ctx) {
  ui.setTitle(t('import.titleFile', { file: file.name }));
  const state = {
    eventId: null,
    list: /签到|check.?in/i.test(file.name) ? 'checkin' : 'registration',
    sheet: null,
    encoding: null,
    view: null,
  };
  let events = [];
  try {
    events = (await api.events()).events;
  } catch (e) {
    ctx.notify(e);
  }
  const error = h('div', { class: 'field-error', role: 'alert', id: 'import-error' });
  const newEvent = newEventForm();
  // The event comes from what the file says (its name, its title banner), never a guess: a
  // known event it names, a choice among several it names equally, or a new one filled in
  // from it. Read once, from the first sheet opened; after that the user's choice stands.
  let candidates = null;
  let eventRead = false;
  const readEvent = async () => {
    const found = state.view.event;
    eventRead = true;
    if (found.kind === 'named') {
      state.eventId = found.id;
      // Again, now with the event's organiser: its remembered column mapping applies.
      state.view = await api.openAttendeeFile(file.path, state.sheet, state.encoding, state.eventId);
    } else if (found.kind === 'ambiguous') {
      candidates = found.ids;
      state.eventId = null;
    } else {
      state.eventId = 'new';
      newEvent.fill(found);
    }
  };
  const load = async () => {
    try {
      state.view = await api.openAttendeeFile(file.path, state.sheet, state.encoding, typeof state.eventId === 'number' ? state.eventId : null);
      if (!eventRead) await readEvent();
      state.sheet = state.view.sheet;
      draw();
    } catch (e) {
      mount(ui.body, h('div', { class: 'error-state', role: 'alert', id: 'import-error' }, e.message));
    }
  };
  const draw = () => {
    const v = state.view;
    // Several events the file names equally: those first, and nothing chosen until the user does.
    const listed = candidates ? [...events.filter((e) => candidates.includes(e.id)), ...events.filter((e) => !candidates.includes(e.id))] : events;
    const eventPick = select('import-event', [
      ...(state.eventId == null ? [['', t('import.chooseEvent')]] : []),
      ...listed.map((e) => [e.id, t('import.eventOption', { name: e.name, date: e.date })]),
      ['new', t('import.newEvent')]],
    state.eventId ?? '', (value) => {
      state.eventId = value === 'new' ? 'new' : value === '' ? null : Number(value);
      newEvent.node.hidden = state.eventId !== 'new';
      if (typeof state.eventId === 'number') load(); else draw();
    });
    newEvent.node.hidden = state.eventId !== 'new';
    const listPick = select('import-list', [['registration', t('import.list.registration')], ['checkin', t('import.list.checkin')]],
      state.list, (value) => { state.list = value; });
    const sheetPick = v.sheets.length > 1
      ? field(t('import.sheet'), select('import-sheet', v.sheets.map((s, i) => [i, s.hidden ? `${s.name}${t('import.hiddenSheet')}` : s.name]), v.sheet,
        (value) => { state.sheet = Number(value); load(); }))
      : null;
    const encodingPick = v.encoding
      ? field(t('import.encoding'), select('import-encoding', ENCODINGS.includes(v.encoding) ? ENCODINGS.map((e) => [e, e]) : [[v.encoding, v.encoding], ...ENCODINGS.map((e) => [e, e])], v.encoding,
        (value) => { state.encoding = value; load(); }), t('import.encodingHint'))
      : null;
    const headerPick = field(t('import.headerRow'), select('import-header-row',
      [['none', t('import.noHeader')], ...v.rows.map((r, i) => [i, t('import.rowN', { n: i + 1, text: r.filter(Boolean).slice(0, 4).join(' | ').slice(0, 60) })])],
      v.header_row ?? 'none', (value) => {
        v.header_row = value === 'none' ? null : Number(value);
        v.headers = v.header_row == null ? [] : v.rows[v.header_row].map((c) => c.trim());
        draw();
      }));
    const width = Math.max(v.headers.length, ...v.rows.map((r) => r.length), v.mapping.length);
    const mapping = Array.from({ length: width }, (_, i) => v.mapping[i] ?? null);
    v.mapping = mapping;
    const samples = v.rows.slice(v.header_row == null ? 0 : v.header_row + 1).filter((r) => r.some((c) => c.trim())).slice(0, 3);
    const columns = Array.from({ length: width }, (_, i) => i);
    const mapTable = table([
      { label: t('import.column'), cell: (i) => v.headers[i] || t('import.columnN', { n: i + 1 }) },
      { label: t('import.samples'), prose: true, cell: (i) => h('span', { class: 'muted' }, samples.map((r) => r[i] ?? '').filter(Boolean).join(' · ').slice(0, 80)) },
      { label: t('import.field'), cell: (i) => select(`import-map-${i}`, [['', t('import.ignore')], ...v.fields.map((f) => [f.code, f.label])], mapping[i] ?? '',
        (value) => { mapping[i] = value || null; }) },
    ], columns, { id: 'import-mapping' });
    const previewBtn = h('button', { class: 'btn btn-primary', id: 'import-preview', onclick: async () => {
      error.textContent = '';
      if (state.eventId == null) {
        error.textContent = t('import.chooseEventFirst');
        eventPick.focus();
        return;
      }
      if (state.eventId === 'new') {
        const form = newEvent.form();
        if (form.date == null) return;
        try {
          state.eventId = await api.createEvent(form);
          events = (await api.events()).events;
        } catch (e) {
          // Beside the new event's fields, in view: the footer is far below them.
          error.textContent = e.message;
          error.scrollIntoView({ block: 'nearest' });
          newEvent.focus();
          return;
        }
      }
      const event = events.find((e) => e.id === state.eventId);
      preview(ui, file, request(), event?.name ?? '', ctx, () => { ui.setTitle(t('import.titleFile', { file: file.name })); draw(); });
    } }, t('import.toPreview'));
    const request = () => ({
      path: file.path,
      sheet: v.sheet,
      header_row: v.header_row,
      mapping,
      encoding: state.encoding,
      fill_merged: true,
      event_id: state.eventId,
      list: state.list,
    });
    mount(ui.body,
      v.file_note ? h('p', { class: 'alert alert-info', id: 'import-file-note' }, v.file_note) : null,
      h('div', { class: 'import-grid' },
        field(t('import.event'), eventPick), field(t('import.listKind'), listPick), sheetPick, encodingPick),
      newEvent.node,
      error,
      h('p', { class: 'field-hint' }, v.mapping_source === 'template' ? t('import.fromTemplate') : v.mapping_source === 'values' ? t('import.byValues') : t('import.byHeaders')),
      headerPick,
      mapTable,
      h('div', { class: 'dialog-foot' }, previewBtn));
  };
  await load();
}

function newEventForm() {
  const name = h('input', { class: 'input', id: 'new-event-name' });
  const dateInput = dateField({ id: 'new-event-date', required: true, label: t('col.date') });
  const date = dateInput.input;
  const organiser = h('input', { class: 'input', id: 'new-event-organiser' });
  const kind = select('new-event-kind', KINDS.map((k) => [k, t(`eventKind.${k}`)]), 'forum', () => {});
  const hint = h('p', { class: 'field-hint', id: 'new-event-hint', hidden: true }, t('import.newEventHint'));
  const node = h('div', { id: 'new-event' }, hint, h('div', { class: 'import-grid' },
    field(t('import.eventName'), name), h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'new-event-date' }, t('col.date')), dateInput.node, dateInput.error), field(t('col.type'), kind), field(t('col.organiser'), organiser)));
  // A proposal from the file: the user checks it before the event is created.
  const fill = (p) => {
    name.value = p.name;
    date.value = p.date ?? '';
    organiser.value = p.organiser;
    hint.hidden = false;
  };
  // The event to create; its date null when it is missing or not a date (said beside it).
  const form = () => ({ name: name.value, date: dateInput.check(), kind: kind.value, organiser: organiser.value });
  return { node, fill, form, focus: () => name.focus() };
}

function outcomeLabel(code) {
  return t(`import.outcome.${code}`);
}

function rowsTable(id, rows, headers) {
  const width = Math.max(headers.length, ...rows.map((r) => r.cells.length));
  const cols = Array.from({ length: Math.min(width, 8) }, (_, i) => i);
  return table([
    { label: t('import.rowNo'), num: true, cell: (r) => String(r.row) },
    ...cols.map((i) => ({ label: headers[i] || t('import.columnN', { n: i + 1 }), cell: (r) => r.cells[i] ?? '' })),
    { label: t('import.result'), cell: (r) => h('span', { class: `outcome ${r.outcome === 'rejected' ? 'status-error' : 'status-ok'}` }, outcomeLabel(r.outcome)) },
    { label: t('import.reason'), prose: true, cell: (r) => r.reason ? h('span', { class: r.outcome === 'rejected' ? 'status-error' : 'status-warn' }, r.reason) : '' },
  ], rows, { id, rowAttrs: (r) => ({ class: r.reason ? 'row-problem' : undefined }) });
}

/** Step 3: the whole file read as a dry run, then confirm. */
async function preview(ui, file, req, eventName, ctx, back) {
  ui.setTitle(t('import.previewTitle', { file: file.name }));
  const reading = progressRow((p) => t(p.total > 0 ? 'import.readingOf' : 'import.reading', { n: count(p.done), total: count(p.total) }));
  mount(ui.body, reading.row);
  let p;
  try {
    p = await api.previewAttendeeImport(req, reading.update);
  } catch (e) {
    mount(ui.body, h('div', { class: 'error-state', role: 'alert', id: 'import-error' }, e.message),
      h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', onclick: back }, t('import.back'))));
    return;
  }
  const c = p.counts;
  const accepted = c.new + c.merged + c.repeated;
  const confirm = h('button', { class: 'btn btn-primary', id: 'import-confirm', disabled: !!p.already_imported || accepted === 0,
    onclick: () => commit(ui, file, req, eventName, ctx, c.total) }, t('import.confirm', { n: count(accepted), event: eventName }));
  mount(ui.body, 
    p.already_imported ? h('div', { class: 'alert alert-warning', id: 'import-already' },
      t('import.already', { when: p.already_imported.imported_at.slice(0, 16).replace('T', ' '), event: p.already_imported.event_name })) : null,
    p.already_imported ? null : h('div', { class: 'import-counts', id: 'import-counts' },
      stat(t('import.count.new'), c.new, 'new'), stat(t('import.count.merged'), c.merged, 'merged'),
      stat(t('import.count.repeated'), c.repeated, 'repeated'), stat(t('import.count.rejected'), c.rejected, 'rejected'),
      c.shared ? stat(t('import.count.shared'), c.shared, 'shared') : null,
      c.no_contact ? stat(t('import.count.noContact'), c.no_contact, 'no-contact') : null),
    p.problems.length ? h('h3', {}, p.problem_rows > p.problems.length
      ? t('import.problemsFirst', { n: count(p.problems.length), total: count(p.problem_rows) })
      : t('import.problems', { n: count(p.problem_rows) })) : null,
    p.problems.length ? rowsTable('import-problems', p.problems, p.headers) : null,
    p.sample.length ? h('h3', {}, t('import.sample')) : null,
    p.sample.length ? rowsTable('import-sample', p.sample, p.headers) : null,
    h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'import-back', onclick: back }, t('import.back')), confirm));
  // The counts come first: keep them in view, the confirm button is in the sticky footer.
  confirm.focus({ preventScroll: true });
  ui.body.scrollTop = 0;
}

function stat(label, n, kind) {
  return h('div', { class: `stat stat-${kind}` }, h('div', { class: 'stat-value', id: `import-count-${kind}` }, count(n)), h('div', { class: 'stat-label' }, label));
}

/** Undoes import `batchId` and says what it removed; whether it was undone. */
export async function undoImport(batchId, notify) {
  try {
    const u = await api.undoAttendeeImport(batchId);
    notify(t('import.undone', { removed: count(u.removed), reverted: count(u.reverted) }), 'success');
    return true;
  } catch (e) {
    notify(e);
    return false;
  }
}

/** Saves import `batchId`'s refused rows where the user picks, and says where. */
export async function downloadRejected(batchId, notify) {
  try {
    const path = await api.exportRejected(batchId);
    if (path) notify(t('import.rejectedSaved', { path }), 'success');
  } catch (e) {
    notify(e);
  }
}

/** Step 4: the import itself, then what was done with undo and the refused rows. */
/** `rows`: the file's rows as the preview counted them, the bar's exact end. */
async function commit(ui, file, req, eventName, ctx, rows) {
  const writing = progressRow((p) => {
    const key = p.stage === 'finishing' ? 'import.finishing' : 'import.writingOf';
    return t(key, { n: count(p.done), total: count(rows) });
  });
  const progress = (p) => writing.update(p.stage === 'finishing' ? p : { ...p, total: rows });
  ui.setTitle(t('import.importingTitle', { file: file.name }));
  mount(ui.body, writing.row);
  let done;
  try {
    done = await api.importAttendees(req, progress);
  } catch (e) {
    const back = () => preview(ui, file, req, eventName, ctx, () => chooseSource(ui, file, ctx));
    if (e.code === 'cancelled') {
      // What the user asked for, not a failure: say that nothing changed and offer the way back.
      ui.setTitle(t('import.previewTitle', { file: file.name }));
      mount(ui.body, h('div', { class: 'alert alert-success', role: 'status', id: 'import-cancelled' }, t('import.cancelled')),
        h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: 'import-back', onclick: back }, t('import.backToPreview')),
          h('button', { class: 'btn btn-primary', onclick: ui.close }, t('import.close'))));
      return;
    }
    mount(ui.body, h('div', { class: 'error-state', role: 'alert', id: 'import-error' }, e.message));
    return;
  }
  const b = done.batch;
  // The list behind the drawer shows the leads as they were: show them as they are now.
  ui.onClose(() => ctx.show?.());
  let notice = null;
  const undo = async () => {
    forgetUndo(undo);
    notice?.remove();
    if (await undoImport(b.id, ctx.notify)) ui.close();
  };
  rememberUndo(undo);
  notice = ctx.notify(t('import.done', { n: count(b.counts.new), merged: count(b.counts.merged) }), 'success', { label: t('common.undo'), run: undoLast });
  ui.setTitle(t('import.doneTitle', { file: file.name }));
  mount(ui.body, 
    h('p', { id: 'import-done' }, t('import.doneBody', { new: count(b.counts.new), merged: count(b.counts.merged), repeated: count(b.counts.repeated), rejected: count(b.counts.rejected), event: b.event_name })),
    b.counts.no_contact ? h('p', { class: 'alert alert-warning', id: 'import-no-contact' }, t('import.noContact', { n: count(b.counts.no_contact) }), ' ',
      h('button', { class: 'link', onclick: () => { ui.onClose(null); ui.close(); ctx.show?.('leads', { event_id: b.event_id, no_contact: true }); } }, t('import.showThem'))) : null,
    done.warnings.total ? h('h3', {}, done.warnings.total > done.warnings.rows.length
      ? t('import.warnedFirst', { n: count(done.warnings.rows.length), total: count(done.warnings.total) })
      : t('import.warned', { n: count(done.warnings.total) })) : null,
    done.warnings.total ? rowsTable('import-warnings', done.warnings.rows, done.warnings.headers) : null,
    h('div', { class: 'dialog-foot' },
      b.counts.rejected > 0 || b.counts.warned > 0 ? h('button', { class: 'btn', id: 'import-rejected', onclick: () => downloadRejected(b.id, ctx.notify) },
        t('import.downloadRejected', { n: count(b.counts.rejected), warned: count(b.counts.warned) })) : null,
      h('button', { class: 'btn', id: 'import-undo', onclick: undo }, t('import.undo')),
      h('button', { class: 'btn btn-primary', id: 'import-see-leads', onclick: () => { ui.onClose(null); ui.close(); ctx.show?.('leads', { event_id: b.event_id }); } }, t('import.seeLeads'))));
}
