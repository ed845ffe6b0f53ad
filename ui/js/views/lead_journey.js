// A lead's way to revenue, in its page: why it has its score (grade, fit and engagement points,
// each rule and each touch's faded points in a sentence), its stage with the moves open to it
// and every move so far, its owner, the follow-ups logged (and a form to log one), its deals.
import { api } from '../api.js';
import { t, count } from '../i18n.js';
import { h, mount, table } from '../dom.js';
import { dateField } from '../date_field.js';
import { lastWho, rememberWho, memberSelect, openTeam } from './team.js';
import { askSplit } from './lead_edit.js';

export const STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'lost', 'recycled'];
const CHANNELS = ['call', 'visit', 'wechat', 'email', 'meeting'];
const OUTCOMES = ['connected', 'unreachable', 'interested', 'meeting_set', 'declined'];

const when = (at) => (at ?? '').slice(0, 16).replace('T', ' ');
const pad = (n) => String(n).padStart(2, '0');
const todayIso = () => { const d = new Date(); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };

export function stageBadge(code, label = t(`stage.${code}`)) {
  return h('span', { class: `tag stage-tag stage-${code}`, dataset: { stage: code } }, label);
}

/**
 * Asks once before a move: the stage (fixed, or chosen when `stage` is null), who moves and
 * why. Resolves {stage, who, reason}, or null when cancelled.
 */
export function moveDialog({ id, title, intro, stage = null, team = [], okLabel = t('journey.move') }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog narrow', id, 'aria-labelledby': `${id}-title` });
    const done = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    const pick = stage ? null : h('select', { class: 'input', id: `${id}-stage`, 'aria-label': t('journey.toStage') },
      STAGES.map((s) => h('option', { value: s }, t(`stage.${s}`))));
    const who = team.length ? memberSelect(`${id}-who`, team, lastWho(), t('journey.whoNone'), t('journey.who'))
      : h('input', { class: 'input', id: `${id}-who`, value: lastWho(), 'aria-label': t('journey.who') });
    const reason = h('input', { class: 'input', id: `${id}-reason`, placeholder: t('journey.reasonPlaceholder'), 'aria-label': t('journey.reason') });
    const ok = h('button', { class: 'btn btn-primary', id: `${id}-ok`, onclick: () => {
      rememberWho(who.value);
      done({ stage: stage ?? pick.value, who: who.value, reason: reason.value });
    } }, okLabel);
    reason.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing) ok.click(); });
    mount(dialog,
      h('div', { class: 'dialog-head' }, h('h2', { id: `${id}-title` }, title)),
      h('div', { class: 'dialog-body' },
        intro ? h('p', { id: `${id}-intro` }, intro) : null,
        pick ? h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('journey.toStage')), pick) : null,
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('journey.who')), who),
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('journey.reason')), reason)),
      h('div', { class: 'dialog-foot' }, h('button', { class: 'btn', id: `${id}-cancel`, onclick: () => done(null) }, t('common.cancel')), ok));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    document.body.append(dialog);
    dialog.showModal();
    (pick ?? reason).focus();
  });
}

/** What a bulk or single move did, as a sentence. */
export function movedSentence(r, stageCode) {
  const stage = t(`stage.${stageCode}`);
  return r.refused_count
    ? t('journey.movedSome', { n: count(r.moved), stage, refused: count(r.refused_count) })
    : t('journey.moved', { n: count(r.moved), stage });
}

/**
 * The journey part of lead `id`'s page, drawn into `node` and redrawn after each action there.
 * `changed()` after a change; `split()` after a merge was split (the page has more to redraw);
 * `open(id)` opens another lead's page in place of this one.
 */
