//! Which candidate events to sponsor within the year's events budget, and the next-best
//! alternatives the UI shows beside the choice ("why this set, what would the runner-up cost").
//!
//! The optimiser is exact: marketers compare its answer with their own spreadsheet, and a
//! heuristic that is sometimes ¥50k worse loses their trust for good. Costs are in fen and budgets
//! run to millions of yuan, so a table over the budget is out of the question; it is a
//! depth-first branch and bound instead. Its bound prices the limits ("at most one summit",
//! "at most six in Q4") as well as the budget, as the LP relaxation's dual does: a bound on the
//! budget alone overshoots by a fifth at 200 candidates when the best of them compete for the
//! same slots, and then prunes next to nothing.

use std::collections::HashSet;

use crate::{Lang, Money};

/// A value beyond this (ten billion qualified contacts, in hundredths) is a typing accident; the
/// bound below multiplies values by costs and needs them bounded to stay exact in 128 bits.
pub const MAX_VALUE: u64 = 1_000_000_000_000;

/// One candidate the optimiser may choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    /// Between zero and [`Money::MAX_ABS_FEN`].
    pub cost: Money,
    /// Expected value in hundredths (12.34 qualified-contact equivalents = 1234), at most
    /// [`MAX_VALUE`]. A free candidate worth 0 is never chosen: it could only spend money.
    pub value: u64,
    /// Indices into the `limits` this candidate counts against.
    pub limits: Vec<usize>,
    pub pin: Pin,
}

/// What the user has already decided about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pin {
    #[default]
    Free,
    /// The user insists: in every portfolio, or an error if that cannot be.
    Required,
    /// The user ruled it out.
    Excluded,
}

/// At most `max` chosen candidates among those that name this limit ("summits ≤ 1").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portfolio {
    /// Ids in input order.
    pub chosen: Vec<i64>,
    pub value: u64,
    pub cost: Money,
}

/// The best portfolio once one candidate's choice is turned around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// Ids in input order, against the best portfolio.
    pub added: Vec<i64>,
    pub removed: Vec<i64>,
    pub value: u64,
    pub cost: Money,
    /// The best portfolio's value minus this one's: what turning the choice around gives up.
    pub value_lost: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortfolioError {
    #[error("the required events cost {cost}, over the budget of {budget}")]
    RequiredOverBudget { cost: Money, budget: Money },
    #[error("{required} required events count against limit {limit}, which allows {max}")]
    RequiredOverLimit {
        limit: usize,
        required: u32,
        max: u32,
    },
    /// A negative or out-of-range cost, a value over [`MAX_VALUE`], or a limit index that does
    /// not exist: the caller's data is wrong, and no answer would be trustworthy.
    #[error("candidate {id} has a cost or value out of range, or names an unknown limit")]
    InvalidCandidate { id: i64 },
}

impl PortfolioError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            PortfolioError::RequiredOverBudget { .. } => "required_over_budget",
            PortfolioError::RequiredOverLimit { .. } => "required_over_limit",
            PortfolioError::InvalidCandidate { .. } => "invalid_candidate",
        }
    }

    /// The sentence a user reads. Limits are numbered from 1 there, as in the list they see.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PortfolioError::RequiredOverBudget { cost, budget }, Lang::ZhCn) => {
                format!("必选活动合计 {cost}，超过了活动预算 {budget}。请取消部分必选，或提高预算。")
            }
            (PortfolioError::RequiredOverBudget { cost, budget }, Lang::En) => format!(
                "The required events cost {cost}, over the events budget of {budget}. Unpin some or raise the budget."
            ),
            (PortfolioError::RequiredOverLimit { limit, required, max }, Lang::ZhCn) => format!(
                "第 {} 条数量限制最多 {max} 场，但必选了 {required} 场。",
                limit + 1
            ),
            (PortfolioError::RequiredOverLimit { limit, required, max }, Lang::En) => format!(
                "Limit {} allows at most {max} events, but {required} are required.",
                limit + 1
            ),
            (PortfolioError::InvalidCandidate { id }, Lang::ZhCn) => {
                format!("候选活动 {id} 的费用或价值超出范围，或引用了不存在的数量限制。")
            }
            (PortfolioError::InvalidCandidate { id }, Lang::En) => format!(
                "Candidate {id} has a cost or value out of range, or names a limit that does not exist."
            ),
        }
    }
}

/// The portfolio of highest value within the budget and the limits, Required candidates in and
/// Excluded ones out.
///
/// Of portfolios of equal value the cheaper wins; of equal value and cost, the one taking the
/// candidates that rank first, ranking by value per fen (those costing nothing first, by value),
/// then input order. The answer is therefore the same on every run and every machine.
pub fn optimise(
    budget: Money,
    candidates: &[Candidate],
    limits: &[Limit],
) -> Result<Portfolio, PortfolioError> {
    let problem = Problem::new(budget, candidates, limits)?;
    let picked = problem.solve(0).unwrap_or_default();
    Ok(problem.portfolio(candidates, &picked))
}

