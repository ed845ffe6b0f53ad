//! The demo workspace a first run opens on: this year's plan on the seed template, a year of
//! events of every type, and a few hundred leads linked to them. Deterministic, so screenshots and
//! tests see the same data every time.

use chrono::{Datelike, NaiveDate};
use marketdesk_core::events::{Audience, Calibration, DepartmentShare, Package, SeniorityMix};
use marketdesk_core::{
    Attendance, ChannelKind, CompanyStage, Emphasis, EventInputs, EventKind, EventStatus, Function,
    Lang, Money, Scorecard, Share,
};
use rusqlite::{params, OptionalExtension};

use crate::error::{Result, SqlContext};
use crate::events::{Forecast, NewEvent};
use crate::open::now_iso;
use crate::Store;

pub const DEMO_TOTAL_YUAN: i64 = 2_000_000;
pub const DEMO_LEADS: usize = 320;
/// Revenue the demo expects per deal where a tactic's brief does not say otherwise.
const DEMO_DEAL_YUAN: i64 = 300_000;

/// (region, last year's marketing contribution, this year's commitment), in yuan. The
/// commitments ask for a little more than the total, as regions do.
const REGIONS: &[(&str, i64, i64)] = &[
    ("华东", 3_200_000, 750_000),
    ("华北", 2_400_000, 520_000),
    ("华南", 1_600_000, 480_000),
    ("西南", 800_000, 300_000),
];

/// (tactic, month, day, kind, yuan, vendor, note): what a year of bookings looks like by
/// November. Entries after the demo's "today" are left out.
const SPEND: &[(&str, u32, u32, &str, i64, &str, &str)] = &[
    (
        "银行数字化转型论坛赞助",
        1,
        15,
        "committed",
        80_000,
        "某财经传媒",
        "赞助合同",
    ),
    (
        "银行数字化转型论坛赞助",
        3,
        20,
        "actual",
        80_000,
        "某财经传媒",
        "全款",
    ),
    (
        "金融科技峰会赞助（演讲+展台）",
        3,
        2,
        "committed",
        300_000,
        "峰会主办方",
        "铂金赞助合同",
    ),
    (
        "金融科技峰会赞助（演讲+展台）",
        4,
        10,
        "actual",
        150_000,
        "峰会主办方",
        "首付 50%",
    ),
    (
        "金融科技峰会赞助（演讲+展台）",
        6,
        18,
        "actual",
        150_000,
        "峰会主办方",
        "尾款",
    ),
    (
        "上半年客户大会（自办）",
        5,
        8,
        "actual",
        168_000,
        "会务公司",
        "场地+搭建，超支",
    ),
    (
        "区域沙龙（6 场）",
        4,
        25,
        "actual",
        24_000,
        "酒店",
        "上海场",
    ),
    (
        "区域沙龙（6 场）",
        7,
        12,
        "actual",
        26_000,
        "酒店",
        "杭州场",
    ),
    (
        "区域沙龙（6 场）",
        10,
        16,
        "actual",
        25_000,
        "酒店",
        "南京场",
    ),
    (
        "国际金融展展位",
        6,
        30,
        "committed",
        120_000,
        "展会主办方",
        "标摊 36㎡",
    ),
    ("国际金融展展位", 8, 28, "actual", 120_000, "展会主办方", ""),
    (
        "垂直媒体研讨会赞助（3 场）",
        7,
        1,
        "committed",
        180_000,
        "垂直媒体",
        "三场打包",
    ),
    (
        "垂直媒体研讨会赞助（3 场）",
        9,
        5,
        "actual",
        60_000,
        "垂直媒体",
        "第一场",
    ),
    (
        "百度/搜狗/头条 SEM",
        3,
        31,
        "actual",
        24_000,
        "代理商",
        "Q1 充值",
    ),
    (
        "百度/搜狗/头条 SEM",
        6,
        30,
        "actual",
        26_000,
        "代理商",
        "Q2 充值",
    ),
    (
        "百度/搜狗/头条 SEM",
        9,
        30,
        "actual",
        25_000,
        "代理商",
        "Q3 充值",
    ),
    (
        "行业白皮书联合发布",
        8,
        20,
        "committed",
        40_000,
        "研究机构",
        "联合白皮书",
    ),
];

/// (channel, name, owner, region, quarter, yuan, expected leads)
type DemoTactic = (
    ChannelKind,
    &'static str,
    &'static str,
    &'static str,
    Option<u8>,
    i64,
    i64,
);
/// (name, kind, organiser, city, month, day, yuan, target attendance)
type DemoEvent = (
    &'static str,
    EventKind,
    &'static str,
    &'static str,
    u32,
    u32,
    i64,
    i64,
);

