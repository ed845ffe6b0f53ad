// Every string the UI shows, in one table. zh-CN is the default; en must be complete
// (a test checks that both languages have the same keys).

export const STRINGS = {
  'zh-CN': {
    'app.name': '市场部工作台',
    'nav.budget': '预算', 'nav.events': '活动', 'nav.leads': '线索', 'nav.reports': '报表',
    'top.workspace': '工作区', 'top.import': '导入', 'top.print': '打印',
    'ws.open': '打开工作区…', 'ws.new': '新建工作区…', 'ws.saveAs': '另存为…',
    'ws.switched': '已切换到工作区“{name}”。',
    'ws.migrated': '工作区已从数据版本 {from} 升级，升级前的文件已备份为 {backup}。',
    'drop.release': '松开以导入',
    'common.loading': '加载中…', 'common.save': '保存', 'common.cancel': '取消', 'common.edit': '修改',
    'common.dismiss': '关闭', 'common.none': '—', 'common.delete': '删除', 'common.undo': '撤销',
    'budget.exportPdf': '导出 PDF', 'budget.exportXlsx': '导出 Excel', 'budget.exported': '已导出到 {path}',
        'tracking.title': '执行跟踪', 'tracking.hint': '登记已签合同（承诺）和已付款（支付）；剩余 = 计划 − 承诺与支付中较大的一项。',
    'tracking.tactic': '预算项', 'tracking.chooseTactic': '选择预算项…', 'tracking.kind': '类型', 'tracking.committed': '已承诺',
    'tracking.actual': '已支付', 'tracking.amount': '金额', 'tracking.vendor': '供应商', 'tracking.book': '登记',
    'tracking.planned': '计划', 'tracking.remaining': '剩余',
        'scenario.title': '方案对比', 'scenario.hint': '复制当前计划并做一处调整，逐渠道对比；采用后成为计划的新版本，原方案保留。',
    'scenario.name': '方案名称', 'scenario.namePlaceholder': '方案名称（可选）', 'scenario.kind': '调整方式',
    'scenario.scale': '总预算增减', 'scenario.move': '调整渠道占比', 'scenario.percent': '增减百分比',
    'scenario.from': '从', 'scenario.to': '移出到', 'scenario.points': '百分点', 'scenario.pointsUnit': '个百分点',
    'scenario.create': '生成方案', 'scenario.adopt': '采用此方案', 'scenario.none': '还没有方案。',
    'scenario.current': '当前计划', 'scenario.scenario': '方案', 'scenario.delta': '差额',
        'budget.quarterChart': '季度安排（按预算项所在季度）',
    'budget.addTactic': '新增预算项', 'budget.chooseChannel': '选择渠道…', 'budget.deleted': '已删除预算项“{name}”。',
    'budget.tacticsHint': '点击或按回车编辑一行，回车保存，Esc 取消；↑↓ 切换行，Delete 删除，Ctrl+Z 撤销删除。',
    'budget.title': '预算',
    'budget.summary': '已分配 {allocated} / {total} · 未分配 {unallocated}',
    'budget.warnings': '{n} 条提醒', 'budget.guardrails': '预算提醒', 'budget.allGood': '计划符合所有规则，预算已全部落到预算项。',
    'budget.total': '总预算', 'budget.year': '财年', 'budget.stage': '公司阶段', 'budget.emphasis': '侧重',
    'budget.totalHint': '输入金额，例如 200万 或 2,000,000；回车保存，Esc 取消。',
    'budget.chart': '渠道占比', 'budget.channels': '渠道预算', 'budget.tactics': '预算项',
    'budget.empty.title': '还没有预算计划',
    'budget.empty.body': '选择模板、公司阶段和侧重，输入今年的总预算，Marketdesk 会按模板分配到各渠道（默认模板：线下活动 70%、联盟/协会 10%、基础物料 10%，其余给线上推广、榜单/白皮书与社群），之后可以逐项调整。',
    'budget.empty.create': '用默认模板新建',
    'budget.empty.placeholder': '例如 200万',
    'quarter.all': '全年',
    'template.label': '模板', 'template.seed_default': '默认模板（线下活动约 70%）',
    'template.three_blocks': '三大板块（产品营销/品牌公关/商机管理）', 'template.four_teams': '四个团队（PR/场景/数字/SDR）',
    'template.empty': '空白',
    'stage.label': '公司阶段', 'stage.startup': '初创', 'stage.growth': '成长', 'stage.mature': '成熟', 'stage.declining': '下滑',
    'emphasis.label': '侧重', 'emphasis.demand': '获客', 'emphasis.brand': '品牌', 'emphasis.balanced': '均衡',
    'col.channel': '渠道', 'col.share': '占比', 'col.budget': '预算', 'col.inTactics': '已列预算项', 'col.count': '项数',
    'col.name': '名称', 'col.owner': '负责人', 'col.region': '区域', 'col.quarter': '季度', 'col.planned': '计划金额',
    'col.expectedLeads': '预期线索',
    'col.date': '日期', 'col.event': '活动', 'col.type': '类型', 'col.organiser': '主办方', 'col.city': '城市',
    'col.cost': '费用', 'col.target': '目标人数', 'col.people': '名单人数', 'col.present': '到场', 'col.noShow': '未到场',
    'col.costPerPresent': '人均成本',
    'col.person': '姓名', 'col.mobile': '手机', 'col.email': '邮箱', 'col.company': '公司', 'col.title': '职位',
    'col.events': '活动数', 'col.latestEvent': '最近活动',
    'col.leads': '线索', 'col.rate': '到场率', 'col.cpl': '单条线索成本', 'col.forecastCpl': '预测单条线索成本',
    'col.file': '文件', 'col.kind': '识别结果', 'col.size': '大小', 'col.status': '状态',
    'events.title': '活动',
    'events.summary': '共 {n} 场活动 · 总费用 {cost} · 到场 {present} 人',
    'events.empty.title': '还没有活动',
    'events.empty.body': '活动的录入与评估将在后续版本提供。现在可以把主办方的报名表、签到表拖到窗口中，先确认文件能被识别。',
    'leads.title': '线索',
    'leads.summary': '共 {n} 条线索',
    'leads.search': '按姓名、手机号或公司的开头搜索',
    'leads.page': '第 {from}–{to} 条，共 {total} 条',
    'leads.prev': '上一页', 'leads.next': '下一页',
    'leads.empty.title': '还没有线索',
    'leads.empty.body': '把活动报名表或签到表拖到窗口中，或点击右上角的“导入”。',
    'leads.noMatch': '没有以“{q}”开头的线索。',
    'reports.title': '报表',
    'reports.summary': '活动总费用 {cost} · 线索 {leads} 条 · 平均每条线索 {cpl}',
    'reports.events': '活动效果', 'reports.channels': '渠道预测（按预算项的预期线索）',
    'reports.empty.title': '还没有可以汇总的数据',
    'reports.empty.body': '有了预算项和活动之后，这里会显示每场活动的成本与线索，以及各渠道的预测获客成本。',
    'import.title': '导入文件',
    'import.checking': '正在识别文件… {done}/{total}',
    'import.cancel': '取消', 'import.close': '关闭',
    'import.ok': '可以导入', 'import.notSheet': '不是可导入的表格',
    'import.next': '已识别文件类型。表格导入（表头识别、字段映射、预览与合并）将在下一版本提供。',
    'import.none': '没有选择文件。',
  },
  en: {
    'app.name': 'Marketdesk',
    'nav.budget': 'Budget', 'nav.events': 'Events', 'nav.leads': 'Leads', 'nav.reports': 'Reports',
    'top.workspace': 'Workspace', 'top.import': 'Import', 'top.print': 'Print',
    'ws.open': 'Open workspace…', 'ws.new': 'New workspace…', 'ws.saveAs': 'Save as…',
    'ws.switched': 'Switched to workspace “{name}”.',
    'ws.migrated': 'The workspace was upgraded from data version {from}; the file as it was is backed up as {backup}.',
    'drop.release': 'Release to import',
    'common.loading': 'Loading…', 'common.save': 'Save', 'common.cancel': 'Cancel', 'common.edit': 'Edit',
    'common.dismiss': 'Dismiss', 'common.none': '—', 'common.delete': 'Delete', 'common.undo': 'Undo',
    'budget.exportPdf': 'Export PDF', 'budget.exportXlsx': 'Export to Excel', 'budget.exported': 'Exported to {path}',
        'tracking.title': 'Spend tracking', 'tracking.hint': 'Book signed contracts (committed) and payments (paid); remaining = plan − the larger of committed and paid.',
    'tracking.tactic': 'Tactic', 'tracking.chooseTactic': 'Choose a tactic…', 'tracking.kind': 'Kind', 'tracking.committed': 'Committed',
    'tracking.actual': 'Paid', 'tracking.amount': 'Amount', 'tracking.vendor': 'Vendor', 'tracking.book': 'Book',
    'tracking.planned': 'Planned', 'tracking.remaining': 'Remaining',
        'scenario.title': 'Scenarios', 'scenario.hint': 'Copy the current plan with one change and compare channel by channel; adopting one makes it the plan\'s next version and keeps the scenario.',
    'scenario.name': 'Scenario name', 'scenario.namePlaceholder': 'Scenario name (optional)', 'scenario.kind': 'Change',
    'scenario.scale': 'Change the total', 'scenario.move': 'Move share', 'scenario.percent': 'Percent change',
    'scenario.from': 'from', 'scenario.to': 'to', 'scenario.points': 'Points', 'scenario.pointsUnit': 'points',
    'scenario.create': 'Make scenario', 'scenario.adopt': 'Adopt', 'scenario.none': 'No scenarios yet.',
    'scenario.current': 'Current plan', 'scenario.scenario': 'Scenario', 'scenario.delta': 'Difference',
        'budget.quarterChart': 'By quarter (where the tactics fall)',
    'budget.addTactic': 'Add tactic', 'budget.chooseChannel': 'Choose a channel…', 'budget.deleted': 'Deleted the tactic “{name}”.',
    'budget.tacticsHint': 'Click or press Enter to edit a row; Enter saves, Esc cancels; ↑↓ move, Delete removes, Ctrl+Z undoes a deletion.',
    'budget.title': 'Budget',
    'budget.summary': 'Allocated {allocated} of {total} · Unallocated {unallocated}',
    'budget.warnings': '{n} warnings', 'budget.guardrails': 'Plan checks', 'budget.allGood': 'The plan keeps all its rules and every yuan is in a tactic.',
    'budget.total': 'Total budget', 'budget.year': 'Fiscal year', 'budget.stage': 'Company stage', 'budget.emphasis': 'Emphasis',
    'budget.totalHint': 'Type an amount such as 2,000,000 or 200万; Enter saves, Esc cancels.',
    'budget.chart': 'Channel shares', 'budget.channels': 'Channel budgets', 'budget.tactics': 'Tactics',
    'budget.empty.title': 'No budget plan yet',
    'budget.empty.body': 'Choose a template, the company\'s stage and emphasis, enter this year\'s total, and Marketdesk splits it across channels by the template (default: offline events 70%, associations 10%, collateral 10%, the rest to online, reports and community); adjust each line afterwards.',
    'budget.empty.create': 'Create from the default template',
    'budget.empty.placeholder': 'e.g. 2,000,000',
    'quarter.all': 'All year',
    'template.label': 'Template', 'template.seed_default': 'Default (offline events ≈70%)',
    'template.three_blocks': 'Three blocks (product, brand & PR, demand)', 'template.four_teams': 'Four teams (PR, scene, digital, SDR)',
    'template.empty': 'Empty',
    'stage.label': 'Company stage', 'stage.startup': 'Startup', 'stage.growth': 'Growth', 'stage.mature': 'Mature', 'stage.declining': 'Declining',
    'emphasis.label': 'Emphasis', 'emphasis.demand': 'Demand', 'emphasis.brand': 'Brand', 'emphasis.balanced': 'Balanced',
    'col.channel': 'Channel', 'col.share': 'Share', 'col.budget': 'Budget', 'col.inTactics': 'In tactics', 'col.count': 'Tactics',
    'col.name': 'Name', 'col.owner': 'Owner', 'col.region': 'Region', 'col.quarter': 'Quarter', 'col.planned': 'Planned',
    'col.expectedLeads': 'Expected leads',
    'col.date': 'Date', 'col.event': 'Event', 'col.type': 'Type', 'col.organiser': 'Organiser', 'col.city': 'City',
    'col.cost': 'Cost', 'col.target': 'Target', 'col.people': 'On lists', 'col.present': 'Present', 'col.noShow': 'No-show',
    'col.costPerPresent': 'Cost per attendee',
    'col.person': 'Name', 'col.mobile': 'Mobile', 'col.email': 'Email', 'col.company': 'Company', 'col.title': 'Title',
    'col.events': 'Events', 'col.latestEvent': 'Latest event',
    'col.leads': 'Leads', 'col.rate': 'Turnout', 'col.cpl': 'Cost per lead', 'col.forecastCpl': 'Forecast cost per lead',
    'col.file': 'File', 'col.kind': 'Detected as', 'col.size': 'Size', 'col.status': 'Status',
    'events.title': 'Events',
    'events.summary': '{n} events · total cost {cost} · {present} attended',
    'events.empty.title': 'No events yet',
    'events.empty.body': 'Entering and rating events arrives in a later version. For now, drag organisers\' registration or check-in sheets onto the window to check that they are recognised.',
    'leads.title': 'Leads',
    'leads.summary': '{n} leads',
    'leads.search': 'Search by the start of a name, mobile or company',
    'leads.page': '{from}–{to} of {total}',
    'leads.prev': 'Previous', 'leads.next': 'Next',
    'leads.empty.title': 'No leads yet',
    'leads.empty.body': 'Drag event registration or check-in sheets onto the window, or click Import at the top right.',
    'leads.noMatch': 'No leads start with “{q}”.',
    'reports.title': 'Reports',
    'reports.summary': 'Event spend {cost} · {leads} leads · {cpl} per lead',
    'reports.events': 'Event results', 'reports.channels': 'Channel forecast (from tactics\' expected leads)',
    'reports.empty.title': 'Nothing to report yet',
    'reports.empty.body': 'Once there are tactics and events, this shows each event\'s cost and leads and each channel\'s forecast cost per lead.',
    'import.title': 'Import files',
    'import.checking': 'Checking files… {done}/{total}',
    'import.cancel': 'Cancel', 'import.close': 'Close',
    'import.ok': 'Can be imported', 'import.notSheet': 'Not an importable sheet',
    'import.next': 'File types recognised. Importing sheets (header detection, column mapping, preview and merge) arrives in the next version.',
    'import.none': 'No files were chosen.',
  },
};

let current = 'zh-CN';

export function setLang(lang) {
  current = STRINGS[lang] ? lang : 'zh-CN';
  document.documentElement.lang = current;
}

export function lang() {
  return current;
}

/** Looks up a string and fills {placeholders}; a missing key shows the key, visibly. */
export function t(key, params = {}) {
  const text = STRINGS[current][key] ?? STRINGS['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Re-labels static markup that carries a data-i18n attribute. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

const counts = {};
/** Counts formatted for the current language (thousands separators). */
export function count(n) {
  counts[current] ??= new Intl.NumberFormat(current);
  return counts[current].format(n);
}