/// For each free candidate left out of `best`, the best portfolio that takes it; for each free
/// one in `best`, the best that leaves it out: the UI's "what else could we do, and at what loss".
///
/// Closest first (least value lost, then cheaper, then the turned candidate's input order), at
/// most `max`, each portfolio once however many turns lead to it; turns that cannot be
/// satisfied (a candidate over the budget on its own) are skipped.
pub fn alternatives(
    budget: Money,
    candidates: &[Candidate],
    limits: &[Limit],
    best: &Portfolio,
    max: usize,
) -> Vec<Alternative> {
    if max == 0 {
        return vec![];
    }
    let in_best: HashSet<i64> = best.chosen.iter().copied().collect();
    let best_at: HashSet<usize> = (0..candidates.len())
        .filter(|&i| in_best.contains(&candidates[i].id))
        .collect();
    let mut turns: Vec<(u64, usize, Problem)> = Vec::new();
    let mut pinned = candidates.to_vec();
    for (pos, c) in candidates.iter().enumerate() {
        if c.pin != Pin::Free {
            continue;
        }
        pinned[pos].pin = if in_best.contains(&c.id) {
            Pin::Excluded
        } else {
            Pin::Required
        };
        if let Ok(problem) = Problem::new(budget, &pinned, limits) {
            turns.push((problem.root_bound(), pos, problem));
        }
        pinned[pos].pin = Pin::Free;
    }
    // Likeliest first, so that the runs after them only need to beat the `max`-th found so far
    // (a floor that prunes most of their search), and stop once even their bound cannot.
    turns.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

    // Closest first: (more value, less cost, earlier turned candidate), each portfolio once.
    let mut top: Vec<Found> = Vec::with_capacity(max + 1);
    for (bound, pos, problem) in &turns {
        let floor = if top.len() == max {
            top.last().map_or(0, |t| t.value)
        } else {
            0
        };
        if *bound < floor {
            break;
        }
        // The best portfolio, turned and repaired, is a floor the turn's optimum cannot be
        // under: it spares the first turns a search from nothing.
        let Some(picked) = problem.solve(floor.max(problem.repaired(&best_at))) else {
            continue;
        };
        let chosen = problem.positions(&picked);
        let found = Found {
            value: chosen.iter().map(|&i| candidates[i].value).sum(),
            cost: chosen.iter().map(|&i| candidates[i].cost).sum(),
            turned: *pos,
            chosen,
        };
        if let Some(same) = top.iter().position(|t| t.chosen == found.chosen) {
            if top[same].key() <= found.key() {
                continue;
            }
            top.remove(same);
        }
        let at = top.partition_point(|t| t.key() < found.key());
        top.insert(at, found);
        top.truncate(max);
    }

    top.into_iter()
        .map(|found| {
            let ids: HashSet<i64> = found.chosen.iter().map(|&i| candidates[i].id).collect();
            Alternative {
                added: found
                    .chosen
                    .iter()
                    .map(|&i| candidates[i].id)
                    .filter(|id| !in_best.contains(id))
                    .collect(),
                removed: best
                    .chosen
                    .iter()
                    .copied()
                    .filter(|id| !ids.contains(id))
                    .collect(),
                value: found.value,
                cost: found.cost,
                value_lost: best.value.saturating_sub(found.value),
            }
        })
        .collect()
}

/// An alternative while they are being ranked.
struct Found {
    value: u64,
    cost: Money,
    /// Position of the candidate whose choice was turned around.
    turned: usize,
    /// Input positions, in input order.
    chosen: Vec<usize>,
}

impl Found {
    fn key(&self) -> (std::cmp::Reverse<u64>, Money, usize) {
        (std::cmp::Reverse(self.value), self.cost, self.turned)
    }
}

/// A free candidate still worth deciding on.
#[derive(Debug)]
struct Item {
    /// Position in the caller's list.
    pos: usize,
    cost: i64,
    value: u64,
    limits: Vec<usize>,
}

/// The decisions left once the pins are applied: the Required candidates' cost and slots taken
/// off, and only the free candidates that could still be chosen, in rank order.
#[derive(Debug)]
struct Problem {
    items: Vec<Item>,
    required: Vec<usize>,
    base_value: u64,
    /// Budget left for free candidates.
    left: i64,
    /// Slots left per limit.
    rem: Vec<u32>,
}

