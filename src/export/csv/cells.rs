//! One CSV cell of each column type, byte for byte as polars' CSV writer
//! (polars-io 0.55, `QuoteStyle::Necessary`, its default options) writes
//! it: integers with `itoa`, floats with `zmij` (the crate and version
//! polars formats them with), booleans as `true`/`false`, a null as nothing
//! and text quoted only when it must be. The text cells take the formula
//! guard while they are written, instead of a guarded copy of the column.

use memchr::{memchr, memchr3, memchr_iter};
use polars::prelude::{polars_bail, Column, DataType, PolarsResult};
use polars_arrow::array::{Array, BooleanArray, PrimitiveArray, Utf8ViewArray};
use polars_arrow::types::NativeType;

use crate::time_text::two_digits;

/// A column's cells, written a row at a time.
pub(super) trait Cells: Sync {
    /// Appends the cell of `row` (nothing for a null) to `out`.
    fn write(&self, row: usize, out: &mut Vec<u8>);
}

/// The cells of `column` (one chunk: see [`super::Csv`]); `guard` puts the
/// formula guard on text cells. The types this build of polars has and can
/// write as CSV are written; any other (a list) is an error.
pub(super) fn cells_of(column: &Column, guard: bool) -> PolarsResult<Box<dyn Cells + '_>> {
    let series = column.as_materialized_series();
    let Some(array) = series.chunks().first() else {
        return Ok(Box::new(Nulls));
    };
    let array = array.as_any();
    macro_rules! numbers {
        ($t:ty) => {
            match array.downcast_ref::<PrimitiveArray<$t>>() {
                Some(array) => Box::new(Numbers(array)) as Box<dyn Cells>,
                None => polars_bail!(ComputeError: "a {} column of another array type", column.dtype()),
            }
        };
    }
    Ok(match column.dtype() {
        DataType::String => match array.downcast_ref::<Utf8ViewArray>() {
            Some(array) => Box::new(Texts { array, guard }),
            None => polars_bail!(ComputeError: "a text column of another array type"),
        },
        DataType::Boolean => match array.downcast_ref::<BooleanArray>() {
            Some(array) => Box::new(Booleans(array)),
            None => polars_bail!(ComputeError: "a boolean column of another array type"),
        },
        DataType::Int32 => numbers!(i32),
        DataType::Int64 => numbers!(i64),
        DataType::UInt32 => numbers!(u32),
        DataType::UInt64 => numbers!(u64),
        DataType::Float32 => numbers!(f32),
        DataType::Float64 => numbers!(f64),
        DataType::Null => Box::new(Nulls),
        other => polars_bail!(ComputeError: "a {other} column cannot be written as CSV"),
    })
}

/// A number as its cell.
trait Number: NativeType {
    fn write(self, out: &mut Vec<u8>);
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Number for $t {
            /// Two integer cells in three are one digit (a count, a zero
            /// minutes), and most others under 1,000 (minutes of a day):
            /// their digits are pushed as they are, without `itoa`'s buffer
            /// to copy (a call of `memcpy` for its length, unknown until
            /// run time; callgrind, analyze of /tmp/sub200: integer cells
            /// 85.7 -> 71.0 M).
            fn write(self, out: &mut Vec<u8>) {
                match u16::try_from(self) {
                    Ok(n) if n < 10 => out.push(b'0' + n as u8),
                    Ok(n) if n < 100 => out.extend_from_slice(two_digits(n.into()).as_bytes()),
                    Ok(n) if n < 1000 => {
                        out.push(b'0' + (n / 100) as u8);
                        out.extend_from_slice(two_digits(n.into()).as_bytes());
                    }
                    _ => out.extend_from_slice(itoa::Buffer::new().format(self).as_bytes()),
                }
            }
        }
    )*};
}
integers!(i32, i64, u32, u64);

impl Number for f32 {
    fn write(self, out: &mut Vec<u8>) {
        out.extend_from_slice(zmij::Buffer::new().format(self).as_bytes());
    }
}

impl Number for f64 {
    /// A multiple of a quarter below 10^14 (hours that are whole or of 15,
    /// 30 or 45 minutes, every 0.0: seven float cells in ten) is written
    /// as its whole part and `.0`, `.25`, `.5` or `.75`, as `zmij` writes it
    /// (its shortest text), at a fraction of `zmij`'s cost; anything else
    /// (-0.0, NaN, 1e16 as `1e+16`) by `zmij`. Quarters beside whole hours:
    /// callgrind, analyze of /tmp/sub200: float cells 80.4 -> 69.9 M.
    fn write(self, out: &mut Vec<u8>) {
        // exact (a power of two); `as` saturates (NaN gives 0): compared
        // back, only whole numbers of quarters are equal
        let quarters = self * 4.0;
        let whole = quarters as i64;
        if whole as f64 != quarters || self.abs() >= 1e14 || (whole == 0 && self.is_sign_negative())
        {
            out.extend_from_slice(zmij::Buffer::new().format(self).as_bytes());
            return;
        }
        if whole < 0 {
            out.push(b'-');
        }
        let whole = whole.unsigned_abs();
        (whole / 4).write(out);
        // each a copy of known length
        match whole % 4 {
            0 => out.extend_from_slice(b".0"),
            1 => out.extend_from_slice(b".25"),
            2 => out.extend_from_slice(b".5"),
            _ => out.extend_from_slice(b".75"),
        }
    }
}