const TACTICS: &[DemoTactic] = &[
    (
        ChannelKind::OfflineEvents,
        "金融科技峰会赞助（演讲+展台）",
        "王磊",
        "全国",
        Some(2),
        300_000,
        120,
    ),
    (
        ChannelKind::OfflineEvents,
        "银行数字化转型论坛赞助",
        "王磊",
        "华北",
        Some(1),
        80_000,
        60,
    ),
    (
        ChannelKind::OfflineEvents,
        "区域沙龙（6 场）",
        "陈静",
        "华东",
        None,
        150_000,
        90,
    ),
    (
        ChannelKind::OfflineEvents,
        "上半年客户大会（自办）",
        "王磊",
        "华南",
        Some(2),
        150_000,
        100,
    ),
    (
        ChannelKind::OfflineEvents,
        "年终客户答谢会（自办）",
        "陈静",
        "华东",
        Some(4),
        250_000,
        120,
    ),
    (
        ChannelKind::OfflineEvents,
        "国际金融展展位",
        "刘洋",
        "华北",
        Some(3),
        120_000,
        80,
    ),
    (
        ChannelKind::OfflineEvents,
        "垂直媒体研讨会赞助（3 场）",
        "刘洋",
        "全国",
        Some(3),
        180_000,
        90,
    ),
    (
        ChannelKind::OnlinePromotion,
        "百度/搜狗/头条 SEM",
        "赵敏",
        "全国",
        None,
        100_000,
        300,
    ),
    (
        ChannelKind::OnlinePromotion,
        "行业媒体软文",
        "赵敏",
        "全国",
        None,
        20_000,
        30,
    ),
    (
        ChannelKind::Rankings,
        "行业白皮书联合发布",
        "赵敏",
        "全国",
        Some(3),
        40_000,
        40,
    ),
    (
        ChannelKind::Community,
        "客户社群运营",
        "陈静",
        "全国",
        None,
        20_000,
        25,
    ),
    (
        ChannelKind::Alliances,
        "金融科技协会会费",
        "王磊",
        "全国",
        Some(1),
        100_000,
        0,
    ),
    (
        ChannelKind::Alliances,
        "信创产业联盟会费",
        "王磊",
        "全国",
        Some(1),
        50_000,
        0,
    ),
    (
        ChannelKind::Collateral,
        "客户案例集与产品手册",
        "刘洋",
        "全国",
        Some(1),
        60_000,
        0,
    ),
    (
        ChannelKind::Collateral,
        "官网改版",
        "赵敏",
        "全国",
        Some(2),
        80_000,
        20,
    ),
    (
        ChannelKind::Collateral,
        "产品宣传片",
        "刘洋",
        "全国",
        Some(3),
        60_000,
        0,
    ),
];

/// The four texts leadership asks for, and expected revenue, for the demo's main tactics:
/// (tactic name, problem, expected result, KPI, people, expected revenue in yuan).
const BRIEFS: &[(&str, &str, &str, &str, &str, i64)] = &[
    (
        "金融科技峰会赞助（演讲+展台）",
        "银行科技部门决策者不了解我们的新产品，销售约不到高层。",
        "主题演讲 + 展台，接触 120 位目标客户，其中科技/业务部门负责人不少于 30 位。",
        "有效线索 120 条、MQL 30 条、会后 30 天内拜访 10 家。",
        "市场 2 人（策划、现场），售前 1 人讲演，销售 3 人驻展台。",
        1_500_000,
    ),
    (
        "上半年客户大会（自办）",
        "老客户续约与增购缺少集中沟通的机会，标杆案例没有讲出去。",
        "邀请 120 位客户与潜客，发布 3 个标杆案例，促成增购与转介绍。",
        "到场 100 人、满意度 ≥ 90%、会后商机 15 个。",
        "市场全员 5 人，客户成功 2 人，高管 1 人致辞。",
        2_000_000,
    ),
    (
        "百度/搜狗/头条 SEM",
        "主动搜索解决方案的客户找不到我们，官网自然流量低。",
        "全年稳定获取搜索线索，单条成本控制在 ¥400 以内。",
        "线索 300 条/年、单条线索成本 ≤ ¥400、MQL 转化 ≥ 15%。",
        "市场 1 人投放优化，SDR 1 人当天跟进。",
        600_000,
    ),
    (
        "年终客户答谢会（自办）",
        "年底预算窗口期，关键客户需要一次集中的关系维护。",
        "与 40 家重点客户的决策层见面，推动次年预算立项。",
        "到场决策者 40 位、次年立项意向 10 个。",
        "市场 3 人，销售负责人全员参加。",
        1_200_000,
    ),
];

const EVENTS: &[DemoEvent] = &[
    (
        "银行数字化转型论坛",
        EventKind::Forum,
        "金融科技传媒",
        "北京",
        3,
        18,
        80_000,
        150,
    ),
    (
        "合规科技闭门沙龙",
        EventKind::Salon,
        "华东金融俱乐部",
        "杭州",
        4,
        22,
        25_000,
        40,
    ),
    (
        "上半年客户大会",
        EventKind::SelfHosted,
        "本公司",
        "深圳",
        6,
        12,
        150_000,
        120,
    ),
    (
        "金融科技峰会",
        EventKind::Summit,
        "行业峰会组委会",
        "上海",
        6,
        26,
        300_000,
        300,
    ),
    (
        "监管科技专题培训",
        EventKind::Training,
        "金融行业协会",
        "北京",
        9,
        9,
        0,
        60,
    ),
    (
        "国际金融展",
        EventKind::Expo,
        "会展集团",
        "北京",
        11,
        5,
        120_000,
        500,
    ),
];

