use std::collections::{HashMap, HashSet};
use std::time::Instant;

use marketdesk_testdata::{
    attendees, distinct_people, normalize, person, write_csv, write_xlsx, Attendee, CsvEncoding,
    Options, HEADER,
};

const BANNER: &str = "2026 金融科技峰会 报名名单（导出时间：2026-11-20）";

fn opts(seed: u64) -> Options {
    Options {
        seed,
        ..Options::default()
    }
}

fn is_cn_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

#[test]
fn same_seed_same_list_and_prefix_stable() {
    let a: Vec<Attendee> = attendees(5_000, &opts(7)).collect();
    let b: Vec<Attendee> = attendees(5_000, &opts(7)).collect();
    assert_eq!(a, b, "the same seed must give the same rows");
    let short: Vec<Attendee> = attendees(1_000, &opts(7)).collect();
    assert_eq!(
        short[..],
        a[..1_000],
        "a shorter list must be a prefix of a longer one"
    );
    let other: Vec<Attendee> = attendees(5_000, &opts(8)).collect();
    let same = a.iter().zip(&other).filter(|(x, y)| x == y).count();
    assert_eq!(same, 0, "another seed must give other rows");
    assert_eq!(
        attendees(5_000, &opts(7)).len(),
        5_000,
        "exact size iterator reports n"
    );
}

#[test]
fn repeat_share_and_distinct_people_over_100k_rows() {
    let n = 100_000;
    for share in [0.05, 0.2] {
        let o = Options {
            seed: 42,
            repeat_share: share,
            messy: true,
        };
        let mut seen = HashSet::new();
        let mut repeats = 0usize;
        let mut max_id = 0u64;
        for (row, a) in attendees(n, &o).enumerate() {
            if !seen.insert(a.person) {
                repeats += 1;
            } else {
                assert_eq!(
                    a.person,
                    seen.len() as u64 - 1,
                    "row {row}: new people are numbered in order of first appearance"
                );
            }
            max_id = max_id.max(a.person);
        }
        let measured = repeats as f64 / n as f64;
        println!("repeat_share {share}: measured {measured:.4} over {n} rows");
        assert!(
            (measured - share).abs() <= 0.01,
            "repeat share {measured} not within ±1% of {share}"
        );
        assert_eq!(
            distinct_people(n, &o),
            seen.len(),
            "distinct_people must match the distinct person ids"
        );
        assert_eq!(max_id + 1, seen.len() as u64, "person ids are 0..people");
    }
}

#[test]
fn canonical_mobiles_are_valid_and_unique() {
    let o = opts(2026);
    let n = 100_000;
    let people = distinct_people(n, &o) as u64;
    let mut mobiles = HashSet::new();
    let mut without = 0usize;
    for id in 0..people {
        match person(o.seed, id).mobile {
            Some(m) => {
                assert!(
                    is_cn_mobile(&m),
                    "person {id}: mobile {m} is not 1[3-9] + 9 digits"
                );
                assert!(mobiles.insert(m.clone()), "person {id}: mobile {m} repeats");
            }
            None => without += 1,
        }
    }
    let share = without as f64 / people as f64;
    println!("people without a mobile: {share:.4}");
    assert!(
        (0.03..0.07).contains(&share),
        "about 5% without phone, got {share}"
    );
}

