//! Checks on zip-based workbooks before calamine opens them, since calamine inflates parts of
//! them whole when opening: xlsx shared strings, and the entire content of an ods.

use std::fs::File;
use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};

use super::SourceError;
use crate::limits::{Limit, Limits};

type Archive = zip::ZipArchive<BufReader<File>>;

fn corrupt(e: impl std::fmt::Display) -> SourceError {
    SourceError::Corrupt(e.to_string())
}

/// Refuses a zip that declares more unpacked bytes than allowed (a zip bomb), and an ods whose
/// repeat counts spell out more cells than allowed (the same bomb in XML attributes: calamine
/// expands them into a dense grid).
pub(super) fn check(file: File, ods: bool, limits: &Limits) -> Result<(), SourceError> {
    let mut zip = Archive::new(BufReader::new(file)).map_err(corrupt)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(corrupt)?.size());
        if total > limits.max_unpacked_bytes {
            return Err(SourceError::Limit(Limit::UnpackedBytes(
                limits.max_unpacked_bytes,
            )));
        }
    }
    if ods {
        if ods_encrypted(&mut zip)? {
            return Err(SourceError::Password);
        }
        let cells = ods_grid_cells(&mut zip)?;
        if cells > limits.max_cells {
            return Err(SourceError::Limit(Limit::Cells(limits.max_cells)));
        }
    } else {
        check_shared_strings(&mut zip, limits)?;
    }
    Ok(())
}

/// An ods saved with a password lists how each part is encrypted in its manifest (which stays
/// readable); its content is ciphertext, which would otherwise read as damage.
fn ods_encrypted(zip: &mut Archive) -> Result<bool, SourceError> {
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return Ok(false);
    };
    let mut text = String::new();
    std::io::Read::take(manifest, 4 * 1024 * 1024)
        .read_to_string(&mut text)
        .map_err(corrupt)?;
    Ok(text.contains("encryption-data"))
}

