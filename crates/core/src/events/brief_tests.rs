//! The seed author's event table (seed 000, domain brief "Events"), one canonical case per type,
//! and the sensitivities the brief implies.

use super::*;
use crate::{Function, Lang, Money, Share};

fn pct(n: u32) -> Share {
    Share::from_basis_points(n * 100).expect("a percent")
}

fn card() -> Scorecard {
    Scorecard {
        target_industries: vec!["银行".into()],
        ..Scorecard::default()
    }
}

fn departments(parts: &[(Function, u32)]) -> Vec<DepartmentShare> {
    parts
        .iter()
        .map(|&(function, p)| DepartmentShare {
            function,
            share: pct(p),
        })
        .collect()
}

fn mix(c_level: u32, vp: u32, manager: u32, staff: u32) -> SeniorityMix {
    SeniorityMix {
        c_level: pct(c_level),
        vp_director: pct(vp),
        manager: pct(manager),
        staff: pct(staff),
    }
}

fn summit() -> EventInputs {
    EventInputs {
        kind: EventKind::Summit,
        expected_size: 500,
        audience: Audience {
            industries: ["银行", "保险", "证券", "制造", "零售", "政务"]
                .map(String::from)
                .to_vec(),
            departments: departments(&[
                (Function::Business, 20),
                (Function::Technology, 15),
                (Function::Other, 65),
            ]),
            seniority: mix(5, 15, 40, 40),
        },
        package: Package {
            talk_minutes: 20,
            booth: true,
            ..Package::default()
        },
        cost: Money::from_yuan(300_000),
        competitors: 10,
        organiser_resources: 4,
    }
}

fn forum() -> EventInputs {
    EventInputs {
        kind: EventKind::Forum,
        expected_size: 200,
        audience: Audience {
            industries: vec!["银行".into()],
            departments: departments(&[
                (Function::Business, 30),
                (Function::Technology, 25),
                (Function::ComplianceRisk, 10),
            ]),
            seniority: mix(10, 25, 45, 20),
        },
        package: Package {
            talk_minutes: 30,
            booth: true,
            attendee_list: true,
            ..Package::default()
        },
        cost: Money::from_yuan(150_000),
        competitors: 2,
        organiser_resources: 4,
    }
}

fn salon() -> EventInputs {
    EventInputs {
        kind: EventKind::Salon,
        expected_size: 40,
        audience: Audience {
            industries: vec!["银行".into()],
            departments: departments(&[(Function::Business, 40), (Function::Technology, 30)]),
            seniority: mix(15, 30, 40, 15),
        },
        package: Package {
            talk_minutes: 45,
            roundtable: true,
            ..Package::default()
        },
        cost: Money::from_yuan(50_000),
        competitors: 0,
        organiser_resources: 4,
    }
}

fn own_conference() -> EventInputs {
    EventInputs {
        kind: EventKind::SelfHosted,
        expected_size: 200,
        cost: Money::from_yuan(400_000),
        ..salon()
    }
}

fn training(minutes: u32) -> EventInputs {
    EventInputs {
        kind: EventKind::Training,
        expected_size: 60,
        audience: Audience {
            industries: vec!["银行".into()],
            departments: departments(&[(Function::ComplianceRisk, 50), (Function::Technology, 20)]),
            seniority: mix(0, 30, 50, 20),
        },
        package: Package {
            talk_minutes: minutes,
            ..Package::default()
        },
        cost: Money::from_yuan(20_000),
        competitors: 0,
        organiser_resources: 5,
    }
}

fn expo(size: u32) -> EventInputs {
    EventInputs {
        kind: EventKind::Expo,
        expected_size: size,
        audience: Audience {
            industries: ["银行", "制造", "零售", "政务", "教育"]
                .map(String::from)
                .to_vec(),
            ..Audience::default()
        },
        package: Package {
            booth: true,
            ..Package::default()
        },
        cost: Money::from_yuan(200_000),
        competitors: 30,
        organiser_resources: 3,
    }
}

fn scored(inputs: &EventInputs) -> EventScore {
    inputs.validate().expect("valid inputs");
    score(inputs, &card(), Calibration::NONE)
}