struct Numbers<'a, T: NativeType>(&'a PrimitiveArray<T>);

impl<T: Number> Cells for Numbers<'_, T> {
    fn write(&self, row: usize, out: &mut Vec<u8>) {
        if self.0.is_valid(row) {
            self.0.value(row).write(out);
        }
    }
}

struct Booleans<'a>(&'a BooleanArray);

impl Cells for Booleans<'_> {
    fn write(&self, row: usize, out: &mut Vec<u8>) {
        if self.0.is_valid(row) {
            // each a copy of known length (one `if` picking the slice made
            // it a call of `memcpy`)
            match self.0.value(row) {
                true => out.extend_from_slice(b"true"),
                false => out.extend_from_slice(b"false"),
            }
        }
    }
}

/// A column of nulls only: every cell empty.
struct Nulls;

impl Cells for Nulls {
    fn write(&self, _: usize, _: &mut Vec<u8>) {}
}

struct Texts<'a> {
    array: &'a Utf8ViewArray,
    guard: bool,
}

impl Cells for Texts<'_> {
    fn write(&self, row: usize, out: &mut Vec<u8>) {
        if self.array.is_valid(row) {
            text(out, self.array.value(row), self.guard);
        }
    }
}

/// Whether a spreadsheet would read `cell` as a formula (`=`, `+`, `-`,
/// `@`, tab or carriage return first).
pub(super) fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends a text cell: in quotes when it holds a comma, a quote or a line
/// break (its quotes doubled), `""` when empty (an empty cell is a null),
/// and after a `'` when `guard` and it would be a formula.
pub(super) fn text(out: &mut Vec<u8>, cell: &str, guard: bool) {
    let bytes = cell.as_bytes();
    if bytes.is_empty() {
        out.extend_from_slice(b"\"\"");
        return;
    }
    let quoted = needs_quotes(bytes);
    if quoted {
        out.push(b'"');
    }
    if guard && is_formula(cell) {
        out.push(b'\'');
    }
    match quoted {
        true => escaped(out, bytes),
        false => out.extend_from_slice(bytes),
    }
    if quoted {
        out.push(b'"');
    }
}

/// Whether a cell holds a comma, a quote, a line feed or a carriage return.
/// Most cells are short (names, times, titles), too short for a SIMD
/// search to pay for starting (polars ran two per cell): they are read
/// eight bytes at a time (the last word overlapping the one before), and
/// under eight bytes a byte at a time.
fn needs_quotes(bytes: &[u8]) -> bool {
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        table[b',' as usize] = true;
        table[b'"' as usize] = true;
        table[b'\n' as usize] = true;
        table[b'\r' as usize] = true;
        table
    };
    let n = bytes.len();
    if n >= 64 {
        return memchr3(b',', b'\n', b'\r', bytes).is_some() || memchr(b'"', bytes).is_some();
    }
    if n < 8 {
        return bytes.iter().any(|&b| SPECIAL[b as usize]);
    }
    let word = |at: usize| {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(eight)
    };
    (0..n / 8).any(|i| special_in(word(8 * i))) || special_in(word(n - 8))
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// Whether one of eight bytes is a comma, a quote, a line feed or a
/// carriage return. All four are below `-` (0x2D), and so are few others
/// (a space mostly): a word with no byte below it is passed at once (a
/// byte below n sets its high bit in `word - n` where `word`'s own is
/// clear, n <= 128), and the others are looked at for each of the four (a
/// byte equal to b is a zero byte of `word ^ b...`).
fn special_in(word: u64) -> bool {
    if word.wrapping_sub(ONES * 0x2D) & !word & HIGH_BITS == 0 {
        return false;
    }
    let zero_at = |b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x
    };
    (zero_at(b',') | zero_at(b'"') | zero_at(b'\n') | zero_at(b'\r')) & HIGH_BITS != 0
}

/// `bytes` with each quote doubled.
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for quote in memchr_iter(b'"', bytes) {
        out.extend_from_slice(&bytes[start..=quote]);
        out.push(b'"');
        start = quote + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(x: f64) -> String {
        let mut out = Vec::new();
        x.write(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_read_as_zmij_writes_them() {
        let quarters = (-40_000..40_000).map(|q| f64::from(q) / 4.0);
        let near_limit = [1e14 - 0.25, 1e14 - 1.0, 1e14, 1e14 + 0.25, 1e15 - 1.0, 1e15];
        let others = [
            -0.0,
            0.1,
            1.0 / 3.0,
            -2.125,
            1e-7,
            f64::NAN,
            f64::INFINITY,
            5e-324,
        ];
        for x in quarters
            .chain(near_limit)
            .chain(near_limit.map(|x| -x))
            .chain(others)
        {
            assert_eq!(ours(x), zmij::Buffer::new().format(x), "{x}");
        }
    }

    #[test]
    fn integers_read_as_itoa_writes_them() {
        let mut out = Vec::new();
        let mut expected = String::new();
        for n in (-1_100i64..1_100).chain([i64::MIN, i64::MAX, 9_999, 10_000]) {
            n.write(&mut out);
            out.push(b',');
            expected.push_str(&format!("{n},"));
        }
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