/// calamine holds an xlsx/xlsb shared-string table whole, and reserves room for as many
/// strings as the table's `uniqueCount` claims before reading one: a 6 KB file claiming a
/// hundred billion aborted the process (an allocation failure is no panic to catch). The
/// table's size is bounded, and a claim beyond what its bytes can hold (an empty item, `<si/>`,
/// takes 5) is damage.
fn check_shared_strings(zip: &mut Archive, limits: &Limits) -> Result<(), SourceError> {
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(corrupt)?;
        let name = entry.name().map_err(corrupt)?.to_ascii_lowercase();
        let size = entry.size();
        drop(entry);
        let xml = name.ends_with("sharedstrings.xml");
        if !xml && !name.ends_with("sharedstrings.bin") {
            continue;
        }
        if size > limits.max_shared_string_bytes {
            return Err(SourceError::Limit(Limit::SharedStrings(
                limits.max_shared_string_bytes,
            )));
        }
        if xml {
            let claimed = declared_unique_count(zip.by_index(i).map_err(corrupt)?)?;
            if claimed.is_some_and(|n| n > size / 5 + 1) {
                return Err(corrupt(format!(
                    "the shared-string table claims {} strings in {size} bytes",
                    claimed.unwrap_or_default()
                )));
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` of the table's `<sst>` element, read from its first bytes.
fn declared_unique_count(part: impl std::io::Read) -> Result<Option<u64>, SourceError> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(64 * 1024)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(corrupt)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                return match e.try_get_attribute("uniqueCount").map_err(corrupt)? {
                    Some(a) => a.value.trim().parse().map(Some).map_err(corrupt),
                    None => Ok(None),
                };
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

fn repeats(e: &BytesStart<'_>, attr: &str) -> Result<u64, SourceError> {
    match e.try_get_attribute(attr).map_err(corrupt)? {
        Some(a) => a.value.trim().parse().map_err(corrupt),
        None => Ok(1),
    }
}

/// Cells of the grids calamine would build: per table, the rows down to the last one holding a
/// value times the columns out to the rightmost value, repeats counted.
fn ods_grid_cells(zip: &mut Archive) -> Result<u64, SourceError> {
    let content = zip.by_name("content.xml").map_err(corrupt)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let (mut rows, mut used_rows, mut used_cols) = (0u64, 0u64, 0u64);
    let (mut row_repeats, mut col, mut row_used_cols) = (1u64, 0u64, 0u64);
    loop {
        buf.clear();
        let (e, has_children) = match xml.read_event_into(&mut buf).map_err(corrupt)? {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        rows = rows.saturating_add(row_repeats);
                        if row_used_cols > 0 {
                            used_rows = rows;
                            used_cols = used_cols.max(row_used_cols);
                        }
                    }
                    "table:table" => {
                        total = total.saturating_add(used_rows.saturating_mul(used_cols));
                        (rows, used_rows, used_cols) = (0, 0, 0);
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => return Ok(total),
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table-row" => {
                row_repeats = repeats(&e, "table:number-rows-repeated")?;
                (col, row_used_cols) = (0, 0);
                if !has_children {
                    rows = rows.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                col = col.saturating_add(repeats(&e, "table:number-columns-repeated")?);
                let holds_value = e
                    .try_get_attribute("office:value-type")
                    .map_err(corrupt)?
                    .is_some()
                    || e.try_get_attribute("table:formula")
                        .map_err(corrupt)?
                        .is_some();
                if holds_value {
                    row_used_cols = col;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A zip holding one part.
    fn zip_with(name: &str, body: &str) -> File {
        let mut file = tempfile::tempfile().expect("temp file");
        let mut zip = zip::ZipWriter::new(&mut file);
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(body.as_bytes()).expect("write");
        zip.finish().expect("finish");
        file
    }

    fn ods_with(table_xml: &str) -> File {
        zip_with(
            "content.xml",
            &format!(
                "<office:document-content><office:body><office:spreadsheet>{table_xml}\
                 </office:spreadsheet></office:body></office:document-content>"
            ),
        )
    }

    fn grid(table_xml: &str) -> u64 {
        let mut zip = Archive::new(BufReader::new(ods_with(table_xml))).expect("zip");
        ods_grid_cells(&mut zip).expect("scans")
    }

    #[test]
    fn grids_count_repeats_up_to_the_last_value() {
        let value =
            r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
        let xml = format!(
            r#"<table:table table:name="a">
                 <table:table-row><table:table-cell table:number-columns-repeated="1"/>{value}</table:table-row>
                 <table:table-row table:number-rows-repeated="1000"><table:table-cell/></table:table-row>
                 <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4"/>{value}</table:table-row>
                 <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
               </table:table>
               <table:table table:name="b"><table:table-row>{value}</table:table-row></table:table>"#
        );
        assert_eq!(
            grid(&xml),
            1004 * 5 + 1,
            "trailing empty rows and columns cost nothing; gaps between values do"
        );
    }

    fn xlsx_with_strings(sst: &str) -> File {
        zip_with("xl/sharedStrings.xml", sst)
    }

    #[test]
    fn a_shared_string_table_is_bounded_and_its_count_believable() {
        let honest = r#"<?xml version="1.0"?><sst count="2" uniqueCount="2"><si><t>张三</t></si><si><t>李四</t></si></sst>"#;
        assert!(check(xlsx_with_strings(honest), false, &Limits::default()).is_ok());
        let lying = r#"<sst count="1" uniqueCount="100000000000"><si><t>x</t></si></sst>"#;
        let err = check(xlsx_with_strings(lying), false, &Limits::default());
        assert!(
            matches!(err, Err(SourceError::Corrupt(_))),
            "a hundred billion strings in a few bytes: {err:?}"
        );
        let err = check(
            xlsx_with_strings(honest),
            false,
            &Limits {
                max_shared_string_bytes: 50,
                ..Limits::default()
            },
        );
        assert!(
            matches!(err, Err(SourceError::Limit(Limit::SharedStrings(50)))),
            "{err:?}"
        );
    }

    #[test]
    fn a_repeat_bomb_is_refused_before_calamine_expands_it() {
        let xml = r#"<table:table><table:table-row table:number-rows-repeated="1000000">
            <table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>
            </table:table-row></table:table>"#;
        let err = check(ods_with(xml), true, &Limits::default());
        assert!(
            matches!(err, Err(SourceError::Limit(Limit::Cells(_)))),
            "16 billion cells from a few bytes: {err:?}"
        );
        let err = check(
            ods_with("<table:table/>"),
            true,
            &Limits {
                max_unpacked_bytes: 10,
                ..Limits::default()
            },
        );
        assert!(
            matches!(err, Err(SourceError::Limit(Limit::UnpackedBytes(10)))),
            "declared sizes are summed: {err:?}"
        );
    }
}
