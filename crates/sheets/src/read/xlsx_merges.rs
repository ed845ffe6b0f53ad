//! An xlsx sheet's merged cells, found without parsing its cells. The list comes after the
//! cells in the sheet's XML; calamine finds it by reading every element before it, as long as
//! reading the whole sheet, and an import did that before its first row. Here the XML is
//! inflated and searched for `mergeCells` as bytes, and only what follows is parsed.
//!
//! Anything unexpected (a part that is not where the workbook's relationships say, a prefix
//! on the element, a reference that does not parse) answers `None`, and the caller asks
//! calamine instead.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::Dimensions;
use quick_xml::events::Event;
use quick_xml::XmlVersion;

use crate::limits::Limit;

const CHUNK: usize = 256 * 1024;

/// The merged ranges of sheet `name`, as calamine's `merge_cells_by_sheet_name` gives them,
/// at most `max` of them; `Ok(None)` when the sheet is not laid out as expected.
pub(super) fn scan(path: &Path, name: &str, max: usize) -> Result<Option<Vec<Dimensions>>, Limit> {
    let located = || -> Option<_> {
        let mut zip = zip::ZipArchive::new(BufReader::new(File::open(path).ok()?)).ok()?;
        let workbook = read_part(&mut zip, "xl/workbook.xml")?;
        let id = attribute_of(&workbook, "sheet", "name", name, "id")?;
        let rels = read_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
        let target = attribute_of(&rels, "Relationship", "Id", &id, "Target")?;
        let part = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        Some((zip, part))
    };
    let Some((mut zip, part)) = located() else {
        return Ok(None);
    };
    let Ok(sheet) = zip.by_name(&part) else {
        return Ok(None);
    };
    merge_list(sheet, max)
}

fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    zip.by_name(name).ok()?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Attributes of the elements named `element` (prefix ignored), unescaped.
fn elements(xml: &[u8], element: &str) -> Option<Vec<Vec<(String, String)>>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.ok()?;
                    let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
                    attrs.push((a.key.local_name().as_ref().to_string(), value.into_owned()));
                }
                found.push(attrs);
            }
            Event::Eof => return Some(found),
            _ => {}
        }
        buf.clear();
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The `wanted` attribute of the first `element` whose `key` attribute is `value`: the
/// relationship id (`r:id`) of a sheet in workbook.xml, a relationship's target in its rels.
fn attribute_of(xml: &[u8], element: &str, key: &str, value: &str, wanted: &str) -> Option<String> {
    elements(xml, element)?
        .iter()
        .find(|attrs| attr(attrs, key) == Some(value))
        .and_then(|attrs| attr(attrs, wanted))
        .map(str::to_string)
}

