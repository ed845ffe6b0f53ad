//! The attendee list itself: a stream of rows, some of them repeat sign-ups.

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};

use crate::person::{profile, second_mobile};
use crate::render::{self, DateFormat, Variation, DATE_FORMATS};
use crate::rng::{Rng, Stream};

/// The header row of every file this crate writes, in column order of [`Attendee::cells`].
pub const HEADER: [&str; 10] = [
    "姓名",
    "手机",
    "邮箱",
    "公司",
    "部门",
    "职位",
    "城市",
    "行业",
    "报名时间",
    "签到",
];

/// One row of an attendee list: the cell texts as an organiser's export has them
/// (an empty string is an empty cell).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub company: String,
    pub department: String,
    pub title: String,
    pub city: String,
    pub industry: String,
    /// Registration time as text, in one of several formats (`2024/3/5 14:30`,
    /// `2024-03-05 14:30:00`, `2024年3月5日`, …).
    pub registered_at: String,
    /// `是`, `否`, `已签到` or empty.
    pub checked_in: String,
    /// Ground truth, not written to files: the id of the underlying person (see
    /// [`crate::person()`]). Rows with the same `person` are sign-ups of the same person;
    /// ids are numbered 0, 1, 2, … in order of first appearance.
    pub person: u64,
}

impl Attendee {
    /// The cells in [`HEADER`] order.
    pub fn cells(&self) -> [&str; 10] {
        [
            &self.name,
            &self.phone,
            &self.email,
            &self.company,
            &self.department,
            &self.title,
            &self.city,
            &self.industry,
            &self.registered_at,
            &self.checked_in,
        ]
    }
}

/// How a list is generated.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Everything is a pure function of the seed (and the row index): the same seed gives
    /// the same list, and a shorter list is a prefix of a longer one.
    pub seed: u64,
    /// Expected share of rows that are repeat sign-ups of an earlier person in the list
    /// (default 0.05). Clamped to `0.0..=0.95`; NaN counts as 0.
    pub repeat_share: f64,
    /// Format variations real exports have (default true). When false, every cell holds
    /// the canonical value and only the list-wide date format varies.
    pub messy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 2026,
            repeat_share: 0.05,
            messy: true,
        }
    }
}

impl Options {
    fn share(&self) -> f64 {
        if self.repeat_share.is_nan() {
            0.0
        } else {
            self.repeat_share.clamp(0.0, 0.95)
        }
    }
}

/// Whether row `row` is a repeat sign-up (a pure function of seed and row).
fn is_repeat(seed: u64, share: f64, row: u64) -> bool {
    row > 0 && Rng::for_item(seed, Stream::RowKind, row).chance(share)
}

/// The first `n` rows of the list generated with `opts`, produced one at a time (memory
/// stays constant whatever `n` is).
pub fn attendees(n: usize, opts: &Options) -> Attendees {
    let mut list = Rng::for_item(opts.seed, Stream::List, 0);
    let start_day = list.below(900) as i64;
    let start = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
        + Duration::days(start_day);
    Attendees {
        seed: opts.seed,
        share: opts.share(),
        messy: opts.messy,
        n: n as u64,
        row: 0,
        people: 0,
        clock: start,
        date_format: list.weighted(DATE_FORMATS),
    }
}

/// How many distinct people the first `n` rows of the list generated with `opts` have
/// (equal to the number of distinct [`Attendee::person`] values). Cheap: it only decides
/// which rows are repeats.
pub fn distinct_people(n: usize, opts: &Options) -> usize {
    let share = opts.share();
    (0..n as u64)
        .filter(|&row| !is_repeat(opts.seed, share, row))
        .count()
}

/// Streaming iterator over an attendee list; see [`attendees`].
#[derive(Clone, Debug)]
pub struct Attendees {
    seed: u64,
    share: f64,
    messy: bool,
    n: u64,
    row: u64,
    /// People who have signed up so far.
    people: u64,
    /// Registration time of the previous row.
    clock: NaiveDateTime,
    /// The list-wide date format.
    date_format: DateFormat,
}

