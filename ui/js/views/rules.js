// 规则与渠道: the plan's guardrails (channel, bound, tolerance, why) and its channels (add one of
// your own, rename, remove an empty one).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, chip } from '../dom.js';
import { editList, textInput, selectInput } from '../edit_list.js';
import { rememberUndo, undoLast } from '../undo.js';

const KINDS = ['about', 'at_most', 'at_least'];

export function rulesPanel(data, redraw, ctx) {
  return [guardrailCard(data, redraw, ctx), channelCard(data, redraw, ctx)];
}

function guardrailCard(data, redraw, ctx) {
  const channelOptions = data.channels.map((c) => [c.code, c.name]);
  const { table, addButton } = editList({
    id: 'guardrail-table',
    rowKey: (g) => g.id,
    rows: data.guardrails,
    addLabel: t('rules.addRule'),
    emptyText: t('rules.empty'),
    columns: [
      {
        label: t('col.channel'), field: 'channel_code',
        view: (g) => (g.channel_name ? g.channel_name : h('span', { class: 'muted' }, t('rules.noChannel', { code: g.channel_code }))),
        input: (g) => selectInput('channel_code', channelOptions, g?.channel_code ?? channelOptions[0]?.[0], { 'aria-label': t('col.channel') }),
      },
      {
        label: t('rules.kind'), field: 'kind', view: (g) => t(`rules.kind.${g.kind}`),
        input: (g) => selectInput('kind', KINDS.map((k) => [k, t(`rules.kind.${k}`)]), g?.kind ?? 'about', { 'aria-label': t('rules.kind') }),
      },
      {
        label: t('rules.target'), num: true, field: 'target', view: (g) => `${g.target}%`,
        input: (g) => textInput('target', g?.target, { class: 'input num', inputmode: 'decimal', 'aria-label': t('rules.target') }),
      },
      {
        label: t('rules.tolerance'), num: true, field: 'tolerance', view: (g) => (g.kind === 'about' ? `±${g.tolerance}%` : '—'),
        input: (g) => textInput('tolerance', g?.tolerance ?? '5', { class: 'input num', inputmode: 'decimal', 'aria-label': t('rules.tolerance') }),
      },
      {
        label: t('rules.now'), num: true,
        view: (g) => (g ? h('span', { class: g.kept ? 'status-ok' : 'status-warn' }, g.actual || '—') : ''),
      },
      {
        label: t('rules.message'), field: 'message',
        view: (g) => g.message || h('span', { class: 'muted' }, g.built_in_message),
        input: (g) => textInput('message', g?.message, { placeholder: g?.built_in_message || t('rules.messageHint'), 'aria-label': t('rules.message') }),
      },
    ],
    save: async (g, values) => redraw(await api.saveGuardrail(g ? g.id : null, values)),
    remove: async (g) => {
      try {
        const { overview, removed } = await api.deleteGuardrail(g.id);
        rememberUndo(() => api.restoreGuardrail(removed));
        redraw(overview);
        ctx.notify(t('rules.ruleDeleted', { rule: `${g.channel_name} ${g.rule}` }), 'info', { label: t('common.undo'), run: undoLast });
      } catch (e) {
        ctx.notify(e);
      }
    },
  });
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('rules.title')), addButton),
    h('p', { class: 'field-hint' }, t('rules.hint')),
    table);
}

function channelCard(data, redraw, ctx) {
  const { table, addButton } = editList({
    id: 'channel-admin-table',
    rowKey: (c) => c.id,
    rows: data.channels,
    addLabel: t('rules.addChannel'),
    emptyText: t('rules.channelsEmpty'),
    canRemove: (c) => c.tactic_count === 0,
    columns: [
      {
        label: t('col.channel'), field: 'name', view: (c) => chip(c.color, c.name),
        input: (c) => textInput('name', c?.name, { 'aria-label': t('col.channel') }),
      },
      {
        label: t('col.share'), num: true, field: 'share', view: (c) => c.share,
        // Shares are edited on the overview (checked against the whole); a new channel may start with one.
        input: (c) => (c ? null : textInput('share', '0', { class: 'input num', inputmode: 'decimal', 'aria-label': t('col.share') })),
      },
      { label: t('col.count'), num: true, view: (c) => (c ? String(c.tactic_count) : '') },
      { label: t('rules.origin'), view: (c) => (c ? t(c.custom ? 'rules.custom' : 'rules.seed') : '') },
    ],
    save: async (c, values) => redraw(c ? await api.renameChannel(c.id, values.name) : await api.addChannel(values)),
    remove: async (c) => {
      try {
        redraw(await api.deleteChannel(c.id));
        ctx.notify(t('rules.channelDeleted', { name: c.name }), 'info');
      } catch (e) {
        ctx.notify(e);
      }
    },
  });
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, t('rules.channels')), addButton),
    h('p', { class: 'field-hint' }, t('rules.channelsHint')),
    table);
}
