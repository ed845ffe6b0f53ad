//! Files as users drop them, read end to end: open → rows → header → cells. The modules mirror
//! `src/`; fixtures are built here (xlsx, text) or committed under `tests/fixtures/` (xls, ods).

mod header;
mod limits;
mod merged;
mod read_text;
mod read_workbook;
mod support;