#[test]
fn repeats_keep_phone_or_email_and_rows_match_their_person() {
    let o = opts(99);
    let n = 100_000;
    let mut first_seen: HashSet<u64> = HashSet::new();
    let (mut no_email, mut no_phone, mut repeats, mut varied) = (0usize, 0usize, 0usize, 0usize);
    let mut phone_forms: HashMap<&str, usize> = HashMap::new();
    for (row, a) in attendees(n, &o).enumerate() {
        let p = person(o.seed, a.person);
        let phone = normalize::phone(&a.phone);
        let email = normalize::email(&a.email);
        no_email += usize::from(a.email.is_empty());
        no_phone += usize::from(a.phone.is_empty());
        if first_seen.insert(a.person) {
            assert_eq!(
                phone, p.mobile,
                "row {row}: first sign-up phone {:?}",
                a.phone
            );
            assert_eq!(
                email, p.email,
                "row {row}: first sign-up email {:?}",
                a.email
            );
        } else {
            repeats += 1;
            let keeps_phone = phone.is_some() && phone == p.mobile;
            let keeps_email = email.is_some() && email == p.email;
            assert!(
                keeps_phone || keeps_email,
                "row {row}: repeat of person {} keeps neither phone {:?} nor email {:?} ({p:?})",
                a.person,
                a.phone,
                a.email
            );
            let canonical = [
                p.mobile.as_deref().unwrap_or(""),
                p.email.as_deref().unwrap_or(""),
                &p.name,
                &p.company,
            ];
            if [&a.phone, &a.email, &a.name, &a.company] != canonical {
                varied += 1;
            }
        }
        let form = if a.phone.is_empty() {
            "empty"
        } else if a.phone.bytes().all(|b| b.is_ascii_digit()) {
            "digits"
        } else {
            "formatted"
        };
        *phone_forms.entry(form).or_default() += 1;
    }
    let no_email = no_email as f64 / n as f64;
    let no_phone = no_phone as f64 / n as f64;
    println!(
        "no email {no_email:.4}, no phone {no_phone:.4}, repeats {repeats}, varied repeats {varied}, phone forms {phone_forms:?}"
    );
    assert!(
        (0.08..0.14).contains(&no_email),
        "about 10% without e-mail, got {no_email}"
    );
    assert!(
        (0.03..0.08).contains(&no_phone),
        "about 5% without phone, got {no_phone}"
    );
    assert!(
        varied as f64 > repeats as f64 * 0.6,
        "most repeats differ from the canonical text ({varied} of {repeats})"
    );
}

#[test]
fn clean_lists_hold_canonical_values() {
    let o = Options {
        seed: 5,
        repeat_share: 0.05,
        messy: false,
    };
    for (row, a) in attendees(5_000, &o).enumerate() {
        let p = person(o.seed, a.person);
        assert_eq!(a.name, p.name, "row {row}: clean name");
        assert_eq!(a.company, p.company, "row {row}: clean company");
        assert!(
            a.phone.is_empty() || is_cn_mobile(&a.phone),
            "row {row}: clean phone {:?}",
            a.phone
        );
        assert_eq!(a.city, p.city, "row {row}: clean city");
        assert!(
            ["是", "否"].contains(&a.checked_in.as_str()),
            "row {row}: clean check-in {:?}",
            a.checked_in
        );
    }
}