fn advice_of(inputs: &EventInputs) -> Recommendation {
    scored(inputs).advice.recommendation
}

#[test]
fn a_summit_is_one_a_year_with_brand_over_leads() {
    let s = scored(&summit());
    assert_eq!(s.advice.recommendation, Recommendation::OncePerYear);
    assert!(
        s.brand_value > s.lead_value,
        "{} vs {}",
        s.brand_value,
        s.lead_value
    );
    assert!(s.advice.reasons.contains(&AdviceReason::TypeRule {
        kind: EventKind::Summit
    }));
    assert!(s.advice.reasons[0]
        .sentence(Lang::ZhCn)
        .contains("每年 1 场就够"));
}

#[test]
fn a_forum_whose_departments_match_is_sponsored_actively() {
    assert_eq!(advice_of(&forum()), Recommendation::Active);
    // The same forum of the wrong departments is only occasional.
    let mut off = forum();
    off.audience.departments = departments(&[(Function::Business, 20), (Function::Other, 80)]);
    let s = scored(&off);
    assert_eq!(s.advice.recommendation, Recommendation::Occasional);
    assert!(s
        .advice
        .reasons
        .iter()
        .any(|r| matches!(r, AdviceReason::DepartmentsMiss { .. })));
}

#[test]
fn a_salon_of_decision_makers_is_sponsored_strongly_and_low_seniority_only_occasionally() {
    assert_eq!(advice_of(&salon()), Recommendation::Strong);
    let mut junior = salon();
    junior.audience.seniority = mix(0, 10, 30, 60);
    let s = scored(&junior);
    assert_eq!(s.advice.recommendation, Recommendation::Occasional);
    let why: Vec<String> = s
        .advice
        .reasons
        .iter()
        .map(|r| r.sentence(Lang::ZhCn))
        .collect();
    assert!(
        why.iter().any(|w| w.contains("偶尔参与几场即可")),
        "{why:?}"
    );
}

#[test]
fn our_own_conference_is_strong_when_we_can_invite() {
    assert_eq!(advice_of(&own_conference()), Recommendation::Strong);
    let mut weak = own_conference();
    weak.organiser_resources = 2;
    assert_eq!(advice_of(&weak), Recommendation::Active);
    let mut own_salon = salon();
    own_salon.kind = EventKind::SelfHostedSalon;
    assert_eq!(advice_of(&own_salon), Recommendation::Strong);
}

#[test]
fn a_two_hour_training_is_strong_and_a_short_slot_is_not() {
    assert_eq!(advice_of(&training(120)), Recommendation::Strong);
    let short = scored(&training(30));
    assert_eq!(short.advice.recommendation, Recommendation::Active);
    assert!(short.total < scored(&training(120)).total);
}

#[test]
fn an_expo_is_for_brand_exposure() {
    assert_eq!(advice_of(&expo(8000)), Recommendation::BrandExposure);
}

#[test]
fn an_event_of_the_wrong_audience_is_not_recommended() {
    let mut wrong = forum();
    wrong.audience.industries = vec!["餐饮".into(), "零售".into()];
    wrong.audience.departments = departments(&[(Function::Other, 90)]);
    wrong.audience.seniority = mix(0, 5, 20, 75);
    wrong.competitors = 8;
    let s = scored(&wrong);
    assert_eq!(s.advice.recommendation, Recommendation::NotRecommended);
}

#[test]
fn raising_seniority_raises_a_salons_lead_value() {
    let mut low = salon();
    low.audience.seniority = mix(0, 10, 40, 50);
    let mut high = salon();
    high.audience.seniority = mix(5, 25, 40, 30);
    assert!(scored(&high).lead_value > scored(&low).lead_value);
    assert!(scored(&high).qualified_contacts > scored(&low).qualified_contacts);
}

#[test]
fn competitor_noise_lowers_lead_value() {
    let mut noisy = salon();
    noisy.competitors = 6;
    assert!(scored(&noisy).lead_value < scored(&salon()).lead_value);
}