/// Value per fen, highest first, those costing nothing first and by value; ties in input order.
/// The ranking is both the search order and, through it, the tie rule of [`optimise`].
fn rank(a: &Item, b: &Item) -> std::cmp::Ordering {
    let density = |x: &Item, y: &Item| u128::from(x.value) * y.cost.unsigned_abs() as u128;
    density(b, a)
        .cmp(&density(a, b))
        .then_with(|| {
            if a.cost == 0 && b.cost == 0 {
                b.value.cmp(&a.value)
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .then(a.pos.cmp(&b.pos))
}

impl Problem {
    fn new(
        budget: Money,
        candidates: &[Candidate],
        limits: &[Limit],
    ) -> Result<Problem, PortfolioError> {
        let mut required = Vec::new();
        let mut base_value = 0u64;
        let mut base_cost = 0i64;
        let mut used = vec![0u32; limits.len()];
        for (pos, c) in candidates.iter().enumerate() {
            let cost = c.cost.fen();
            if !(0..=Money::MAX_ABS_FEN).contains(&cost)
                || c.value > MAX_VALUE
                || c.limits.iter().any(|&l| l >= limits.len())
            {
                return Err(PortfolioError::InvalidCandidate { id: c.id });
            }
            if c.pin == Pin::Required {
                required.push(pos);
                base_value += c.value;
                base_cost = base_cost.saturating_add(cost);
                for l in distinct(&c.limits) {
                    used[l] += 1;
                }
            }
        }
        if base_cost > budget.fen() {
            return Err(PortfolioError::RequiredOverBudget {
                cost: Money::from_fen(base_cost),
                budget,
            });
        }
        if let Some((limit, (&required, lim))) = used
            .iter()
            .zip(limits)
            .enumerate()
            .find(|(_, (&n, lim))| n > lim.max)
        {
            return Err(PortfolioError::RequiredOverLimit {
                limit,
                required,
                max: lim.max,
            });
        }
        let left = budget.fen() - base_cost;
        let rem: Vec<u32> = limits.iter().zip(&used).map(|(l, &u)| l.max - u).collect();
        let mut items: Vec<Item> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.pin == Pin::Free
                    && c.value > 0
                    && c.cost.fen() <= left
                    && c.limits.iter().all(|&l| rem[l] > 0)
            })
            .map(|(pos, c)| Item {
                pos,
                cost: c.cost.fen(),
                value: c.value,
                limits: distinct(&c.limits),
            })
            .collect();
        items.sort_by(rank);
        Ok(Problem {
            items,
            required,
            base_value,
            left,
            rem,
        })
    }

    /// The rank indices of the best choice among `items`, or `None` when its value (Required
    /// included) is below `floor`: a caller that only wants portfolios worth at least that lets
    /// the search prune everything below it.
    fn solve(&self, floor: u64) -> Option<Vec<usize>> {
        let mut search = Search::new(self, floor.saturating_sub(self.base_value));
        // A portfolio found cheaply raises the floor: the search then heads for the optimum
        // instead of climbing to it. The answer is unchanged, since that portfolio is feasible
        // and the optimum worth at least as much.
        search.floor = search.floor.max(search.greedy());
        search.visit(0, 0, 0);
        (search.best.0 >= search.floor).then_some(search.best.2)
    }

    /// An upper bound on the best value, Required included.
    fn root_bound(&self) -> u64 {
        self.base_value + Search::new(self, 0).upper(0, 0, self.left, 0).0
    }

    /// The value of a feasible portfolio: the Required candidates, then those of `prefer` that
    /// still fit, in rank order.
    fn repaired(&self, prefer: &HashSet<usize>) -> u64 {
        let mut rem = self.rem.clone();
        let mut left = self.left;
        let mut value = self.base_value;
        for item in self.items.iter().filter(|it| prefer.contains(&it.pos)) {
            if item.cost <= left && item.limits.iter().all(|&l| rem[l] > 0) {
                left -= item.cost;
                item.limits.iter().for_each(|&l| rem[l] -= 1);
                value += item.value;
            }
        }
        value
    }

    /// Input positions of the Required candidates and the picked items, in input order.
    fn positions(&self, picked: &[usize]) -> Vec<usize> {
        let mut p: Vec<usize> = self
            .required
            .iter()
            .copied()
            .chain(picked.iter().map(|&i| self.items[i].pos))
            .collect();
        p.sort_unstable();
        p
    }

    fn portfolio(&self, candidates: &[Candidate], picked: &[usize]) -> Portfolio {
        let p = self.positions(picked);
        Portfolio {
            chosen: p.iter().map(|&i| candidates[i].id).collect(),
            value: p.iter().map(|&i| candidates[i].value).sum(),
            cost: p.iter().map(|&i| candidates[i].cost).sum(),
        }
    }
}

fn distinct(limits: &[usize]) -> Vec<usize> {
    let mut l = limits.to_vec();
    l.sort_unstable();
    l.dedup();
    l
}

/// Depth-first over the items in rank order, taking an item before leaving it out.
///
/// The incumbent is replaced only by a strictly better portfolio (more value, or as much for
/// less), and a subtree is pruned only when it cannot hold one; so among equals the first met
/// wins, which is the one taking the earlier-ranked items: the documented tie rule.
struct Search<'p> {
    items: &'p [Item],
    rem: Vec<u32>,
    left: i64,
    floor: u64,
    /// Rank indices taken on the current path.
    taken: Vec<usize>,
    /// Value, cost and items of the best portfolio met.
    best: (u64, i64, Vec<usize>),
    /// Prices of the LP relaxation's constraints, found at the root (see [`Search::descend`]):
    /// per fen of budget first, then per slot of each limit.
    prices: Vec<f64>,
    /// Per item, how many items left out on the current path dominate it (see
    /// [`Search::dominance`]); it is not taken while any does.
    banned: Vec<u32>,
    // Scratch, kept to spare an allocation per node.
    fitting: Vec<usize>,
    members: Vec<Vec<usize>>,
    counts: Vec<u32>,
    reduced: Vec<Vec<i128>>,
    floats: Vec<f64>,
    ratios: Vec<(f64, i64)>,
}

/// The prices' fixed-point denominator in the exact bound: fine enough that rounding them
/// costs well under one hundredth of value at any realistic budget.
const PRICE_SCALE: i128 = 1 << 40;