/// The tactics of the demo plan that pay for its events.
const PAID_BY: &[(&str, &str)] = &[
    ("银行数字化转型论坛", "银行数字化转型论坛赞助"),
    ("合规科技闭门沙龙", "区域沙龙（6 场）"),
    ("上半年客户大会", "上半年客户大会（自办）"),
    ("金融科技峰会", "金融科技峰会赞助（演讲+展台）"),
];

/// What the marketer knew of a room before going: size, industries, buying-centre departments
/// (function, %), seniority (C, VP/director, manager, staff %), talk minutes, booth, roundtable,
/// attendee list, competitors' sales, organiser rating 1–5.
#[derive(Debug, Clone, Copy)]
struct Read {
    size: u32,
    industries: &'static [&'static str],
    departments: &'static [(Function, u32)],
    seniority: [u32; 4],
    talk: u32,
    booth: bool,
    roundtable: bool,
    list: bool,
    competitors: u32,
    rating: u8,
}

impl Read {
    fn inputs(&self, kind: EventKind, cost: Money) -> EventInputs {
        let pct = |n: u32| Share::from_basis_points(n * 100).unwrap_or(Share::ZERO);
        EventInputs {
            kind,
            expected_size: self.size,
            audience: Audience {
                industries: self.industries.iter().map(|s| s.to_string()).collect(),
                departments: self
                    .departments
                    .iter()
                    .map(|&(function, p)| DepartmentShare {
                        function,
                        share: pct(p),
                    })
                    .collect(),
                seniority: SeniorityMix {
                    c_level: pct(self.seniority[0]),
                    vp_director: pct(self.seniority[1]),
                    manager: pct(self.seniority[2]),
                    staff: pct(self.seniority[3]),
                },
            },
            package: Package {
                talk_minutes: self.talk,
                booth: self.booth,
                roundtable: self.roundtable,
                award: false,
                attendee_list: self.list,
            },
            cost,
            competitors: self.competitors,
            organiser_resources: self.rating,
        }
    }
}

const BANKING: &[&str] = &["银行"];
const FINANCE: &[&str] = &["银行", "证券", "保险"];
const BROAD: &[&str] = &["银行", "证券", "保险", "制造", "零售", "政务"];
const BUYING_CENTRE: &[(Function, u32)] = &[
    (Function::Business, 30),
    (Function::Technology, 25),
    (Function::ComplianceRisk, 10),
];

const fn read(size: u32, industries: &'static [&'static str], seniority: [u32; 4]) -> Read {
    Read {
        size,
        industries,
        departments: BUYING_CENTRE,
        seniority,
        talk: 30,
        booth: false,
        roundtable: false,
        list: false,
        competitors: 2,
        rating: 4,
    }
}

/// The reads of this year's events, when they were accepted.
const READS: &[(&str, Read)] = &[
    (
        "银行数字化转型论坛",
        Read {
            booth: true,
            list: true,
            ..read(150, BANKING, [10, 25, 45, 20])
        },
    ),
    (
        "合规科技闭门沙龙",
        Read {
            talk: 45,
            roundtable: true,
            competitors: 0,
            ..read(40, BANKING, [15, 30, 40, 15])
        },
    ),
    (
        "上半年客户大会",
        Read {
            talk: 240,
            competitors: 0,
            ..read(120, FINANCE, [15, 25, 40, 20])
        },
    ),
    (
        "金融科技峰会",
        Read {
            talk: 20,
            booth: true,
            competitors: 10,
            departments: &[
                (Function::Business, 20),
                (Function::Technology, 15),
                (Function::Other, 65),
            ],
            ..read(300, BROAD, [5, 15, 40, 40])
        },
    ),
];