export async function drawJourney(node, id, { notify, changed, split, open }) {
  let j;
  let team = [];
  try {
    [j, team] = await Promise.all([api.leadJourney(id), api.team()]);
  } catch (e) {
    mount(node, h('p', { class: 'field-error', role: 'alert' }, e.message));
    return;
  }
  const error = h('div', { class: 'field-error', id: 'journey-error', role: 'alert' });
  const redraw = (next) => { j = next ?? j; draw(); changed?.(); };
  const reload = async () => { try { redraw(await api.leadJourney(id)); } catch (e) { error.textContent = e.message; } };
  const move = async (stage, label) => {
    const answer = await moveDialog({ id: 'journey-move', title: t('journey.moveTo', { stage: label }), stage, team });
    if (!answer) return;
    try {
      const r = await api.moveLeads([id], {}, stage, answer.who, answer.reason);
      if (r.moved) notify(movedSentence(r, stage), 'success'); else error.textContent = t('journey.refused', { stage: label });
      await reload();
    } catch (e) { error.textContent = e.message; }
  };
  const assign = async (name) => {
    error.textContent = '';
    try {
      await api.assignLeads([id], {}, name || null, false);
      await reload();
      notify(name ? t('journey.assigned', { name }) : t('journey.assignedByRules'), 'success');
    } catch (e) { error.textContent = e.message; }
  };
  const splitMerge = async (m) => {
    const answer = await askSplit(m);
    if (!answer) return;
    error.textContent = '';
    try {
      const back = await api.splitMerge(m.id, answer.who);
      const name = m.other_name || t('leads.noName');
      notify(t('journey.splitDone', { name }), 'success', open ? { label: t('journey.openOther', { name }), run: () => open(back) } : null);
      if (split) split(); else await reload();
    } catch (e) { error.textContent = e.message; }
  };
  const draw = () => mount(node,
    h('div', { class: 'journey-head' },
      h('span', { class: 'muted' }, t('journey.stage')), stageBadge(j.stage, j.stage_label),
      h('span', { class: 'muted journey-owner-label' }, t('journey.owner')),
      h('strong', { id: 'journey-owner' }, j.owner ?? t('journey.noOwner')),
      ownerPicker(team, j.owner, assign, notify, reload)),
    scoreBlock(j.score),
    h('h3', {}, t('journey.stageTitle')),
    j.moves_open.length ? h('div', { class: 'row-actions left', id: 'journey-moves' },
      j.moves_open.map(([code, label]) => h('button', { class: 'btn btn-small', dataset: { stage: code }, id: `journey-move-${code}`, onclick: () => move(code, label) }, t('journey.moveButton', { stage: label }))))
      : h('p', { class: 'muted' }, t('journey.noMoves')),
    j.history.length ? h('ol', { class: 'history', id: 'journey-history' }, j.history.map((m) => h('li', {},
      h('time', {}, when(m.at)), stageBadge(m.from, m.from_label), ' → ', stageBadge(m.to, m.to_label), ' ',
      h('span', { class: 'muted' }, [...new Set([m.cause_label, m.by].filter(Boolean))].join(' · ')),
      m.reason ? h('div', { class: 'cell-sub' }, m.reason) : null)))
      : h('p', { class: 'muted', id: 'journey-history-empty' }, t('journey.noHistory')),
    h('h3', {}, t('journey.followups')),
    j.followups.length ? table([
      { label: t('journey.when'), nowrap: true, cell: (f) => when(f.at) },
      { label: t('journey.member'), cell: (f) => f.member ?? '' },
      { label: t('journey.channel'), nowrap: true, cell: (f) => f.channel_label },
      { label: t('journey.outcome'), nowrap: true, cell: (f) => h('span', { class: f.outcome === 'unreachable' ? 'muted' : 'status-ok' }, f.outcome_label) },
      { label: t('journey.note'), prose: true, cell: (f) => f.note },
    ], j.followups, { id: 'journey-followups' }) : h('p', { class: 'muted', id: 'journey-followups-empty' }, t('journey.noFollowups')),
    followupForm(id, team, j.owner, redraw, error),
    h('h3', {}, t('journey.deals')),
    j.deals.length ? table([
      { label: t('deals.name'), cell: (d) => d.name || d.external_id },
      { label: t('deals.stage'), nowrap: true, cell: (d) => h('span', { class: `deal-${d.status}` }, d.status_label, d.crm_stage ? h('span', { class: 'muted' }, `（${d.crm_stage}）`) : null) },
      { label: t('deals.amount'), num: true, cell: (d) => d.amount.yuan },
      { label: t('journey.created'), nowrap: true, cell: (d) => d.created_on ?? '' },
      { label: t('deals.closed'), nowrap: true, cell: (d) => d.closed_on ?? '' },
    ], j.deals, { id: 'journey-deals' }) : h('p', { class: 'muted', id: 'journey-deals-empty' }, t('journey.noDeals')),
    mergeList(j.merges ?? [], splitMerge, open),
    error);
  draw();
}

function ownerPicker(team, owner, assign, notify, reload) {
  if (!team.length) {
    return h('button', { class: 'link', id: 'journey-team', onclick: () => openTeam(notify, reload) }, t('journey.addTeam'));
  }
  const select = memberSelect('journey-assign', team, owner ?? '', t('journey.byRules'), t('journey.assignTo'));
  return h('span', { class: 'inline-fields' }, select,
    h('button', { class: 'btn btn-small', id: 'journey-assign-run', onclick: () => assign(select.value) }, t('journey.assign')));
}

