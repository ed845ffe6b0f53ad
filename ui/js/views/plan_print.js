// 打印计划: the annual plan leadership signs, printed through the system dialog. The pages are
// the PDF's own (typeset once, by the CLI shipped with the app, as SVG): window print and 导出
// PDF give the same document — charts, page numbers, the plan's name and version in the footer.
import { api } from '../api.js';
import { h, svg } from '../dom.js';

export async function printPlan(ctx) {
  await printPages(() => api.planPages(), ctx);
}

/** Event briefs, one A4 page each, typeset as the plan is. */
export async function printEventBriefs(ids, ctx) {
  await printPages(() => api.eventBriefPages(ids), ctx);
}

/** The monthly marketing report (月报) of `period` (yyyy-mm) under an attribution model. */
export async function printMarketingReport(period, model, ctx) {
  await printPages(() => api.marketingReportPages(period, model), ctx);
}

async function printPages(load, ctx) {
  try {
    const pages = await load();
    document.getElementById('print-root').replaceChildren(
      ...pages.map((page, i) => h('div', { class: 'print-page', dataset: { page: String(i + 1) } }, svg(page))));
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