#[test]
fn lists_look_realistic() {
    let rows: Vec<Attendee> = attendees(20_000, &opts(3)).collect();
    let count = |f: &dyn Fn(&Attendee) -> bool| rows.iter().filter(|a| f(a)).count();
    assert!(count(&|a| a.name.starts_with('王')) > 800, "王 is common");
    assert!(
        count(&|a| [
            "欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "令狐", "尉迟", "公孙", "夏侯",
            "司徒", "端木", "长孙"
        ]
        .iter()
        .any(|s| a.name.starts_with(s)))
            > 20,
        "some compound surnames"
    );
    assert!(count(&|a| a.name.is_ascii()) > 100, "some Latin names");
    assert!(
        count(&|a| a.name.contains('\u{3000}')) > 50,
        "full-width spaces in names"
    );
    assert!(
        count(&|a| a.company.contains("银行")) > 1_000,
        "banks are there"
    );
    assert!(
        count(&|a| a.company.contains("分行")) > 300,
        "bank branches are there"
    );
    assert!(
        count(&|a| a.company.contains('(')) > 20,
        "half-width brackets appear"
    );
    assert!(
        count(&|a| a.phone.starts_with("+86")) > 200,
        "+86 phones appear"
    );
    assert!(
        count(&|a| a.phone.contains('/')) > 100,
        "two-number phones appear"
    );
    assert!(
        count(&|a| a.phone.contains('１')) > 100,
        "full-width digits appear"
    );
    assert!(
        count(&|a| !a.email.is_empty() && a.email.chars().any(|c| c.is_ascii_uppercase())) > 300,
        "upper-case e-mails appear"
    );
    assert!(
        count(&|a| a.registered_at.contains('年')) > 200,
        "Chinese dates appear"
    );
    assert!(
        count(&|a| a.registered_at.contains('-')) > 200,
        "ISO dates appear"
    );
    assert!(
        count(&|a| a.registered_at.contains('/')) > 200,
        "slash dates appear"
    );
    for mark in ["是", "否", "已签到", ""] {
        assert!(
            count(&|a| a.checked_in == mark) > 1_000,
            "check-in {mark:?} appears"
        );
    }
    let cio = count(&|a| a.title == "CIO") as f64 / rows.len() as f64;
    let staff = count(&|a| a.title == "专员") as f64 / rows.len() as f64;
    assert!(
        cio < staff && cio > 0.005,
        "CIOs rarer than staff: {cio} vs {staff}"
    );
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn csv_encodings_decode_to_the_same_text() {
    let dir = tmp();
    let o = opts(11);
    let n = 5_000;
    let utf8_path = dir.path().join("utf8.csv");
    let written = write_csv(
        &utf8_path,
        attendees(n, &o),
        CsvEncoding::Utf8,
        Some(BANNER),
    )
    .expect("write utf8");
    assert_eq!(written, n as u64, "row count returned");
    let utf8 = std::fs::read_to_string(&utf8_path).expect("read utf8");
    assert!(
        utf8.starts_with(&format!("{BANNER},,,,,,,,,\r\n姓名,手机,邮箱,公司")),
        "banner line then header: {:?}",
        &utf8[..120.min(utf8.len())]
    );

    let gbk_path = dir.path().join("gbk.csv");
    write_csv(&gbk_path, attendees(n, &o), CsvEncoding::Gbk, Some(BANNER)).expect("write gbk");
    let gbk = std::fs::read(&gbk_path).expect("read gbk");
    assert!(std::str::from_utf8(&gbk).is_err(), "GBK file is not UTF-8");
    let (decoded, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&gbk);
    assert!(!had_errors, "GBK file decodes without errors");
    assert_eq!(decoded, utf8, "GBK CSV decodes back to the same text");

    let bom_path = dir.path().join("bom.csv");
    write_csv(
        &bom_path,
        attendees(n, &o),
        CsvEncoding::Utf8Bom,
        Some(BANNER),
    )
    .expect("write bom");
    let bom = std::fs::read(&bom_path).expect("read bom");
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    assert_eq!(&bom[3..], utf8.as_bytes(), "UTF-8 BOM file body");

    let u16_path = dir.path().join("u16.csv");
    write_csv(
        &u16_path,
        attendees(n, &o),
        CsvEncoding::Utf16LeBom,
        Some(BANNER),
    )
    .expect("write utf16");
    let u16 = std::fs::read(&u16_path).expect("read utf16");
    let (decoded, encoding, had_errors) = encoding_rs::UTF_16LE.decode(&u16);
    assert_eq!(encoding, encoding_rs::UTF_16LE, "BOM says UTF-16LE");
    assert!(!had_errors, "UTF-16 file decodes without errors");
    assert_eq!(decoded, utf8, "UTF-16 CSV decodes back to the same text");

    // The records parse back to the cells.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(utf8.as_bytes());
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("parse csv");
    assert_eq!(records.len(), n + 2, "banner + header + rows");
    assert_eq!(
        &records[1].iter().collect::<Vec<_>>(),
        &HEADER,
        "header row"
    );
    for (i, a) in attendees(n, &o).enumerate() {
        let got: Vec<&str> = records[i + 2].iter().collect();
        assert_eq!(got, a.cells(), "row {i} parses back to its cells");
    }
}

#[test]
fn xlsx_opens_with_calamine() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tmp();
    let path = dir.path().join("list.xlsx");
    let o = opts(12);
    let written = write_xlsx(&path, attendees(1_000, &o), Some(BANNER), true).expect("write xlsx");
    assert_eq!(written, 1_000, "row count returned");

    let mut book: Xlsx<_> = open_workbook(&path).expect("open xlsx");
    assert_eq!(
        book.sheet_names(),
        vec!["报名名单".to_string()],
        "one sheet"
    );
    let merged = book
        .merge_cells_by_sheet_name("报名名单")
        .expect("merged cells");
    assert_eq!(merged.len(), 1, "one merged region");
    assert_eq!(
        (merged[0].start, merged[0].end),
        ((0, 0), (0, 9)),
        "banner merged across the header width"
    );
    let range = book.worksheet_range("报名名单").expect("sheet range");
    assert_eq!(range.start(), Some((0, 0)), "range starts at A1");
    assert_eq!(range.height(), 1_002, "banner + header + 1000 rows");
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String(BANNER.to_string())),
        "banner in row 1"
    );
    for (col, name) in HEADER.iter().enumerate() {
        assert_eq!(
            range.get_value((1, col as u32)),
            Some(&Data::String(name.to_string())),
            "header {name} in row 2"
        );
    }
    let mut numbers = 0;
    for (i, a) in attendees(1_000, &o).enumerate() {
        let r = i as u32 + 2;
        for (col, cell) in a.cells().iter().enumerate() {
            let got = range.get_value((r, col as u32));
            match got {
                Some(Data::Float(f)) if col == 1 => {
                    numbers += 1;
                    assert_eq!(format!("{f}"), *cell, "row {i}: phone number value");
                }
                Some(Data::String(s)) => assert_eq!(s, cell, "row {i} col {col}"),
                Some(Data::Empty) | None => assert!(cell.is_empty(), "row {i} col {col} empty"),
                other => panic!("row {i} col {col}: unexpected {other:?}"),
            }
        }
    }
    assert!(numbers > 700, "plain phones are numbers ({numbers})");

    let again = dir.path().join("again.xlsx");
    write_xlsx(&again, attendees(1_000, &o), Some(BANNER), true).expect("write xlsx again");
    assert!(
        std::fs::read(&path).expect("read xlsx") == std::fs::read(&again).expect("read again"),
        "the same rows give a byte-identical xlsx"
    );

    let text_path = dir.path().join("text.xlsx");
    write_xlsx(&text_path, attendees(100, &o), None, false).expect("write xlsx");
    let mut book: Xlsx<_> = open_workbook(&text_path).expect("open xlsx");
    let range = book.worksheet_range("报名名单").expect("sheet range");
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("姓名".to_string())),
        "no banner: header in row 1"
    );
    assert!(
        range
            .rows()
            .skip(1)
            .all(|r| !matches!(r[1], Data::Float(_))),
        "phones stay text without phones_as_numbers"
    );
}

#[test]
#[ignore = "slow: generates one million rows; run with --ignored --nocapture for the timing"]
fn one_million_rows_stream() {
    let o = Options::default();
    let started = Instant::now();
    let mut count = 0usize;
    let mut bytes = 0usize;
    for a in attendees(1_000_000, &o) {
        count += 1;
        bytes += a.cells().iter().map(|c| c.len()).sum::<usize>();
    }
    let elapsed = started.elapsed();
    println!(
        "generated {count} rows ({bytes} bytes of cell text) in {:.2}s",
        elapsed.as_secs_f64()
    );
    assert_eq!(count, 1_000_000, "one million rows");
}