/// Next year's offers on the marketer's desk: (name, kind, organiser, city, yuan, read).
const CANDIDATES: &[(&str, EventKind, &str, &str, i64, Read)] = &[
    (
        "银行数字化转型论坛（第二届）",
        EventKind::Forum,
        "金融科技传媒",
        "北京",
        90_000,
        Read {
            booth: true,
            list: true,
            ..read(180, BANKING, [10, 25, 45, 20])
        },
    ),
    (
        "城商行科技负责人沙龙",
        EventKind::Salon,
        "华东金融俱乐部",
        "南京",
        30_000,
        Read {
            talk: 45,
            roundtable: true,
            competitors: 0,
            departments: &[(Function::Technology, 60), (Function::Business, 20)],
            ..read(35, BANKING, [20, 40, 30, 10])
        },
    ),
    (
        "区域银行运营沙龙",
        EventKind::Salon,
        "本地会务公司",
        "成都",
        20_000,
        Read {
            competitors: 1,
            rating: 2,
            ..read(50, BANKING, [0, 8, 32, 60])
        },
    ),
    (
        "中国金融科技大会",
        EventKind::Summit,
        "行业峰会组委会",
        "上海",
        280_000,
        Read {
            talk: 20,
            booth: true,
            competitors: 12,
            departments: &[
                (Function::Business, 20),
                (Function::Technology, 15),
                (Function::Other, 65),
            ],
            ..read(800, BROAD, [5, 15, 40, 40])
        },
    ),
    (
        "数字金融博览会",
        EventKind::Expo,
        "会展集团",
        "深圳",
        150_000,
        Read {
            talk: 0,
            booth: true,
            competitors: 30,
            departments: &[],
            rating: 3,
            ..read(20_000, BROAD, [0, 0, 0, 0])
        },
    ),
    (
        "监管科技合规培训（2 小时专题）",
        EventKind::Training,
        "金融行业协会",
        "北京",
        15_000,
        Read {
            talk: 120,
            competitors: 0,
            rating: 5,
            departments: &[(Function::ComplianceRisk, 55), (Function::Technology, 20)],
            ..read(60, FINANCE, [0, 30, 50, 20])
        },
    ),
    (
        "下半年客户大会（自办）",
        EventKind::SelfHosted,
        "本公司",
        "杭州",
        160_000,
        Read {
            talk: 240,
            competitors: 0,
            ..read(150, FINANCE, [15, 25, 40, 20])
        },
    ),
    (
        "保险科技线上直播",
        EventKind::Webinar,
        "保险科技媒体",
        "线上",
        10_000,
        Read {
            talk: 40,
            competitors: 3,
            rating: 3,
            departments: &[(Function::Business, 25), (Function::Technology, 20)],
            ..read(400, &["保险"], [3, 12, 35, 50])
        },
    ),
];

/// The demo company sells to financial institutions.
fn demo_scorecard() -> Scorecard {
    Scorecard {
        target_industries: FINANCE.iter().map(|s| s.to_string()).collect(),
        ..Scorecard::default()
    }
}

fn forecast(inputs: &EventInputs, card: &Scorecard) -> Forecast {
    Forecast::of(&marketdesk_core::events::score(
        inputs,
        card,
        Calibration::NONE,
    ))
}

/// Candidates fall in the weeks ahead, a few days apart, within the plan's year.
fn candidate_date(today: NaiveDate, offset: usize) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(today.year(), 12, 28).unwrap_or(today);
    let first = (today + chrono::Days::new(7)).min(last);
    let span = (last - first).num_days().max(0) as u64;
    let step = span / CANDIDATES.len() as u64;
    first + chrono::Days::new(step * offset as u64)
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建华", "婷", "晨", "宇", "浩", "子涵", "欣怡", "思远", "嘉怡",
    "文博",
];
/// (company, email domain)
const COMPANIES: &[(&str, &str)] = &[
    ("招商银行股份有限公司", "cmb-demo.cn"),
    ("宁波银行", "nbbank-demo.cn"),
    ("江苏银行股份有限公司", "jsbank-demo.cn"),
    ("中信证券", "citics-demo.cn"),
    ("华泰证券股份有限公司", "htsc-demo.cn"),
    ("泰康人寿保险有限责任公司", "taikang-demo.cn"),
    ("上海农商银行", "srcb-demo.cn"),
    ("杭州银行", "hzbank-demo.cn"),
    ("国泰君安证券", "gtja-demo.cn"),
    ("平安产险", "pingan-demo.cn"),
    ("兴业消费金融", "cib-demo.cn"),
    ("北京银行", "bob-demo.cn"),
];
const DEPARTMENTS: &[&str] = &[
    "信息科技部",
    "合规部",
    "风险管理部",
    "采购部",
    "零售业务部",
    "财务部",
    "办公室",
    "数据管理部",
];
const TITLES: &[&str] = &[
    "总经理",
    "副总经理",
    "总监",
    "部门经理",
    "高级经理",
    "经理",
    "主管",
    "专员",
    "架构师",
    "工程师",
];
const CITIES: &[&str] = &[
    "北京", "上海", "深圳", "杭州", "南京", "成都", "广州", "武汉",
];

/// A small deterministic generator (SplitMix64): the demo must not change between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fills an empty workspace with the demo company, `today`'s year plan, events and leads, in one
/// transaction. Events before `today` have check-in results; later ones only registrations.
/// What the demo company spent per channel last year, as a marketer would type it in.
const LAST_YEAR: [(&str, i64); 6] = [
    ("offline_events", 1_250_000),
    ("online_promotion", 90_000),
    ("rankings", 30_000),
    ("community", 20_000),
    ("alliances", 180_000),
    ("collateral", 150_000),
];

