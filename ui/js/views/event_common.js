// Small pieces the 活动 views share: the event kinds, tags for a recommendation and a status,
// a score bar, money that may not be entered, and a labelled form field.
import { t, lang, count } from '../i18n.js';
import { h } from '../dom.js';

/** The kinds, in the order the form offers them (codes as the backend knows them). */
export const KINDS = ['summit', 'forum', 'salon', 'self_hosted', 'self_hosted_salon', 'training', 'expo', 'webinar'];

/** Buying-centre functions and seniority levels, as the draft names them. */
export const DEPARTMENTS = ['business', 'technology', 'compliance_risk', 'procurement', 'finance', 'other'];
export const SENIORITY = ['c_level', 'vp_director', 'manager', 'staff'];

/** How a recommendation reads at a glance: go, think twice, or no. */
const REC_TONE = {
  strong: 'good', active: 'good',
  occasional: 'warn', once_per_year: 'warn', brand_exposure: 'warn',
  not_recommended: 'bad',
};

export function recTag(summary) {
  if (!summary) return h('span', { class: 'muted' }, t('common.none'));
  const tone = REC_TONE[summary.recommendation] ?? 'warn';
  return h('span', { class: `tag rec rec-${tone}`, dataset: { rec: summary.recommendation } }, summary.recommendation_label);
}

export function statusTag(event) {
  return h('span', { class: `tag status-tag status-${event.status}`, dataset: { status: event.status } }, event.status_label);
}

/** A 0–100 score as a number with a thin bar under it (the number carries it in greyscale). */
export function scoreBar(value, max = 100, label = null) {
  const bar = h('span', { class: 'score-bar-fill' });
  bar.style.width = `${Math.max(0, Math.min(100, (value / (max || 1)) * 100))}%`;
  return h('span', { class: 'score-bar', title: label ?? undefined },
    h('span', { class: 'score-bar-value' }, formatOne(value)),
    h('span', { class: 'score-bar-track', 'aria-hidden': 'true' }, bar));
}

/** One decimal, as the backend rounds scores; 80 stays 80.0 so columns line up. */
export function formatOne(x) {
  return x == null ? t('common.none') : Number(x).toFixed(1);
}

/** Money that may never have been entered: a cost left blank is not ¥0. */
export function moneyOr(m, fallback = t('common.notEntered')) {
  return m ? m.yuan : h('span', { class: 'muted' }, fallback);
}

/** A labelled form field: the label, the control, its hint and the sentence when it is wrong. */
export function field(labelText, control, { hint, error, wide, id } = {}) {
  return h('div', { class: `field${wide ? ' field-wide' : ''}` },
    h('label', { class: 'field-label', for: id ?? control.id }, labelText),
    control,
    error ?? null,
    hint instanceof Node ? hint : hint ? h('div', { class: 'field-hint' }, hint) : null);
}

/** A back link at the top of a page inside the section. */
export function backLink(onclick, text = t('events.back')) {
  return h('button', { class: 'link back-link', id: 'event-back', onclick }, `← ${text}`);
}

/** A dialog that closes on Esc and removes itself; `onClose` runs once, however it closes. */
export function modal(id, className, onClose) {
  const dialog = h('dialog', { class: `dialog ${className}`, id, 'aria-labelledby': `${id}-title` });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    dialog.close();
    dialog.remove();
    onClose?.();
  };
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  return { dialog, close };
}

/** Money in few characters: 8.00万 in Chinese, ¥80,000 in English. */
export function shortMoney(m) {
  return lang() === 'en' ? `¥${count(Math.round(Number(m.fen) / 100))}` : m.wan;
}