/// Mean gap between two registrations, in seconds.
const MEAN_GAP_SECONDS: f64 = 240.0;

impl Attendees {
    /// Number of distinct people in the rows produced so far.
    pub fn people_so_far(&self) -> u64 {
        self.people
    }

    fn advance_clock(&mut self, rng: &mut Rng) {
        let gap = -(1.0 - rng.unit()).ln() * MEAN_GAP_SECONDS;
        let mut t = self.clock + Duration::seconds(gap as i64 + 1);
        // Nobody registers between 23:00 and 08:00.
        if t.hour() >= 23 || t.hour() < 8 {
            let day = if t.hour() >= 23 {
                t.date() + Duration::days(1)
            } else {
                t.date()
            };
            t = day.and_hms_opt(8, 0, 0).unwrap_or(t) + Duration::seconds(rng.below(3_600) as i64);
        }
        self.clock = t;
    }

    fn make_row(&mut self) -> Attendee {
        let row = self.row;
        let repeat = is_repeat(self.seed, self.share, row);
        let mut rng = Rng::for_item(self.seed, Stream::Row, row);
        let id = if repeat {
            rng.below(self.people)
        } else {
            self.people += 1;
            self.people - 1
        };
        let profile = profile(self.seed, id);
        let p = &profile.person;
        let v = match (self.messy, repeat) {
            (false, _) => Variation::None,
            (true, false) => Variation::First,
            (true, true) => Variation::Repeat,
        };

        let second = second_mobile(self.seed, id);
        let (mut phone, mut email) = (String::new(), String::new());
        match (&p.mobile, &p.email, repeat) {
            (mobile, email_canon, false) => {
                if let Some(m) = mobile {
                    phone = render::phone(m, Some(&second), &mut rng, v);
                }
                if let Some(e) = email_canon {
                    email = render::email(e, &mut rng, v);
                }
            }
            // A repeat keeps one anchor (phone or e-mail) that normalises to the person's
            // own; the other may be left out or replaced.
            (mobile, email_canon, true) => {
                let anchor_phone = mobile.is_some() && (email_canon.is_none() || rng.chance(0.6));
                if let Some(m) = mobile {
                    phone = if anchor_phone {
                        render::phone(m, None, &mut rng, v)
                    } else {
                        match rng.below(100) {
                            0..=24 => String::new(),
                            25..=34 => second.clone(),
                            _ => render::phone(m, Some(&second), &mut rng, v),
                        }
                    };
                }
                if let Some(e) = email_canon {
                    email = if anchor_phone {
                        match (rng.below(100), mobile) {
                            (0..=24, _) => String::new(),
                            (25..=34, Some(m)) => format!("{m}@139.com"),
                            _ => render::email(e, &mut rng, v),
                        }
                    } else {
                        render::email(e, &mut rng, v)
                    };
                }
            }
        }

        self.advance_clock(&mut rng);
        let format = if self.messy && rng.chance(0.1) {
            rng.weighted(DATE_FORMATS)
        } else {
            self.date_format
        };
        Attendee {
            name: render::name(&profile.name, &mut rng, v),
            phone,
            email,
            company: render::company(&p.company, &mut rng, v),
            department: p.department.clone(),
            title: p.title.clone(),
            city: render::city(&p.city, &mut rng, v),
            industry: render::industry(profile.industry, &mut rng, v),
            registered_at: render::datetime(self.clock, format),
            checked_in: render::checked_in(&mut rng, v).to_string(),
            person: id,
        }
    }
}

impl Iterator for Attendees {
    type Item = Attendee;

    fn next(&mut self) -> Option<Attendee> {
        if self.row >= self.n {
            return None;
        }
        let a = self.make_row();
        self.row += 1;
        Some(a)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.n - self.row) as usize;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Attendees {}