pub fn seed_demo(store: &mut Store, today: NaiveDate, lang: Lang) -> Result<()> {
    let year = today.year();
    let plan_name = match lang {
        Lang::ZhCn => format!("{year} 年度市场预算"),
        Lang::En => format!("{year} marketing budget"),
    };
    let plan_id = store.create_plan(&crate::NewPlan {
        name: &plan_name,
        fiscal_year: year,
        total: Money::from_yuan(DEMO_TOTAL_YUAN),
        stage: CompanyStage::Growth,
        emphasis: Emphasis::Demand,
        template: marketdesk_core::Template::SeedDefault,
        lang,
    })?;
    let tx = store.conn.transaction().context("starting the demo data")?;
    let now = now_iso();
    tx.execute(
        "UPDATE plan SET objectives = ?2, risks = ?3 WHERE id = ?1",
        params![
            plan_id,
            lang.pick(
                "以金融行业为重点：全年获取 1,000 条以上线索、80 个 SQL；两场自办大会巩固老客户；把银行科技部门的决策层覆盖从 3 家扩大到 10 家。",
                "Focus on financial services: over 1,000 leads and 80 SQLs in the year; two self-hosted conferences to hold existing customers; reach the technology decision-makers of 10 banks instead of 3.",
            ),
            lang.pick(
                "线下活动占预算七成，行业峰会延期或取消会直接影响线索目标；SEM 单价可能上涨；销售跟进不及时会拉低 MQL→SQL 转化，需按区域约定跟进时限。",
                "Offline events are 70% of the budget: a postponed or cancelled summit hits the lead target directly; SEM prices may rise; slow sales follow-up would lower MQL→SQL, so follow-up deadlines are agreed per region.",
            )
        ],
    )
    .context("writing the demo plan's texts")?;
    for (code, yuan) in LAST_YEAR {
        tx.execute(
            "UPDATE plan_channel SET last_year_fen = ?3 WHERE plan_id = ?1 AND code = ?2",
            params![plan_id, code, yuan * 100],
        )
        .context("writing last year's figures")?;
    }
    tx.execute(
        "INSERT INTO workspace_meta (key, value) VALUES ('company', ?1), ('demo', 'true')",
        [lang.pick("示例科技有限公司", "Example Tech Co., Ltd.")],
    )
    .context("writing the demo company")?;

    for (pos, (channel, name, owner, region, quarter, yuan, leads)) in TACTICS.iter().enumerate() {
        // A funnel the brief calls good: 40% of leads qualify, 20% of those reach sales (MQL→SQL
        // 15–25% is "already very good"), a quarter of SQLs close.
        let mql = leads * 2 / 5;
        let sql = mql / 5;
        let deals = sql / 4;
        tx.execute(
                        "INSERT INTO tactic (plan_id, channel_id, name, owner, region, quarters_mask, planned_fen, position,
                                 expected_leads, expected_mql, expected_sql, expected_deals, expected_revenue_fen)
             SELECT ?1, id, ?3, ?4, ?5, CASE WHEN ?6 IS NULL THEN 15 ELSE 1 << (?6 - 1) END, ?7, ?8,
                    ?9, ?10, ?11, ?12, ?13
             FROM plan_channel WHERE plan_id = ?1 AND code = ?2",
            params![
                plan_id,
                channel.code(),
                name,
                owner,
                region,
                quarter,
                yuan * 100,
                pos as i64,
                leads,
                mql,
                sql,
                deals,
                deals * DEMO_DEAL_YUAN * 100
            ],
        )
        .context("writing demo tactics")?;
    }

    for (name, problem, result, kpi, people, revenue) in BRIEFS {
        tx.execute(
            "UPDATE tactic SET problem = ?3, expected_result = ?4, kpi = ?5, people = ?6, expected_revenue_fen = ?7
             WHERE plan_id = ?1 AND name = ?2",
            params![plan_id, name, problem, result, kpi, people, revenue * 100],
        )
        .context("writing demo tactic briefs")?;
    }

    for (region, last_year, commitment) in REGIONS {
        tx.execute(
            "INSERT INTO plan_region (plan_id, region, last_year_fen, commitment_fen) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, region, last_year * 100, commitment * 100],
        )
        .context("writing demo regions")?;
    }

    for (tactic, month, day, kind, yuan, vendor, note) in SPEND {
        let Some(date) = NaiveDate::from_ymd_opt(year, *month, *day).filter(|d| *d <= today) else {
            continue;
        };
        tx.execute(
            "INSERT INTO spend (tactic_id, spent_on, kind, amount_fen, vendor, note, created_at)
             SELECT id, ?3, ?4, ?5, ?6, ?7, ?8 FROM tactic WHERE plan_id = ?1 AND name = ?2",
            params![
                plan_id,
                tactic,
                date.to_string(),
                kind,
                yuan * 100,
                vendor,
                note,
                now
            ],
        )
        .context("writing demo spend")?;
    }

    let card = demo_scorecard();
    tx.execute(
        "INSERT INTO workspace_meta (key, value) VALUES ('event_scorecard', ?1)",
        [serde_json::to_string(&card).unwrap_or_default()],
    )
    .context("writing the demo scorecard")?;
    let mut event_ids = Vec::with_capacity(EVENTS.len());
    for (name, kind, organiser, city, month, day, yuan, target) in EVENTS {
        let date = NaiveDate::from_ymd_opt(year, *month, *day).unwrap_or(today);
        let read = READS.iter().find(|r| r.0 == *name).map(|r| r.1);
        let mut event = NewEvent {
            organiser: organiser.to_string(),
            city: city.to_string(),
            cost: Money::from_yuan(*yuan),
            target_attendance: *target,
            ..NewEvent::listed(name, *kind, date, today)
        };
        if let Some(read) = read {
            let inputs = read.inputs(*kind, Money::from_yuan(*yuan));
            event.forecast = Some(forecast(&inputs, &card));
            event.inputs = Some(inputs);
        }
        let id = crate::events::insert_event(&tx, &event)?;
        event_ids.push((id, date <= today));
    }
    for (offset, (name, kind, organiser, city, yuan, read)) in CANDIDATES.iter().enumerate() {
        let inputs = read.inputs(*kind, Money::from_yuan(*yuan));
        let event = NewEvent {
            status: EventStatus::Candidate,
            inputs: Some(inputs.clone()),
            forecast: Some(forecast(&inputs, &card)),
            organiser: organiser.to_string(),
            city: city.to_string(),
            cost: Money::from_yuan(*yuan),
            target_attendance: i64::from(inputs.expected_size),
            ..NewEvent::listed(name, *kind, candidate_date(today, offset), today)
        };
        crate::events::insert_event(&tx, &event)?;
    }

    let mut rng = Rng(0x4D4B_4453_2026);
    let mut person = tx
        .prepare(
            "INSERT INTO person (name, mobile, email, company, department, title, city, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .context("writing demo leads")?;
    let mut attend = tx
        .prepare(
            "INSERT OR IGNORE INTO attendance (event_id, person_id, state) VALUES (?1, ?2, ?3)",
        )
        .context("writing demo attendance")?;
    for i in 0..DEMO_LEADS {
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let prefix = [135, 136, 138, 139, 150, 186, 188, 177][rng.below(8)];
        let mobile = format!("{prefix}{:08}", rng.next() % 100_000_000);
        let (company, domain) = rng.pick(COMPANIES);
        let email = (rng.below(4) != 0).then(|| format!("lead{i:03}@{domain}"));
        person
            .execute(params![
                name,
                mobile,
                email,
                company,
                rng.pick(DEPARTMENTS),
                rng.pick(TITLES),
                rng.pick(CITIES),
                now
            ])
            .context("writing demo leads")?;
        let person_id = tx.last_insert_rowid();
        for _ in 0..1 + rng.below(3) {
            let (event_id, happened) = event_ids[rng.below(event_ids.len())];
            let state = if !happened {
                Attendance::Registered
            } else {
                match rng.below(10) {
                    0..=5 => Attendance::Attended,
                    6..=8 => Attendance::NoShow,
                    _ => Attendance::WalkIn,
                }
            };
            attend
                .execute(params![event_id, person_id, state.code()])
                .context("writing demo attendance")?;
        }
    }
    drop(person);
    drop(attend);
    crate::backfill::lead_store(&tx)?;
    crate::backfill::companies(&tx)?;
    // The schema-4 backfill above writes touches as they were then; give them their campaign.
    tx.execute_batch(
        "UPDATE touch SET campaign_id = (SELECT campaign_id FROM event WHERE id = touch.event_id),
                          channel = (SELECT c.channel FROM event e JOIN campaign c ON c.id = e.campaign_id
                                      WHERE e.id = touch.event_id)
          WHERE event_id IS NOT NULL",
    )
    .context("linking demo touches to campaigns")?;
    for (event, tactic) in PAID_BY {
        let ids: Option<(i64, i64)> = tx
            .query_row(
                "SELECT e.id, t.id FROM event e, tactic t WHERE e.name = ?1 AND t.name = ?2 AND t.plan_id = ?3",
                params![event, tactic, plan_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .context("linking demo events to tactics")?;
        if let Some((event_id, tactic_id)) = ids {
            crate::events::link_campaign(&tx, event_id, tactic_id)?;
        }
    }
    tx.commit().context("saving the demo data")?;
    seed_revenue(store, today)
}

/// The demo's sales team: (name, sales?, the places whose leads they follow).
const TEAM: &[(&str, bool, &[&str])] = &[
    ("周敏", false, &[]),
    ("王强", true, &["上海", "江苏", "浙江"]),
    ("刘洋", true, &["北京"]),
    ("陈静", true, &["广东"]),
];

/// The lead → revenue half of the demo: a team with region rules, content touches, rescoring
/// (which marks MQLs and hands them over), follow-ups — some in time, some late — a few leads
/// accepted by sales, and a CRM export of deals (won, open, lost, one whose contact is unknown).
fn seed_revenue(store: &mut Store, today: NaiveDate) -> Result<()> {
    use marketdesk_core::assignment::{Field, Rule};
    use marketdesk_core::followup::{Channel, Outcome};
    use marketdesk_core::lifecycle::{Cause, Stage};

    let mut rules = Vec::new();
    for (name, sales, places) in TEAM {
        let role = if *sales {
            crate::TeamRole::Sales
        } else {
            crate::TeamRole::Marketing
        };
        let member = store.add_member(name, role)?;
        rules.extend(places.iter().map(|p| Rule {
            field: Field::Region,
            value: p.to_string(),
            member_id: member.id,
        }));
    }
    store.set_assignment_rules(&rules)?;
    // What the CRM knows of the demo's companies: the banks are large.
    store
        .conn
        .execute_batch(
            "UPDATE company SET size_band = CASE
                 WHEN name LIKE '%银行%' THEN 'from_10000'
                 WHEN name LIKE '%证券%' OR name LIKE '%保险%' THEN 'from_1000'
                 ELSE 'from_100' END",
        )
        .context("writing demo company sizes")?;
    let day = |back: i64| today - chrono::Duration::days(back);
    // Content touches from online promotion, recent enough to count.
    {
        let tx = store.conn.transaction().context("writing demo touches")?;
        // (kind, source, days ago, every n-th lead).
        let content: [(&str, &str, i64, i64); 5] = [
            ("webinar", "线上研讨会：核心系统云化", 20, 3),
            ("form", "官网留资：预约演示", 18, 4),
            ("webinar", "线上研讨会：监管报送自动化", 50, 6),
            ("whitepaper", "白皮书：银行数字化转型", 35, 5),
            ("form", "官网留资：索取方案", 12, 2),
        ];
        for (kind, source, back, every) in content {
            tx.execute(
                "INSERT INTO touch (person_id, kind, channel, source, at)
                 SELECT id, ?1, 'online_promotion', ?2, ?3 FROM person WHERE id % ?4 = 0",
                params![kind, source, format!("{}T10:00:00+08:00", day(back)), every],
            )
            .context("writing demo touches")?;
        }
        tx.commit().context("writing demo touches")?;
    }
    store.rescore(today, &|_, _| {}, &|| false)?;
    let mqls: Vec<(i64, Option<i64>)> = store
        .conn
        .prepare(
            "SELECT person_id, owner_id FROM lead_state WHERE stage = 'mql' ORDER BY person_id",
        )
        .context("reading demo MQLs")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .context("reading demo MQLs")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading demo MQLs")?;
    // The rule marked them today; spread the hand-overs over the last weeks, as a year of
    // rescoring would have. Follow-ups: most MQLs called three times in their first week; every
    // fourth only once, so the overdue list and the pool have something to show.
    for (i, (person_id, owner)) in mqls.iter().enumerate() {
        // Every fourth was handed over in the last week and called once: due or overdue.
        let handed = if i % 4 == 3 {
            day(3 + i as i64 % 6)
        } else {
            day(2 + (i as i64 * 7) % 40)
        };
        let at = format!("{handed}T09:00:00+00:00");
        store
            .conn
            .execute(
                "UPDATE lead_stage_change SET at = ?2 WHERE person_id = ?1 AND cause = 'rule'",
                params![person_id, at],
            )
            .context("dating demo MQLs")?;
        store
            .conn
            .execute(
                "UPDATE lead_state SET stage_at = ?2, mql_at = ?2, qualified_at = ?2,
                        assigned_at = CASE WHEN owner_id IS NULL THEN NULL ELSE ?2 END
                  WHERE person_id = ?1",
                params![person_id, at],
            )
            .context("dating demo MQLs")?;
        let attempts: &[(i64, Outcome)] = if i % 4 == 3 {
            &[(1, Outcome::Unreachable)]
        } else {
            &[
                (1, Outcome::Unreachable),
                (2, Outcome::Connected),
                (4, Outcome::Interested),
            ]
        };
        for (after, outcome) in attempts {
            let on = handed + chrono::Duration::days(*after);
            if on <= today {
                store.log_followup(
                    *person_id,
                    *owner,
                    &on.to_string(),
                    Channel::Call,
                    *outcome,
                    "",
                )?;
            }
        }
    }
    // Sales accept a fifth of the MQLs.
    let accepted: Vec<i64> = mqls
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 0)
        .map(|(_, (id, _))| *id)
        .collect();
    store.move_leads(
        &accepted,
        &crate::StageMove {
            to: Stage::Sql,
            cause: Cause::Manual,
            by: "王强".into(),
            reason: "电话确认有预算和时间表".into(),
            at: None,
        },
    )?;
    // The CRM's export: deals for the first accepted leads, matched by their mobile.
    let mobiles: Vec<(i64, String, String)> = store
        .conn
        .prepare(
            "SELECT p.id, p.mobile, p.company FROM person p JOIN lead_state s ON s.person_id = p.id
              WHERE s.stage = 'sql' AND p.mobile IS NOT NULL ORDER BY p.id LIMIT 5",
        )
        .context("reading demo deals")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .context("reading demo deals")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("reading demo deals")?;
    use marketdesk_core::deal::DealStatus;
    let shapes: [(DealStatus, i64, i64, Option<i64>, &str); 5] = [
        (DealStatus::Won, 1_200_000, 60, Some(12), "赢单"),
        (DealStatus::Won, 450_000, 45, Some(20), "赢单"),
        (DealStatus::Open, 800_000, 15, None, "方案报价"),
        (DealStatus::Lost, 600_000, 50, Some(25), "输单"),
        (DealStatus::Open, 300_000, 10, None, "需求确认"),
    ];
    let mut deals: Vec<crate::NewDeal> = mobiles
        .iter()
        .zip(shapes)
        .enumerate()
        .map(
            |(i, ((_, mobile, company), (status, yuan, opened, closed, stage)))| crate::NewDeal {
                external_id: format!("OPP-{:04}", 101 + i),
                name: format!("{company} 数字化项目"),
                company: company.clone(),
                contact: String::new(),
                mobile: Some(mobile.clone()),
                email: None,
                lead_id: None,
                status,
                crm_stage: stage.into(),
                amount: Money::from_yuan(yuan),
                created_on: Some(day(opened)),
                closed_on: closed.map(day),
            },
        )
        .collect();
    // A deal sales logged for a contact marketing never met: revenue nobody can be credited.
    deals.push(crate::NewDeal {
        external_id: "OPP-0199".into(),
        name: "老客户续约".into(),
        company: "某城商行".into(),
        contact: "赵总".into(),
        mobile: Some("13000000000".into()),
        email: None,
        lead_id: None,
        status: DealStatus::Won,
        crm_stage: "赢单".into(),
        amount: Money::from_yuan(200_000),
        created_on: Some(day(90)),
        closed_on: Some(day(30)),
    });
    store.import_deals(
        &crate::DealFile {
            file_name: "CRM商机导出.xlsx".into(),
            file_hash: "demo".into(),
            sheet: String::new(),
            header_row: Some(0),
            mapping: "[]".into(),
            rows_rejected: 0,
        },
        &deals,
    )?;
    // The deals moved their leads: score again so the sources and points are current.
    store.rescore(today, &|_, _| {}, &|| false)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_workspace_has_a_plan_events_and_leads() {
        let mut store = Store::open_in_memory().expect("store");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        seed_demo(&mut store, today, Lang::ZhCn).expect("seed");
        let plan = store.current_plan().expect("read").expect("plan");
        assert_eq!(plan.fiscal_year, 2026, "plan for the current year");
        assert_eq!(plan.total, Money::from_yuan(DEMO_TOTAL_YUAN));
        let counts = store.counts().expect("counts");
        assert_eq!(
            counts.tactics as usize,
            TACTICS.len(),
            "every tactic found its channel"
        );
        assert_eq!(counts.events as usize, EVENTS.len());
        assert_eq!(counts.candidates as usize, CANDIDATES.len());
        assert_eq!(counts.leads as usize, DEMO_LEADS);
        let events = store.list_events().expect("events");
        let candidates: Vec<_> = events
            .iter()
            .filter(|e| e.status == EventStatus::Candidate)
            .collect();
        assert_eq!(candidates.len(), CANDIDATES.len());
        assert!(candidates
            .iter()
            .all(|e| e.forecast.is_some() && e.inputs.is_some() && e.people() == 0));
        assert!(
            candidates.iter().all(|e| e.starts_on.starts_with("2026-1")),
            "candidates fall in the plan's year"
        );
        let paid: Vec<_> = events.iter().filter(|e| e.tactic_id.is_some()).collect();
        assert_eq!(
            paid.len(),
            PAID_BY.len(),
            "the demo's events are paid by its tactics"
        );
        let unlinked: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM touch t JOIN event e ON e.id = t.event_id
                  JOIN campaign c ON c.id = e.campaign_id
                 WHERE t.campaign_id IS NOT e.campaign_id OR t.channel <> c.channel",
                [],
                |r| r.get(0),
            )
            .expect("touches");
        assert_eq!(
            unlinked, 0,
            "every touch carries its event's campaign and channel"
        );
        let expo = events
            .iter()
            .find(|e| e.kind == EventKind::Expo && e.status == EventStatus::Done)
            .expect("expo");
        assert!(expo.people() > 0, "events have people");
        let deals = store.all_deals().expect("deals");
        assert_eq!(
            deals.len(),
            6,
            "five matched deals and one nobody can be credited"
        );
        assert_eq!(
            deals.iter().filter(|d| d.person_id.is_none()).count(),
            1,
            "the renewal's contact is not a lead"
        );
        let stages: Vec<(String, i64)> = store
            .conn
            .prepare("SELECT stage, count(*) FROM lead_state GROUP BY stage ORDER BY stage")
            .expect("stages")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("stages")
            .collect::<rusqlite::Result<_>>()
            .expect("stages");
        let count = |s: &str| stages.iter().find(|(x, _)| x == s).map_or(0, |x| x.1);
        assert!(count("mql") >= 8, "the rule finds MQLs: {stages:?}");
        assert_eq!(count("won"), 2, "{stages:?}");
        assert!(
            store.on_the_clock(today).expect("clock").len() >= 8,
            "MQLs are owned and on the clock"
        );
        let channels = store.plan_channels(plan.id).expect("channels");
        for c in &channels {
            let budget = c.share.basis_points() as i64 * DEMO_TOTAL_YUAN / 10_000 * 100;
            assert!(
                c.tactics_total.fen() <= budget,
                "demo tactics of {} must fit its channel ({} > {budget})",
                c.name,
                c.tactics_total.fen()
            );
        }
    }
}
