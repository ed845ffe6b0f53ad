//! gen-attendees --rows N --format csv|gbk-csv|utf16-csv|xlsx [--banner TEXT] [--seed S]
//!               [--repeat-share F] [--clean] --out PATH
//!
//! Writes a realistic Chinese event attendee list and prints one summary line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use marketdesk_testdata::{
    attendees, distinct_people, write_csv, write_xlsx, CsvEncoding, Options,
};

const USAGE: &str =
    "usage: gen-attendees --rows N --format csv|utf8bom-csv|gbk-csv|utf16-csv|xlsx \
[--banner TEXT] [--seed S] [--repeat-share F] [--clean] [--phones-as-text] --out PATH";

#[derive(Debug)]
struct Args {
    rows: usize,
    format: String,
    banner: Option<String>,
    out: PathBuf,
    opts: Options,
    phones_as_numbers: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut rows = None;
    let mut format = None;
    let mut banner = None;
    let mut out = None;
    let mut opts = Options::default();
    let mut phones_as_numbers = true;
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--rows" => {
                let v = value("--rows")?.replace('_', "");
                rows = Some(v.parse().map_err(|_| format!("--rows: not a count: {v}"))?);
            }
            "--format" => format = Some(value("--format")?),
            "--banner" => banner = Some(value("--banner")?),
            "--seed" => {
                let v = value("--seed")?;
                opts.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--repeat-share" => {
                let v = value("--repeat-share")?;
                opts.repeat_share = v
                    .parse()
                    .map_err(|_| format!("--repeat-share: not a number: {v}"))?;
            }
            "--clean" => opts.messy = false,
            "--phones-as-text" => phones_as_numbers = false,
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Args {
        rows: rows.ok_or("--rows is required")?,
        format: format.ok_or("--format is required")?,
        banner,
        out: out.ok_or("--out is required")?,
        opts,
        phones_as_numbers,
    })
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("gen-attendees: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let started = Instant::now();
    let rows = attendees(args.rows, &args.opts);
    let banner = args.banner.as_deref();
    let written = match args.format.as_str() {
        "csv" => write_csv(&args.out, rows, CsvEncoding::Utf8, banner).map_err(|e| e.to_string()),
        "utf8bom-csv" => {
            write_csv(&args.out, rows, CsvEncoding::Utf8Bom, banner).map_err(|e| e.to_string())
        }
        "gbk-csv" => {
            write_csv(&args.out, rows, CsvEncoding::Gbk, banner).map_err(|e| e.to_string())
        }
        "utf16-csv" => {
            write_csv(&args.out, rows, CsvEncoding::Utf16LeBom, banner).map_err(|e| e.to_string())
        }
        "xlsx" => {
            write_xlsx(&args.out, rows, banner, args.phones_as_numbers).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown --format {other}\n{USAGE}")),
    };
    match written {
        Ok(n) => {
            let bytes = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
            println!(
                "{}: {n} rows, {} distinct people, {} format, seed {}, {bytes} bytes, {:.2}s",
                args.out.display(),
                distinct_people(args.rows, &args.opts),
                args.format,
                args.opts.seed,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-attendees: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse(list.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_flags() {
        let a = args(&[
            "--rows", "1_000", "--format", "xlsx", "--banner", "峰会", "--seed", "7", "--out",
            "x.xlsx",
        ])
        .expect("valid arguments");
        assert_eq!(a.rows, 1_000, "rows");
        assert_eq!(a.format, "xlsx", "format");
        assert_eq!(a.banner.as_deref(), Some("峰会"), "banner");
        assert_eq!(a.opts.seed, 7, "seed");
        assert!(a.opts.messy && a.phones_as_numbers, "defaults");
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(
            args(&["--rows", "10", "--format", "csv"]).is_err(),
            "--out is required"
        );
        assert!(args(&["--rows", "ten"]).is_err(), "rows must be a number");
        assert!(args(&["--bogus"]).is_err(), "unknown flag");
        assert!(args(&["--rows"]).is_err(), "flag without value");
    }
}