#[test]
fn a_thirty_minute_slot_scores_below_a_two_hour_training_with_the_same_audience() {
    let slot = scored(&training(30));
    let session = scored(&training(120));
    assert!(slot.total < session.total);
    assert!(slot.lead_value < session.lead_value);
}

#[test]
fn a_bigger_expo_raises_brand_value_not_lead_value() {
    let small = scored(&expo(3000));
    let big = scored(&expo(30_000));
    assert!(big.brand_value > small.brand_value);
    assert_eq!(big.lead_value, small.lead_value);
}

#[test]
fn the_criteria_add_up_to_the_total_and_each_has_a_sentence() {
    for inputs in [summit(), forum(), salon(), training(120), expo(8000)] {
        let s = scored(&inputs);
        let sum: f64 = s.criteria.iter().map(|c| c.points).sum();
        assert!((sum - s.total).abs() < 1e-9);
        assert!((0.0..=100.0).contains(&s.total));
        for c in &s.criteria {
            assert!(c.sentence(Lang::ZhCn).contains("分"));
            assert!(c.sentence(Lang::En).contains("points"));
        }
        for r in &s.advice.reasons {
            assert!(!r.sentence(Lang::ZhCn).is_empty());
        }
    }
}

#[test]
fn qualified_contacts_are_people_of_the_buying_centre_not_headcount() {
    let s = scored(&forum());
    // 200 × reach × 65% departments × 35% decision-makers × 100% industry.
    let expected = 200.0 * s.reach * 0.65 * 0.35;
    assert!((s.qualified_contacts - expected).abs() < 1e-9);
    assert!(s.qualified_contacts < 200.0 * 0.5);
    let per = s.cost_per_qualified.expect("a cost per contact");
    assert_eq!(
        per.fen(),
        (15_000_000.0 / s.qualified_contacts).round() as i64
    );
    let sentence = s.qualified_sentence(&forum(), &card(), Lang::ZhCn);
    assert!(sentence.contains("对口部门 65%"), "{sentence}");
}

#[test]
fn unknown_audience_is_assumed_mediocre_and_said_so() {
    let mut blank = forum();
    blank.audience = Audience::default();
    let s = scored(&blank);
    assert!(s.total < scored(&forum()).total);
    assert!(s.advice.reasons.contains(&AdviceReason::DepartmentsUnknown));
    assert!(s.criteria[0].sentence(Lang::ZhCn).contains("未填写"));
}

#[test]
fn no_cost_means_no_cost_per_contact() {
    let mut free = forum();
    free.cost = Money::ZERO;
    assert_eq!(scored(&free).cost_per_qualified, None);
}

#[test]
fn the_organisers_record_scales_the_forecast() {
    let half = Calibration::from_history(
        &[PastResult {
            forecast_qualified: 20.0,
            actual_qualified: 10,
        }],
        0,
    );
    let plain = scored(&forum());
    let learned = score(&forum(), &card(), half);
    assert!((learned.qualified_contacts - plain.qualified_contacts * 0.5).abs() < 1e-9);
    assert!(learned.cost_per_qualified > plain.cost_per_qualified);
}

#[test]
#[ignore = "prints the canonical cases for reading"]
fn print_canonical_cases() {
    for (name, inputs) in [
        ("summit", summit()),
        ("forum", forum()),
        ("salon", salon()),
        ("own", own_conference()),
        ("training", training(120)),
        ("expo", expo(8000)),
    ] {
        let s = scored(&inputs);
        println!(
            "{name}: total {:.1} lead {:.1} brand {:.1} qualified {:.1} per {:?} value {} {:?}",
            s.total,
            s.lead_value,
            s.brand_value,
            s.qualified_contacts,
            s.cost_per_qualified.map(|m| m.to_string()),
            s.portfolio_value,
            s.advice.recommendation
        );
    }
}

#[test]
fn a_team_meets_only_so_many_people_however_big_the_expo() {
    let s = scored(&expo(20_000));
    assert!(
        s.qualified_contacts <= 300.0 * 0.3 * 0.2,
        "{}",
        s.qualified_contacts
    );
    assert!(s
        .qualified_sentence(&expo(20_000), &card(), Lang::ZhCn)
        .contains("封顶"));
}