impl<'p> Search<'p> {
    fn new(problem: &'p Problem, floor: u64) -> Search<'p> {
        let limits = problem.rem.len();
        let mut search = Search {
            items: &problem.items,
            rem: problem.rem.clone(),
            left: problem.left,
            floor,
            taken: Vec::new(),
            best: (0, 0, Vec::new()),
            prices: Vec::new(),
            banned: vec![0; problem.items.len()],
            fitting: Vec::new(),
            members: vec![Vec::new(); limits],
            counts: vec![0; limits],
            reduced: vec![Vec::new(); limits],
            floats: Vec::new(),
            ratios: Vec::new(),
        };
        search.collect(0, problem.left);
        search.descend(problem.left);
        search
    }

    fn fits(&self, i: usize, left: i64) -> bool {
        let item = &self.items[i];
        self.banned[i] == 0 && item.cost <= left && item.limits.iter().all(|&l| self.rem[l] > 0)
    }

    /// While item `i` is left out, so is every later item it dominates: one worth no more,
    /// costing no less, under every limit `i` is under. Any portfolio taking such an item
    /// without `i` is matched or beaten by the same with `i` instead, which ranks first on a
    /// tie, and lies in the branch taking `i`, searched before this one. So nothing the answer
    /// could be is lost; without this, candidates of equal value make the search try every
    /// way of filling a limit's slots with them, one after another.
    fn dominance(&mut self, i: usize, leave_out: bool) {
        let dominant = &self.items[i];
        for j in i + 1..self.items.len() {
            let other = &self.items[j];
            if other.value <= dominant.value
                && other.cost >= dominant.cost
                && dominant.limits.iter().all(|l| other.limits.contains(l))
            {
                if leave_out {
                    self.banned[j] += 1;
                } else {
                    self.banned[j] -= 1;
                }
            }
        }
    }

    /// The best of a few greedy portfolios: in rank order, by value per fen once the limits'
    /// prices are paid, and by value once every price is paid. On the instances of the bench
    /// one of them is the optimum or close to it.
    fn greedy(&self) -> u64 {
        let net = |item: &Item| {
            item.value as f64 - item.limits.iter().map(|&l| self.prices[l + 1]).sum::<f64>()
        };
        let per_fen = |item: &Item| match item.cost {
            0 => f64::INFINITY,
            cost => net(item) / cost as f64,
        };
        let reduced = |item: &Item| net(item) - self.prices[0] * item.cost as f64;
        let mut best = 0;
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        for pass in 0..3 {
            match pass {
                0 => {}
                1 => order
                    .sort_by(|&a, &b| per_fen(&self.items[b]).total_cmp(&per_fen(&self.items[a]))),
                _ => order
                    .sort_by(|&a, &b| reduced(&self.items[b]).total_cmp(&reduced(&self.items[a]))),
            }
            let mut rem = self.rem.clone();
            let (mut left, mut value) = (self.left, 0);
            for item in order.iter().map(|&i| &self.items[i]) {
                if item.cost <= left && item.limits.iter().all(|&l| rem[l] > 0) {
                    left -= item.cost;
                    item.limits.iter().for_each(|&l| rem[l] -= 1);
                    value += item.value;
                }
            }
            best = best.max(value);
        }
        best
    }

    fn collect(&mut self, from: usize, left: i64) {
        self.fitting.clear();
        self.members.iter_mut().for_each(Vec::clear);
        for i in from..self.items.len() {
            if self.fits(i, left) {
                self.fitting.push(i);
                for &l in &self.items[i].limits {
                    self.members[l].push(i);
                }
            }
        }
    }

    fn visit(&mut self, from: usize, value: u64, spent: i64) {
        if value > self.best.0 || (value == self.best.0 && spent < self.best.1) {
            self.best = (value, spent, self.taken.clone());
        }
        let left = self.left - spent;
        let need = self.best.0.max(self.floor);
        let (bound, next) = self.upper(from, value, left, need);
        let Some(next) = next else { return };
        if bound < need {
            return;
        }
        if bound == self.best.0 {
            // No more value to be had here: worth going on only for the same value for less.
            let cheaper = self.best.1 - 1 - spent;
            if cheaper < 0 || self.upper(from, value, left.min(cheaper), need).0 < need {
                return;
            }
        }
        let item = &self.items[next];
        let (v, c) = (item.value, item.cost);
        for &l in &item.limits {
            self.rem[l] -= 1;
        }
        self.taken.push(next);
        self.visit(next + 1, value + v, spent + c);
        self.taken.pop();
        for &l in &self.items[next].limits {
            self.rem[l] += 1;
        }
        self.dominance(next, true);
        self.visit(next + 1, value, spent);
        self.dominance(next, false);
    }

    /// An upper bound on the value reachable from here (`value` taken, `left` to spend), and
    /// the first item that still fits. Cheapest bound first; the dearer one only when the
    /// cheap one does not reach below `need`.
    fn upper(&mut self, from: usize, value: u64, left: i64, need: u64) -> (u64, Option<usize>) {
        let (bound, first) = self.dantzig(from, value, left);
        if bound < need || first.is_none() {
            return (bound, first);
        }
        self.collect(from, left);
        let priced = self.lagrangian(value, left).unwrap_or(u64::MAX);
        (bound.min(priced), first)
    }

    /// The fractional knapsack over the items that still fit (Dantzig's bound), and where it
    /// fills a limit beyond its slots, the Lagrangian bound at the same price per fen μ (the
    /// break item's density): μ·left plus, per limit, only its best `rem` reduced values
    /// `value − μ·cost`. An item under several limits counts under its tightest only, which
    /// relaxes the others and keeps the bound valid.
    fn dantzig(&mut self, from: usize, value: u64, left: i64) -> (u64, Option<usize>) {
        let mut first = None;
        let (mut sum_v, mut sum_c) = (0u64, 0i64);
        let mut brk = None;
        let mut overfull = false;
        self.counts.iter_mut().for_each(|c| *c = 0);
        for i in from..self.items.len() {
            if !self.fits(i, left) {
                continue;
            }
            first.get_or_insert(i);
            let item = &self.items[i];
            if sum_c + item.cost > left {
                brk = Some(i);
                break;
            }
            sum_v += item.value;
            sum_c += item.cost;
            for &l in &item.limits {
                self.counts[l] += 1;
                overfull |= self.counts[l] > self.rem[l];
            }
        }
        let end = brk.unwrap_or(self.items.len());
        let (vk, ck) = brk.map_or((0, 1), |k| (self.items[k].value, self.items[k].cost));
        let fraction = u128::from(vk) * (left - sum_c) as u128 / ck as u128;
        let dantzig = value + sum_v + fraction as u64;
        if !overfull {
            return (dantzig, first);
        }

        let (vk, ck) = (i128::from(vk), i128::from(ck));
        let mut total = vk * i128::from(left);
        self.reduced.iter_mut().for_each(Vec::clear);
        for i in from..end {
            if !self.fits(i, left) {
                continue;
            }
            let item = &self.items[i];
            let reduced = i128::from(item.value) * ck - vk * i128::from(item.cost);
            match tightest(&item.limits, &self.rem) {
                None => total += reduced,
                Some(l) => self.reduced[l].push(reduced),
            }
        }
        total += capped_sum(&mut self.reduced, &self.rem);
        ((value + (total / ck) as u64).min(dantzig), first)
    }

    /// Prices for the LP relaxation's dual (budget and every limit), by coordinate descent:
    /// each limit's price set to what makes at most `rem` of its items worth taking, then the
    /// budget's to the fractional knapsack's break density at those prices, until they settle.
    ///
    /// Found once, at the root, and in floating point: any prices give a valid bound (weak
    /// duality), so these only decide how tight it is, never whether the answer is right.
    /// Limits shared by many good candidates ("Q4 ≤ 6") are what the cheap bound misses, by 20%
    /// and more at 200 candidates; these prices close most of that gap.
    fn descend(&mut self, left: i64) {
        const SWEEPS: usize = 50;
        let items = self.items;
        self.prices = vec![0.0; self.rem.len() + 1];
        let mut before = self.prices.clone();
        for _ in 0..SWEEPS {
            before.copy_from_slice(&self.prices);
            for g in 0..self.rem.len() {
                let rem = self.rem[g] as usize;
                if self.members[g].len() <= rem {
                    self.prices[g + 1] = 0.0;
                    continue;
                }
                self.floats.clear();
                for &i in &self.members[g] {
                    let item = &items[i];
                    let others: f64 = item
                        .limits
                        .iter()
                        .filter(|&&h| h != g)
                        .map(|&h| self.prices[h + 1])
                        .sum();
                    let per_fen = self.prices[0];
                    self.floats
                        .push(item.value as f64 - per_fen * item.cost as f64 - others);
                }
                self.floats
                    .select_nth_unstable_by(rem, |a, b| b.total_cmp(a));
                self.prices[g + 1] = self.floats[rem].max(0.0);
            }
            self.ratios.clear();
            for &i in &self.fitting {
                let item = &items[i];
                let net = item.value as f64
                    - item.limits.iter().map(|&h| self.prices[h + 1]).sum::<f64>();
                if net > 0.0 && item.cost > 0 {
                    self.ratios.push((net / item.cost as f64, item.cost));
                }
            }
            self.ratios.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
            let mut spent = 0;
            self.prices[0] = 0.0;
            for &(density, cost) in &self.ratios {
                if spent + cost > left {
                    self.prices[0] = density;
                    break;
                }
                spent += cost;
            }
            if before == self.prices {
                break;
            }
        }
    }

    /// The Lagrangian bound at [`Search::prices`], in exact integer arithmetic (the prices
    /// rounded to 1/2^40): price·left + Σ price·slots + Σ positive reduced values, capped per
    /// limit as in [`Search::dantzig`]. `None` if absurd inputs would overflow.
    fn lagrangian(&mut self, value: u64, left: i64) -> Option<u64> {
        let fixed = |price: f64| {
            let scaled = (price * PRICE_SCALE as f64).round();
            (scaled.is_finite() && (0.0..1e30).contains(&scaled)).then_some(scaled as i128)
        };
        let per_fen = fixed(self.prices[0])?;
        let per_slot: Vec<i128> = self.prices[1..]
            .iter()
            .map(|&p| fixed(p))
            .collect::<Option<_>>()?;
        let mut total = per_fen.checked_mul(i128::from(left))?;
        for (price, &slots) in per_slot.iter().zip(&self.rem) {
            total = total.checked_add(price.checked_mul(i128::from(slots))?)?;
        }
        self.reduced.iter_mut().for_each(Vec::clear);
        for &i in &self.fitting {
            let item = &self.items[i];
            let mut reduced = i128::from(item.value) * PRICE_SCALE
                - per_fen.checked_mul(i128::from(item.cost))?;
            for &l in &item.limits {
                reduced -= per_slot[l];
            }
            if reduced <= 0 {
                continue;
            }
            match tightest(&item.limits, &self.rem) {
                None => total = total.checked_add(reduced)?,
                Some(l) => self.reduced[l].push(reduced),
            }
        }
        total = total.checked_add(capped_sum(&mut self.reduced, &self.rem))?;
        value.checked_add(u64::try_from(total / PRICE_SCALE).ok()?)
    }
}

/// The limit with the fewest slots left among an item's: the one its bound counts it under.
fn tightest(limits: &[usize], rem: &[u32]) -> Option<usize> {
    limits.iter().copied().min_by_key(|&l| (rem[l], l))
}

/// Per limit, the sum of its best `rem` values: at most that many of its items can be taken.
fn capped_sum(per_limit: &mut [Vec<i128>], rem: &[u32]) -> i128 {
    let mut total = 0;
    for (values, &slots) in per_limit.iter_mut().zip(rem) {
        let slots = slots as usize;
        if values.len() > slots {
            if slots > 0 {
                values.select_nth_unstable_by(slots - 1, |a, b| b.cmp(a));
            }
            values.truncate(slots);
        }
        total += values.iter().sum::<i128>();
    }
    total
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn yuan(y: i64) -> Money {
        Money::from_yuan(y)
    }

    fn free(id: i64, cost: Money, value: u64, limits: &[usize]) -> Candidate {
        Candidate {
            id,
            cost,
            value,
            limits: limits.to_vec(),
            pin: Pin::Free,
        }
    }

    fn pinned(c: Candidate, pin: Pin) -> Candidate {
        Candidate { pin, ..c }
    }

    fn solve(budget: Money, candidates: &[Candidate], limits: &[Limit]) -> Portfolio {
        optimise(budget, candidates, limits).expect("a feasible instance")
    }

    #[test]
    fn budget_zero_takes_only_the_free_events() {
        let c = [
            free(1, Money::ZERO, 300, &[]),
            free(2, Money::from_fen(1), 10_000, &[]),
            free(3, Money::ZERO, 0, &[]),
            free(4, Money::ZERO, 5, &[]),
        ];
        let p = solve(Money::ZERO, &c, &[]);
        assert_eq!(
            p.chosen,
            vec![1, 4],
            "free events with value are taken, worthless ones never"
        );
        assert_eq!((p.value, p.cost), (305, Money::ZERO));
    }

    #[test]
    fn every_event_over_budget_gives_the_empty_portfolio() {
        let c = [
            free(1, yuan(200_000), 5_000, &[]),
            free(2, yuan(300_000), 9_000, &[]),
        ];
        let p = solve(yuan(100_000), &c, &[]);
        assert_eq!(
            p,
            Portfolio {
                chosen: vec![],
                value: 0,
                cost: Money::ZERO
            },
            "nothing fits, and that is an answer, not an error"
        );
    }

    #[test]
    fn a_limit_of_one_summit_picks_the_best_summit() {
        let summits = [Limit { max: 1 }];
        let c = [
            free(1, yuan(300_000), 20_000, &[0]),
            free(2, yuan(500_000), 45_000, &[0]),
            free(3, yuan(100_000), 9_000, &[0]),
            free(4, yuan(200_000), 6_000, &[]),
        ];
        let p = solve(yuan(1_000_000), &c, &summits);
        assert_eq!(
            p.chosen,
            vec![2, 4],
            "one summit only, the most valuable, plus what else fits"
        );
        assert_eq!((p.value, p.cost), (51_000, yuan(700_000)));
    }

    #[test]
    fn the_bound_respects_limits_where_density_alone_would_mislead() {
        // Density ranks the cheap summit first; the limit makes the dear one the better pick.
        let c = [
            free(1, yuan(10_000), 1_000, &[0]),
            free(2, yuan(100_000), 5_000, &[0]),
        ];
        let p = solve(yuan(100_000), &c, &[Limit { max: 1 }]);
        assert_eq!(p.chosen, vec![2], "the summit worth more wins the one slot");
    }

    #[test]
    fn required_over_budget_is_an_error() {
        let c = [
            pinned(free(1, yuan(600_000), 1, &[]), Pin::Required),
            pinned(free(2, yuan(500_000), 1, &[]), Pin::Required),
            free(3, yuan(1), 1, &[]),
        ];
        let err = optimise(yuan(1_000_000), &c, &[]).expect_err("required cost 1.1M > 1M");
        assert_eq!(
            err,
            PortfolioError::RequiredOverBudget {
                cost: yuan(1_100_000),
                budget: yuan(1_000_000)
            },
            "the error names both sums so the sentence can"
        );
        assert_eq!(err.code(), "required_over_budget");
    }

    #[test]
    fn required_over_a_limit_is_an_error() {
        let limits = [Limit { max: 3 }, Limit { max: 1 }];
        let c = [
            pinned(free(1, yuan(1), 1, &[0, 1]), Pin::Required),
            pinned(free(2, yuan(1), 1, &[1]), Pin::Required),
        ];
        let err = optimise(yuan(1_000), &c, &limits).expect_err("two required, one slot");
        assert_eq!(
            err,
            PortfolioError::RequiredOverLimit {
                limit: 1,
                required: 2,
                max: 1
            },
            "the error names the limit broken"
        );
        assert!(
            err.message(Lang::En).contains("Limit 2"),
            "limits count from 1 for users"
        );
    }

    #[test]
    fn required_is_always_in_even_when_worthless() {
        let c = [
            pinned(free(1, yuan(100), 0, &[0]), Pin::Required),
            free(2, yuan(100), 50, &[0]),
        ];
        let p = solve(yuan(1_000), &c, &[Limit { max: 1 }]);
        assert_eq!(p.chosen, vec![1], "the user's insistence beats the value");
    }

    #[test]
    fn excluded_is_never_chosen() {
        let c = [
            pinned(free(1, Money::ZERO, 1_000_000, &[]), Pin::Excluded),
            free(2, yuan(10), 1, &[]),
        ];
        let p = solve(yuan(1_000), &c, &[]);
        assert_eq!(p.chosen, vec![2], "ruled out means out, however good");
    }

    #[test]
    fn invalid_candidates_are_refused() {
        for bad in [
            free(7, Money::from_fen(-1), 1, &[]),
            free(7, yuan(1), MAX_VALUE + 1, &[]),
            free(7, yuan(1), 1, &[3]),
        ] {
            assert_eq!(
                optimise(yuan(1_000), &[bad], &[Limit { max: 1 }]),
                Err(PortfolioError::InvalidCandidate { id: 7 }),
                "bad data is refused, not optimised"
            );
        }
    }

    #[test]
    fn ties_prefer_the_cheaper_then_the_earlier_ranked() {
        // {1} and {2, 3} are worth 10 each; {2, 3} costs less.
        let c = [
            free(1, yuan(100), 10, &[]),
            free(2, yuan(40), 5, &[]),
            free(3, yuan(40), 5, &[]),
        ];
        let p = solve(yuan(100), &c, &[]);
        assert_eq!(p.chosen, vec![2, 3], "equal value: the cheaper portfolio");

        // The search meets {1, 2} first (1 ranks highest); {3} is worth as much for a fen less.
        let c = [
            free(1, Money::from_fen(200_000), 3, &[]),
            free(2, Money::from_fen(300_000), 1, &[]),
            free(3, Money::from_fen(499_999), 4, &[]),
        ];
        let p = solve(Money::from_fen(500_000), &c, &[]);
        assert_eq!(p.chosen, vec![3], "a fen cheaper, met later, still wins");

        // Four identical events, room for two: the first two in input order, every time.
        let same: Vec<Candidate> = (1..=4).map(|id| free(id, yuan(50), 7, &[])).collect();
        for _ in 0..3 {
            assert_eq!(
                solve(yuan(100), &same, &[]).chosen,
                vec![1, 2],
                "identical candidates: reproducibly the earliest"
            );
        }
        let reversed: Vec<Candidate> = same.iter().rev().cloned().collect();
        assert_eq!(
            solve(yuan(100), &reversed, &[]).chosen,
            vec![4, 3],
            "the rule is input order, not id order"
        );
    }

    #[test]
    fn alternatives_name_the_swap_and_its_loss() {
        let limits = [Limit { max: 1 }];
        let c = [
            free(1, yuan(500_000), 45_000, &[0]),
            free(2, yuan(300_000), 40_000, &[0]),
            free(3, yuan(200_000), 10_000, &[]),
            pinned(free(4, yuan(1), 99_000, &[]), Pin::Excluded),
        ];
        let budget = yuan(800_000);
        let best = solve(budget, &c, &limits);
        assert_eq!(best.chosen, vec![1, 3]);
        let alts = alternatives(budget, &c, &limits, &best, 10);
        assert_eq!(
            alts[0],
            Alternative {
                added: vec![2],
                removed: vec![1],
                value: 50_000,
                cost: yuan(500_000),
                value_lost: 5_000,
            },
            "the closest runner-up: swap the dear summit for the cheaper one"
        );
        assert_eq!(
            alts.len(),
            2,
            "taking 2 and leaving out 1 lead to the same portfolio, shown once; 4 is pinned"
        );
        assert_eq!(alts[1].removed, vec![3], "then: drop the roadshow");
        assert_eq!(alts[1].value_lost, 10_000);
        assert!(
            alternatives(budget, &c, &limits, &best, 0).is_empty(),
            "none asked for, none computed"
        );
    }

    /// What the brute force and the checks need of an instance.
    #[derive(Debug, Clone)]
    struct Instance {
        budget: Money,
        candidates: Vec<Candidate>,
        limits: Vec<Limit>,
    }

    impl Instance {
        fn feasible(&self, chosen: &[usize]) -> bool {
            let cost: i64 = chosen.iter().map(|&i| self.candidates[i].cost.fen()).sum();
            let pins_kept = self
                .candidates
                .iter()
                .enumerate()
                .all(|(i, c)| match c.pin {
                    Pin::Required => chosen.contains(&i),
                    Pin::Excluded => !chosen.contains(&i),
                    Pin::Free => true,
                });
            let limits_kept = self.limits.iter().enumerate().all(|(l, lim)| {
                let n = chosen
                    .iter()
                    .filter(|&&i| self.candidates[i].limits.contains(&l))
                    .count();
                n <= lim.max as usize
            });
            pins_kept && limits_kept && cost <= self.budget.fen()
        }

        fn positions(&self, ids: &[i64]) -> Vec<usize> {
            ids.iter()
                .map(|id| {
                    self.candidates
                        .iter()
                        .position(|c| c.id == *id)
                        .expect("ids come from the candidates")
                })
                .collect()
        }

        /// The optimum by exhaustion, with the documented rule for ties: more value, then less
        /// cost, then the set taking the earlier-ranked candidate where two differ. Free
        /// candidates worth nothing are left out, as documented.
        fn brute_force(&self) -> Option<(u64, i64, Vec<usize>)> {
            let n = self.candidates.len();
            let mut ranked: Vec<Item> = self
                .candidates
                .iter()
                .enumerate()
                .map(|(pos, c)| Item {
                    pos,
                    cost: c.cost.fen(),
                    value: c.value,
                    limits: vec![],
                })
                .collect();
            ranked.sort_by(rank);
            let mut best: Option<(u64, i64, u32)> = None;
            for mask in 0u32..(1 << n) {
                let chosen: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
                let worthless = chosen
                    .iter()
                    .any(|&i| self.candidates[i].pin == Pin::Free && self.candidates[i].value == 0);
                if worthless || !self.feasible(&chosen) {
                    continue;
                }
                let value: u64 = chosen.iter().map(|&i| self.candidates[i].value).sum();
                let cost: i64 = chosen.iter().map(|&i| self.candidates[i].cost.fen()).sum();
                let better = match best {
                    None => true,
                    Some((bv, bc, bm)) => {
                        (value, -cost) > (bv, -bc)
                            || ((value, cost) == (bv, bc)
                                && ranked
                                    .iter()
                                    .map(|it| 1u32 << it.pos)
                                    .find(|bit| (mask ^ bm) & bit != 0)
                                    .is_some_and(|bit| mask & bit != 0))
                    }
                };
                if better {
                    best = Some((value, cost, mask));
                }
            }
            best.map(|(v, c, m)| (v, c, (0..n).filter(|&i| m & (1 << i) != 0).collect()))
        }

        fn with_pin(&self, pos: usize, pin: Pin) -> Instance {
            let mut other = self.clone();
            other.candidates[pos].pin = pin;
            other
        }
    }

    /// Up to `n` candidates: small enough for exhaustion, with ties, zeros and conflicts common.
    fn instances(n: usize) -> impl Strategy<Value = Instance> {
        let cost = prop_oneof![
            Just(0i64),
            (1i64..=6).prop_map(|c| c * 1_000),
            // A fen apart: equal-value portfolios that differ in cost by the least amount.
            (1i64..=6, -1i64..=1).prop_map(|(c, d)| c * 1_000 + d),
            1i64..=9_999,
        ];
        let value = prop_oneof![Just(0u64), 1u64..=4, 1u64..=500];
        let pin = prop_oneof![
            8 => Just(Pin::Free),
            1 => Just(Pin::Required),
            1 => Just(Pin::Excluded),
        ];
        let candidate = (cost, value, 0u8..8, pin);
        (
            proptest::collection::vec(candidate, 0..=n),
            proptest::collection::vec(0u32..=3, 0..=3),
            0i64..=40_000,
        )
            .prop_map(|(cands, maxes, budget)| Instance {
                budget: Money::from_fen(budget),
                candidates: cands
                    .into_iter()
                    .enumerate()
                    .map(|(i, (cost, value, member, pin))| Candidate {
                        id: 100 + i as i64,
                        cost: Money::from_fen(cost),
                        value,
                        limits: (0..maxes.len())
                            .filter(|l| member & (1 << l) != 0)
                            .collect(),
                        pin,
                    })
                    .collect(),
                limits: maxes.into_iter().map(|max| Limit { max }).collect(),
            })
    }

    /// The optimum's value and least cost by dynamic programming over (fen spent, slots used
    /// per limit): exact for costs of a few fen, at sizes exhaustion cannot reach, where the
    /// search runs deep enough for the priced bound to matter.
    fn dynamic_programming(inst: &Instance) -> Option<(u64, i64)> {
        let budget = usize::try_from(inst.budget.fen()).ok()?;
        let radix: Vec<usize> = inst.limits.iter().map(|l| l.max as usize + 1).collect();
        let slots: usize = radix.iter().product();
        // best[spent * slots + used] = the most value with exactly that spent and used.
        let mut best: Vec<Option<u64>> = vec![None; (budget + 1) * slots];
        best[0] = Some(0);
        for c in &inst.candidates {
            let worthless = c.pin == Pin::Free && c.value == 0;
            if c.pin == Pin::Excluded || worthless {
                continue;
            }
            let cost = c.cost.fen() as usize;
            let mut next = if c.pin == Pin::Required {
                vec![None; best.len()]
            } else {
                best.clone()
            };
            for (state, value) in best.iter().enumerate() {
                let Some(value) = value else { continue };
                let (spent, mut used) = (state / slots, state % slots);
                let mut code = Vec::with_capacity(radix.len());
                for r in &radix {
                    code.push(used % r);
                    used /= r;
                }
                if spent + cost > budget || c.limits.iter().any(|&l| code[l] + 1 >= radix[l]) {
                    continue;
                }
                c.limits.iter().for_each(|&l| code[l] += 1);
                let used = code
                    .iter()
                    .zip(&radix)
                    .rev()
                    .fold(0, |acc, (d, r)| acc * r + d);
                let to = &mut next[(spent + cost) * slots + used];
                *to = Some(to.map_or(value + c.value, |v| v.max(value + c.value)));
            }
            best = next;
        }
        let value = best.iter().flatten().max()?;
        let spent = best.iter().position(|v| *v == Some(*value))? / slots;
        Some((*value, spent as i64))
    }

    fn larger_instances() -> impl Strategy<Value = Instance> {
        let candidate = (
            0i64..=40,
            prop_oneof![Just(0u64), 1u64..=60],
            0u8..8,
            prop_oneof![18 => Just(Pin::Free), 1 => Just(Pin::Required), 1 => Just(Pin::Excluded)],
        );
        (
            proptest::collection::vec(candidate, 20..=60),
            proptest::collection::vec(1u32..=3, 0..=3),
            10u32..=60,
        )
            .prop_map(|(cands, maxes, percent)| {
                let total: i64 = cands.iter().map(|c| c.0).sum();
                Instance {
                    budget: Money::from_fen(total * i64::from(percent) / 100),
                    candidates: cands
                        .into_iter()
                        .enumerate()
                        .map(|(i, (cost, value, member, pin))| Candidate {
                            id: i as i64,
                            cost: Money::from_fen(cost),
                            value,
                            limits: (0..maxes.len())
                                .filter(|l| member & (1 << l) != 0)
                                .collect(),
                            pin,
                        })
                        .collect(),
                    limits: maxes.into_iter().map(|max| Limit { max }).collect(),
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn optimise_matches_dynamic_programming_on_larger_instances(inst in larger_instances()) {
            let got = optimise(inst.budget, &inst.candidates, &inst.limits);
            match dynamic_programming(&inst) {
                None => prop_assert!(got.is_err(), "no feasible set, so the pins must be refused"),
                Some((value, cost)) => {
                    let p = got.expect("a feasible set exists");
                    prop_assert!(inst.feasible(&inst.positions(&p.chosen)), "feasible");
                    prop_assert_eq!((p.value, p.cost.fen()), (value, cost), "the optimum, and the cheapest of its kind");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn optimise_matches_brute_force(inst in instances(15)) {
            let got = optimise(inst.budget, &inst.candidates, &inst.limits);
            match inst.brute_force() {
                None => prop_assert!(got.is_err(), "no feasible set, so the pins must be refused"),
                Some((value, cost, chosen)) => {
                    let p = got.expect("a feasible set exists");
                    let at = inst.positions(&p.chosen);
                    prop_assert!(inst.feasible(&at), "the portfolio keeps budget, limits and pins");
                    prop_assert_eq!(
                        p.value,
                        at.iter().map(|&i| inst.candidates[i].value).sum::<u64>(),
                        "value is the set's"
                    );
                    prop_assert_eq!(
                        p.cost.fen(),
                        at.iter().map(|&i| inst.candidates[i].cost.fen()).sum::<i64>(),
                        "cost is the set's"
                    );
                    prop_assert_eq!(p.value, value, "the optimum value, exactly");
                    prop_assert_eq!(p.cost.fen(), cost, "the cheapest of the optima");
                    prop_assert_eq!(at, chosen, "ties broken by the documented rule");
                }
            }
        }

        #[test]
        fn alternatives_are_feasible_and_exact(inst in instances(12), max in 0usize..5) {
            let Ok(best) = optimise(inst.budget, &inst.candidates, &inst.limits) else {
                return Ok(());
            };
            let alts = alternatives(inst.budget, &inst.candidates, &inst.limits, &best, max);
            prop_assert!(alts.len() <= max, "at most `max`");
            let mut sets = Vec::new();
            for pair in alts.windows(2) {
                prop_assert!(
                    (pair[0].value_lost, pair[0].cost) <= (pair[1].value_lost, pair[1].cost),
                    "closest first"
                );
            }
            let in_best = inst.positions(&best.chosen);
            for alt in &alts {
                let mut at: Vec<usize> = in_best
                    .iter()
                    .copied()
                    .filter(|&i| !alt.removed.contains(&inst.candidates[i].id))
                    .chain(inst.positions(&alt.added))
                    .collect();
                at.sort_unstable();
                prop_assert!(inst.feasible(&at), "an alternative keeps budget, limits and pins");
                prop_assert_eq!(alt.value, at.iter().map(|&i| inst.candidates[i].value).sum::<u64>());
                prop_assert_eq!(alt.cost.fen(), at.iter().map(|&i| inst.candidates[i].cost.fen()).sum::<i64>());
                prop_assert_eq!(alt.value_lost, best.value - alt.value, "loss against the best");
                prop_assert!(!alt.added.is_empty() || !alt.removed.is_empty(), "differs from the best");
                prop_assert!(!sets.contains(&at), "each portfolio once");
                sets.push(at);
            }

            // The same list by exhaustion: every turn's optimum, closest first, each set once.
            let mut expected: Vec<(std::cmp::Reverse<u64>, i64, usize, Vec<usize>)> = Vec::new();
            for (i, c) in inst.candidates.iter().enumerate() {
                let pin = if in_best.contains(&i) { Pin::Excluded } else { Pin::Required };
                if c.pin != Pin::Free {
                    continue;
                }
                if let Some((v, cost, set)) = inst.with_pin(i, pin).brute_force() {
                    expected.push((std::cmp::Reverse(v), cost, i, set));
                }
            }
            expected.sort();
            let mut seen = Vec::new();
            expected.retain(|e| {
                let first = !seen.contains(&e.3);
                seen.push(e.3.clone());
                first
            });
            expected.truncate(max);
            prop_assert_eq!(sets, expected.into_iter().map(|e| e.3).collect::<Vec<_>>(), "the closest alternatives, none missed");
        }
    }
}
