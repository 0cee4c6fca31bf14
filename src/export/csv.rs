//! CSV with a header row, RFC 4180 quoting, and text cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage
//! return first) prefixed with `'`, the OWASP advice against CSV injection:
//! a meeting titled `=HYPERLINK(...)` stays text. `--raw-csv` turns the
//! guard off for programs that read the CSV. Number columns are never
//! touched, so `-3` as a number stays `-3`.

use std::borrow::Cow;
use std::io::Write;

use polars::prelude::*;

/// The CSV exporter; `raw` leaves text cells exactly as they are.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv {
    pub raw: bool,
}

impl super::Exporter for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn begin<'w>(&self, out: &'w mut dyn Write) -> Box<dyn super::TableWriter + 'w> {
        Box::new(CsvTable {
            csv: *self,
            header: true,
            out,
        })
    }
}

/// A CSV table being written: the header goes before the first batch only.
struct CsvTable<'w> {
    csv: Csv,
    header: bool,
    out: &'w mut dyn Write,
}

impl super::TableWriter for CsvTable<'_> {
    fn batch(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        self.csv.write_part(df, self.header, self.out)?;
        self.header = false;
        Ok(())
    }

    fn finish(self: Box<Self>) -> PolarsResult<()> {
        Ok(())
    }
}

impl Csv {
    /// The rows of `df`, after the header when `header`.
    fn write_part(
        &self,
        df: &mut DataFrame,
        header: bool,
        out: &mut dyn Write,
    ) -> PolarsResult<()> {
        if self.raw {
            return CsvWriter::new(out).include_header(header).finish(df);
        }
        let mut guarded = guard_formulas(df)?;
        CsvWriter::new(out)
            .include_header(header)
            .finish(&mut guarded)
    }
}

/// Whether a spreadsheet would read `cell` as a formula.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The cell as text a spreadsheet shows but never runs.
pub fn guard_cell(cell: &str) -> Cow<'_, str> {
    if is_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A copy of `df` (sharing its unchanged columns) whose text columns are guarded.
fn guard_formulas(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    for column in df.columns() {
        let Ok(text) = column.str() else { continue };
        if !text.iter().flatten().any(is_formula) {
            continue;
        }
        let guarded: StringChunked = text.iter().map(|cell| cell.map(guard_cell)).collect();
        out.with_column(guarded.with_name(column.name().clone()).into_column())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::Exporter;
    use super::*;

    #[test]
    fn formula_cells_become_text_and_numbers_stay_numbers() {
        let mut df = df!(
            "title" => ["=HYPERLINK(\"x\")", "+3 recurring", "-x", "@SUM(1)", "\tx", "plain", "a=b"],
            "n" => [-3i64, 1, 2, 3, 4, 5, 6]
        )
        .unwrap();
        let mut buf = Vec::new();
        Csv { raw: false }.write(&mut df, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\",-3");
        assert_eq!(lines[2], "'+3 recurring,1");
        assert_eq!(lines[3], "'-x,2");
        assert_eq!(lines[4], "'@SUM(1),3");
        assert!(
            lines[5].starts_with("'\t") || lines[5].starts_with("\"'\t"),
            "{}",
            lines[5]
        );
        assert_eq!(lines[6], "plain,5");
        assert_eq!(lines[7], "a=b,6");
        // the caller's table is left as it was (Parquet is written from it next)
        assert_eq!(
            df.column("title").unwrap().str().unwrap().get(1),
            Some("+3 recurring")
        );
    }

    #[test]
    fn raw_csv_keeps_cells_as_they_are() {
        let mut df = df!("title" => ["=1+1"]).unwrap();
        let mut buf = Vec::new();
        Csv { raw: true }.write(&mut df, &mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "title\n=1+1\n");
    }
}