/** Grade, fit and engagement points, and every sentence that explains them. */
function scoreBlock(s) {
  if (!s) return h('div', { class: 'lead-score', id: 'journey-score' }, h('p', { class: 'muted' }, t('journey.notScored')));
  const list = (id, title, items) => (items.length ? [h('h4', {}, title), h('ul', { class: 'reasons compact', id }, items.map((x) => h('li', {}, x)))] : []);
  return h('div', { class: 'lead-score', id: 'journey-score' },
    h('div', { class: 'score-top' },
      h('div', { class: 'score-total' }, h('span', { class: `score-big grade grade-${s.grade}`, id: 'journey-grade' }, s.grade), h('span', { class: 'score-of' }, t('journey.grade'))),
      h('div', { class: 'score-stats' },
        h('div', {}, h('div', { class: 'stat-value', id: 'journey-fit-points' }, count(s.fit_points)), h('div', { class: 'stat-label' }, t('journey.fitPoints'))),
        h('div', {}, h('div', { class: 'stat-value', id: 'journey-points' }, s.points), h('div', { class: 'stat-label' }, t('journey.points'))),
        h('div', {}, h('div', { class: 'stat-value' }, h('span', { class: `tag ${s.mql ? 'rec-good' : ''}`, id: 'journey-mql' }, s.mql ? t('journey.isMql') : t('journey.notMql'))), h('div', { class: 'stat-label' }, t('journey.mqlRule'))))),
    h('p', { class: 'qualified-sentence', id: 'journey-summary' }, s.summary),
    h('div', { class: 'grid-2 even score-reasons' },
      h('div', {}, ...list('journey-fit', t('journey.fitRules'), s.fit)),
      h('div', {}, ...list('journey-touches', t('journey.touches'), s.touches), ...list('journey-kinds', t('journey.caps'), s.kinds))),
    h('p', { class: 'field-hint' }, t('journey.asOf', { date: s.as_of })));
}

function followupForm(id, team, owner, redraw, error) {
  const date = dateField({ id: 'followup-date', value: todayIso(), label: t('journey.when'), required: true });
  const channel = h('select', { class: 'input', id: 'followup-channel', 'aria-label': t('journey.channel') }, CHANNELS.map((c) => h('option', { value: c }, t(`followup.channel.${c}`))));
  const outcome = h('select', { class: 'input', id: 'followup-outcome', 'aria-label': t('journey.outcome') }, OUTCOMES.map((c) => h('option', { value: c }, t(`followup.outcome.${c}`))));
  const member = team.length ? memberSelect('followup-member', team, owner ?? lastWho(), t('journey.whoNone'), t('journey.member')) : null;
  const note = h('input', { class: 'input', id: 'followup-note', placeholder: t('journey.notePlaceholder'), 'aria-label': t('journey.note') });
  const log = async () => {
    const on = date.check();
    if (!on) return;
    error.textContent = '';
    try {
      redraw(await api.logFollowup(id, member?.value ?? '', on, channel.value, outcome.value, note.value));
    } catch (e) { error.textContent = e.message; }
  };
  note.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.isComposing) log(); });
  return h('div', { class: 'followup-form', id: 'followup-form' },
    date.node, channel, outcome, member, note,
    h('button', { class: 'btn btn-primary btn-small', id: 'followup-log', onclick: log }, t('journey.log')),
    date.error);
}

/** 合并记录: each merge this lead took part in, newest first, with 拆分 where it can be split and
 *  a link to the other lead once it is a lead of its own again. */
function mergeList(merges, splitMerge, open) {
  const state = (m) => {
    if (m.split_at) {
      return [h('span', { class: 'muted' }, t('journey.splitAt', { when: when(m.split_at) })),
        open ? h('button', { class: 'link', id: `journey-merge-open-${m.id}`, onclick: () => open(m.other_id) }, t('journey.openOther', { name: m.other_name || t('leads.noName') })) : null];
    }
    if (m.can_split) return h('button', { class: 'btn btn-small', id: `journey-split-${m.id}`, onclick: () => splitMerge(m) }, t('journey.split'));
    return h('span', { class: 'muted', title: t('journey.splitLaterTitle') }, t('journey.splitLater'));
  };
  return h('section', { id: 'journey-merges' },
    h('h3', {}, t('journey.merges')),
    merges.length ? h('ol', { class: 'history merge-history', id: 'journey-merge-list' }, merges.map((m) => h('li', { dataset: { id: String(m.id) }, class: m.split_at ? 'merge-split' : undefined },
      h('time', {}, when(m.merged_at)),
      h('span', { class: 'merge-sentence' }, m.sentence),
      h('span', { class: 'merge-state' }, state(m)))))
      : h('p', { class: 'muted', id: 'journey-merges-empty' }, t('journey.noMerges')));
}
