//! Realistic Chinese event attendee lists (报名/签到名单) for benchmarks and end-to-end tests.
//!
//! A list is a deterministic stream of [`Attendee`] rows generated from [`Options::seed`]:
//! the same seed always gives the same rows, and the first `n` rows of a longer list are
//! the list of `n` rows. Nothing is kept per row, so a million rows take constant memory.
//!
//! Realism: names from the 100 most common surnames weighted by frequency, a few compound
//! surnames and Latin names; unique valid CN mobiles; company names of banks, insurers,
//! securities firms, manufacturers and internet firms (famous ones with branches, and
//! combinatorially generated ones); departments, titles, cities and industries in
//! plausible proportions; several registration-time formats. With [`Options::messy`] the
//! cells carry the format variations real exports have. About [`Options::repeat_share`]
//! of rows are repeat sign-ups of an earlier person, varied but with the phone or the
//! e-mail still equal under [`normalize`]; [`Attendee::person`] is the ground truth.
//!
//! ```
//! use marketdesk_testdata::{attendees, distinct_people, Options};
//! let opts = Options::default();
//! let rows: Vec<_> = attendees(1_000, &opts).collect();
//! let people: std::collections::HashSet<u64> = rows.iter().map(|a| a.person).collect();
//! assert_eq!(people.len(), distinct_people(1_000, &opts));
//! ```
//!
//! Writers: [`write_csv`] (UTF-8, UTF-8 with BOM, GBK, UTF-16LE) and [`write_xlsx`], both
//! streaming, both with an optional banner line above the Chinese header row.

mod company;
mod csv_writer;
mod list;
mod names;
pub mod normalize;
mod person;
mod render;
mod rng;
mod xlsx_writer;

pub use csv_writer::{write_csv, CsvEncoding};
pub use list::{attendees, distinct_people, Attendee, Attendees, Options, HEADER};
pub use person::{person, Person};
pub use xlsx_writer::write_xlsx;