/// Streams the sheet's XML to `<mergeCells`, then parses the list as it streams on, never
/// holding more of the sheet than a chunk: a list placed before the cells, or millions of
/// regions, cost no more memory than the regions kept, and more than `max` are refused.
/// `Ok(None)`: not readable here, ask calamine.
fn merge_list(mut sheet: impl Read, max: usize) -> Result<Option<Vec<Dimensions>>, Limit> {
    const TAG: &[u8] = b"<mergeCells";
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + TAG.len());
    let mut buf = vec![0u8; CHUNK];
    let rest = loop {
        let Ok(n) = sheet.read(&mut buf) else {
            return Ok(None);
        };
        if n == 0 {
            return Ok(Some(Vec::new()));
        }
        window.extend_from_slice(&buf[..n]);
        if let Some(at) = find(&window, TAG) {
            break window.split_off(at);
        }
        // The element with a namespace prefix (`<x:mergeCells`): not read here.
        if find(&window, &TAG[1..]).is_some() {
            return Ok(None);
        }
        // Keep enough of the end to find a tag cut in two by the chunk boundary.
        let keep = window.len().saturating_sub(TAG.len());
        window.drain(..keep);
    };
    let mut xml =
        quick_xml::Reader::from_reader(BufReader::new(std::io::Cursor::new(rest).chain(sheet)));
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let Ok(event) = xml.read_event_into(&mut buf) else {
            return Ok(None);
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                let Some(range) = e
                    .try_get_attribute("ref")
                    .ok()
                    .flatten()
                    .and_then(|a| {
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .and_then(|r| parse_range(&r))
                else {
                    return Ok(None);
                };
                if found.len() == max {
                    return Err(Limit::MergedRegions(max));
                }
                found.push(range);
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Ok(Some(found)),
            // The list never closed: damage calamine will name.
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// `A1:C3` (or a single `B2`) as zero-based (row, column) corners.
fn parse_range(range: &str) -> Option<Dimensions> {
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    Some(Dimensions::new(parse_cell(a)?, parse_cell(b)?))
}

fn parse_cell(cell: &str) -> Option<(u32, u32)> {
    let cell = cell.trim().trim_start_matches('$');
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = cell.split_at(letters);
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = col.bytes().try_fold(0u32, |n, b| {
        Some(n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1))
    })?;
    let row: u32 = row.trim_start_matches('$').parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_calamine_gives_them() {
        let d = parse_range("B2:D10").expect("range");
        assert_eq!((d.start, d.end), ((1, 1), (9, 3)));
        let d = parse_range("$AA$3:$AB$4").expect("absolute");
        assert_eq!((d.start, d.end), ((2, 26), (3, 27)));
        let d = parse_range("C7").expect("one cell");
        assert_eq!((d.start, d.end), ((6, 2), (6, 2)));
        assert!(parse_range("A0:B2").is_none(), "there is no row 0");
        assert!(parse_range("12:14").is_none(), "whole rows are not cells");
    }

    #[test]
    fn the_list_is_found_across_a_chunk_boundary_and_absent_means_none() {
        let mut xml = b"<worksheet><sheetData>".to_vec();
        // Puts the tag astride the first chunk's end.
        xml.resize(CHUNK - 5 - b"</sheetData>".len(), b' ');
        xml.extend_from_slice(
            b"</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:J1\"/>\
              <mergeCell ref=\"A3:A5\"/></mergeCells></worksheet>",
        );
        let found = merge_list(&xml[..], 10)
            .expect("within the limit")
            .expect("read");
        let corners: Vec<_> = found.iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(corners, vec![((0, 0), (0, 9)), ((2, 0), (4, 0))]);
        let none = merge_list(&b"<worksheet><sheetData/></worksheet>"[..], 10)
            .expect("within the limit")
            .expect("read");
        assert!(none.is_empty());
        assert!(
            merge_list(&b"<x:worksheet><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>"[..], 10)
                .expect("within the limit")
                .is_none(),
            "a prefixed list is left to calamine"
        );
    }

    #[test]
    fn a_list_before_the_cells_or_past_the_limit_is_read_as_it_streams() {
        let first = b"<worksheet><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>\
                      <sheetData><row r=\"1\"><c r=\"A1\"/></row></sheetData></worksheet>";
        let found = merge_list(&first[..], 10).expect("within").expect("read");
        assert_eq!(
            found.len(),
            1,
            "the list ends where it closes, the cells after are not read"
        );
        let mut bomb = b"<worksheet><sheetData/><mergeCells>".to_vec();
        for _ in 0..11 {
            bomb.extend_from_slice(b"<mergeCell ref=\"A1:B2\"/>");
        }
        bomb.extend_from_slice(b"</mergeCells></worksheet>");
        assert_eq!(
            merge_list(&bomb[..], 10),
            Err(Limit::MergedRegions(10)),
            "the eleventh region is refused before it is kept"
        );
        let unclosed = b"<worksheet><mergeCells><mergeCell ref=\"A1:B1\"/>";
        assert_eq!(
            merge_list(&unclosed[..], 10),
            Ok(None),
            "damage is calamine's to name"
        );
    }

    #[test]
    fn a_saved_workbook_is_read_without_calamine() {
        use rust_xlsxwriter::{Format, Workbook};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("名单.xlsx");
        let mut book = Workbook::new();
        book.add_worksheet().set_name("说明").expect("name");
        let sheet = book.add_worksheet();
        sheet.set_name("报名 & 签到").expect("name");
        sheet
            .merge_range(0, 0, 0, 5, "2026 峰会", &Format::new())
            .expect("banner");
        sheet
            .merge_range(2, 0, 4, 0, "云杉科技", &Format::new())
            .expect("company");
        book.save(&path).expect("save");
        let found = scan(&path, "报名 & 签到", 10)
            .expect("within the limit")
            .expect("found by the scan itself");
        let corners: Vec<_> = found.iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(corners, vec![((0, 0), (0, 5)), ((2, 0), (4, 0))]);
        assert_eq!(scan(&path, "说明", 10), Ok(Some(Vec::new())), "no merges");
        assert!(
            scan(&path, "没有这张表", 10)
                .expect("no limit met")
                .is_none(),
            "calamine reports a missing sheet"
        );
    }
}
