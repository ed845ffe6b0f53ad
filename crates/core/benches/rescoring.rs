//! Lead rescoring speed target: the store rescores 1,000,000 leads of ~3 touches each in well
//! under 3 s including SQLite, so `score` must be ~100 ns-class per lead.
//!
//! `cargo bench -p marketdesk-core --bench rescoring` (release). Synthetic leads, seeded: every
//! seniority and function, industries from a pool of 12 (some in the default targets, some
//! containing them, some English in mixed case, some blank), sizes including unknown, regions
//! against a 3-region target list, and three touches each of any kind up to two years old.
//! Prints the best of 5 runs in ns per lead.

use std::hint::black_box;
use std::time::{Duration, Instant};

use marketdesk_core::scoring::{score, CompanySize, EngagementKind, Profile, Scorecard, Touch};
use marketdesk_core::{Function, Seniority};

const LEADS: usize = 1_000_000;
const TOUCHES_PER_LEAD: usize = 3;
const RUNS: usize = 5;
const AS_OF: i32 = 20_500;

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const INDUSTRIES: [&str; 12] = [
    "股份制银行",
    "城市商业银行",
    "证券公司",
    "财产保险",
    "公募基金",
    "制造业",
    "互联网",
    "Retail Banking",
    "INSURANCE",
    "医疗器械",
    "",
    "政府机构",
];
const REGIONS: [&str; 8] = ["上海", "北京市", "深圳", "广东", "成都", "杭州", "", "武汉"];

fn main() {
    let mut card = Scorecard::default();
    card.fit.target_regions = vec!["上海".into(), "北京".into(), "广东".into()];
    card.engagement.visit.half_life_days = Some(180);

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let profiles: Vec<Profile<'static>> = (0..LEADS)
        .map(|_| Profile {
            seniority: Seniority::ALL[rng.below(Seniority::ALL.len())],
            function: Function::ALL[rng.below(Function::ALL.len())],
            industry: INDUSTRIES[rng.below(INDUSTRIES.len())],
            company_size: match rng.below(5) {
                4 => None,
                i => Some(CompanySize::ALL[i]),
            },
            region: REGIONS[rng.below(REGIONS.len())],
        })
        .collect();
    let touches: Vec<Touch> = (0..LEADS * TOUCHES_PER_LEAD)
        .map(|_| Touch {
            kind: EngagementKind::ALL[rng.below(EngagementKind::COUNT)],
            day: AS_OF - rng.below(730) as i32,
        })
        .collect();

    let started = Instant::now();
    let prepared = card.prepare().expect("the bench scorecard is valid");
    let prepare_time = started.elapsed();

    let mut best = Duration::MAX;
    let mut checksum = 0i64;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut sum = 0i64;
        let mut mqls = 0u32;
        for (profile, touches) in profiles.iter().zip(touches.chunks_exact(TOUCHES_PER_LEAD)) {
            let s = score(&prepared, black_box(profile), black_box(touches), AS_OF);
            sum += s.fit_points + s.points_hundredths;
            mqls += u32::from(s.mql);
        }
        best = best.min(started.elapsed());
        black_box(mqls);
        assert!(
            checksum == 0 || checksum == sum,
            "rescoring must be deterministic"
        );
        checksum = sum;
    }
    println!(
        "rescoring: {LEADS} leads × {TOUCHES_PER_LEAD} touches: best of {RUNS} {:.1} ms, {:.1} ns/lead (prepare {:?}, checksum {checksum})",
        best.as_secs_f64() * 1e3,
        best.as_secs_f64() * 1e9 / LEADS as f64,
        prepare_time,
    );
}
