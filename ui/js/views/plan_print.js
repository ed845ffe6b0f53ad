// 打印计划: the annual plan as the A4 document leadership signs — cover, summary, channel split,
// quarters, regions, forecast, every tactic's brief, sign-off — laid out in #print-root and sent
// to the system print dialog. The same document the PDF export typesets, from the same Rust data.
import { api } from '../api.js';
import { h, svg } from '../dom.js';

export async function printPlan(ctx) {
  try {
    const [doc, overview] = await Promise.all([api.planDocument(), api.budget()]);
    document.getElementById('print-root').replaceChildren(...renderPlan(doc, overview));
    document.body.classList.add('print-plan');
    await api.print();
  } catch (e) {
    ctx.notify(e);
  }
}

/** Printing anything else (events, leads…) prints the screen again. */
export function printScreenNext() {
  document.body.classList.remove('print-plan');
}

function docTable(tbl, id) {
  const numeric = (i) => (i > 0 ? 'num' : undefined);
  return [
    h('table', { class: 'doc-table', id },
      h('thead', {}, h('tr', {}, tbl.head.map((c, i) => h('th', { class: numeric(i) }, c)))),
      h('tbody', {},
        tbl.rows.map((row) => h('tr', {}, row.map((c, i) => h('td', { class: numeric(i) }, c)))),
        tbl.total ? h('tr', { class: 'total' }, tbl.total.map((c, i) => h('td', { class: numeric(i) }, c))) : null)),
    tbl.note ? h('p', { class: 'doc-note' }, tbl.note) : null,
  ];
}

function renderPlan(doc, overview) {
  const l = doc.labels;
  const facts = [
    [l.fiscal_year, String(doc.year)], [l.stage, doc.stage], [l.emphasis, doc.emphasis],
    [l.version, String(doc.version)], [l.date, doc.date],
  ];
  const cover = h('section', { class: 'doc-cover' },
    h('div', { class: 'doc-company' }, doc.company),
    h('div', { class: 'doc-title' }, doc.title),
    h('div', { class: 'doc-total' }, `${l.total} ${doc.total}（${doc.total_wan}）`),
    h('dl', {}, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  const summary = h('section', { class: 'doc-section' },
    h('h1', {}, l.summary),
    h('ul', {}, doc.summary.map((s) => h('li', {}, s))),
    h('h2', {}, l.channel_split),
    h('figure', { class: 'doc-chart' }, svg(overview.chart_svg)),
    h('p', { class: 'doc-note' }, l.chart_note),
    docTable(doc.channel_table, 'print-channels'),
    doc.breaches.length
      ? [h('h2', {}, l.guardrails), h('ul', { class: 'doc-breaches' }, doc.breaches.map((b) => h('li', { class: b.warning ? 'warning' : undefined }, b.message)))]
      : null);
  const quarters = h('section', { class: 'doc-section' },
    h('h1', {}, l.by_quarter),
    h('figure', { class: 'doc-chart' }, svg(overview.quarter_chart_svg)),
    docTable(doc.quarters, 'print-quarters'),
    doc.regions.rows.length ? [h('h1', {}, l.by_region), ...docTable(doc.regions, 'print-regions')] : null);
  const roi = h('section', { class: 'doc-section' },
    h('h1', {}, l.roi),
    h('figure', { class: 'doc-chart' }, svg(overview.roi_chart_svg)),
    docTable(doc.roi, 'print-roi'),
    h('p', { class: 'doc-note' }, l.roi_note));
  const tactics = h('section', { class: 'doc-section' },
    h('h1', {}, l.tactics),
    doc.tactics.map((tac) => h('div', { class: 'doc-tactic' },
      h('div', { class: 'doc-tactic-head' }, h('span', {}, tac.name), h('span', {}, tac.planned)),
      h('div', { class: 'doc-tactic-meta' },
        [tac.channel, tac.quarter, tac.region, `${l.owner} ${tac.owner}`, `${l.expected_leads} ${tac.leads}`].filter(Boolean).join(' · ')),
      h('dl', {}, [
        [l.problem, tac.problem], [l.expected_result, tac.expected_result], [l.kpi, tac.kpi], [l.people, tac.people],
      ].filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])))));
  const signoff = h('section', { class: 'doc-signoff' },
    h('h2', {}, l.signoff),
    h('div', { class: 'doc-sign' },
      [l.prepared_by, l.sign_date, l.approved_by, l.sign_date].map((label) => h('div', {}, label))),
    h('p', { class: 'doc-note' }, doc.footer));
  return [cover, summary, quarters, roi, tactics, signoff];
}
