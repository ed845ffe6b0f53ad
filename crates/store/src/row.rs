//! Reading typed values out of rows: a stored value that is out of range or an unknown code is a
//! conversion error naming its column, never a panic or a silently wrong value.

use marketdesk_core::Money;
use rusqlite::types::Type;
use rusqlite::Row;

pub(crate) fn read_money(row: &Row, idx: usize) -> rusqlite::Result<Money> {
    let fen: i64 = row.get(idx)?;
    Money::try_from_fen(fen)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Integer, Box::new(e)))
}

pub(crate) fn read_code<T>(
    row: &Row,
    idx: usize,
    parse: fn(&str) -> marketdesk_core::Result<T>,
) -> rusqlite::Result<T> {
    let code: String = row.get(idx)?;
    parse(&code)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub(crate) fn read_share(row: &Row, idx: usize) -> rusqlite::Result<marketdesk_core::Share> {
    let bp: u32 = row.get(idx)?;
    marketdesk_core::Share::from_basis_points(bp)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Integer, Box::new(e)))
}
