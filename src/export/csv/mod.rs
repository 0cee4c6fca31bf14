//! CSV with a header row, RFC 4180 quoting, and text cells that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage
//! return first) prefixed with `'`, the OWASP advice against CSV injection:
//! a meeting titled `=HYPERLINK(...)` stays text. `--raw-csv` turns the
//! guard off for programs that read the CSV. Number columns are never
//! touched, so `-3` as a number stays `-3`.
//!
//! The rows are written here, not by polars' CSV writer: the same bytes
//! (the tests compare the two) for a third fewer instructions, the guard applied
//! while a cell is written rather than to a copy of each text column (see
//! [`cells`]). The rows are formatted on the calling thread, as polars'
//! writer formatted them here (outside its own pool it writes with one
//! thread): `analyze` writes a table's CSV on a thread of its own while
//! rayon threads wait to hand it batches (`export::write_table_batches`),
//! and work it handed to the rayon pool could find every pool thread
//! waiting on it.

mod cells;

use std::io::Write;

use polars::prelude::*;

use self::cells::{cells_of, text, Cells};

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

/// Bytes of rows formatted before they are handed to the writer.
const FLUSH_BYTES: usize = 1 << 16;

impl Csv {
    /// The rows of `df`, after the header when `header`.
    fn write_part(&self, df: &DataFrame, header: bool, out: &mut dyn Write) -> PolarsResult<()> {
        if header {
            out.write_all(&header_line(df))?;
        }
        // one chunk per column, as polars' writer rechunks each slice it writes
        let columns: Vec<Column> = df.columns().iter().map(Column::rechunk).collect();
        let cells = (columns.iter())
            .map(|column| cells_of(column, !self.raw))
            .collect::<PolarsResult<Vec<_>>>()?;
        let mut text = Vec::with_capacity(FLUSH_BYTES + 1024);
        for row in 0..df.height() {
            write_row(&cells, row, &mut text);
            if text.len() >= FLUSH_BYTES {
                out.write_all(&text)?;
                text.clear();
            }
        }
        out.write_all(&text)?;
        Ok(())
    }
}

/// The column names, each a text cell (never guarded), and a line feed.
fn header_line(df: &DataFrame) -> Vec<u8> {
    let mut line = Vec::new();
    for (i, name) in df.get_column_names().into_iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        text(&mut line, name, false);
    }
    line.push(b'\n');
    line
}

/// Appends the line of `row`.
fn write_row(cells: &[Box<dyn Cells + '_>], row: usize, out: &mut Vec<u8>) {
    for (i, column) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        column.write(row, out);
    }
    out.push(b'\n');
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

    /// polars' CSV writer on `df`, its text cells guarded first unless `raw`
    /// (as this writer did before it wrote the rows itself).
    fn polars_csv(df: &DataFrame, raw: bool) -> Vec<u8> {
        let mut guarded = df.clone();
        for column in df.columns() {
            let Ok(text) = column.str() else { continue };
            let cell = |c: &str| match !raw && cells::is_formula(c) {
                true => format!("'{c}"),
                false => c.to_string(),
            };
            let text: StringChunked = text.iter().map(|c| c.map(cell)).collect();
            let text = text.with_name(column.name().clone()).into_column();
            guarded.with_column(text).unwrap();
        }
        let mut out = Vec::new();
        CsvWriter::new(&mut out).finish(&mut guarded).unwrap();
        out
    }

    /// `n` rows cycling through `values`, every `nulls`-th one null.
    fn cycle<T: Clone>(values: &[T], n: usize, nulls: usize) -> Vec<Option<T>> {
        let cell = |i: usize| (i % nulls != 3).then(|| values[i % values.len()].clone());
        (0..n).map(cell).collect()
    }

    /// Every column type a table has, and the cells that are easy to get
    /// wrong: quotes, separators, line breaks, formula starts, empty text
    /// (not a null), floats whole and not, tiny and huge, not finite.
    fn every_kind_of_cell(n: usize) -> DataFrame {
        let long = "a title longer than sixty-four bytes, with a comma and then more words";
        let texts = [
            "plain",
            "",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\ronly",
            "crlf\r\n",
            "=SUM(A1)",
            "+1",
            "-1",
            "@x",
            "\tx",
            "\rx",
            "'quoted",
            "a=b",
            "élan, café",
            long,
            "=\"x\",y",
            "no special characters but longer than sixty-four bytes in all of it",
            "ends with a quote in a long cell of more than sixty-four bytes \"",
        ];
        let floats = [
            0.0,
            -0.0,
            1.0,
            -3.0,
            0.1 + 0.2,
            4.5,
            1.0 / 3.0,
            1e14,
            1e15 - 1.0,
            1e15,
            1e16,
            1e21,
            -1e21,
            9_007_199_254_740_992.0,
            123_456_789.0,
            1e-7,
            1e-5,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.5e-300,
            -999.0,
        ];
        // each of the four at each place of a word and of the tail, beside UTF-8
        let mut texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        for special in [",", "\"", "\n", "\r", " ", "-", "é"] {
            texts.extend(
                (0..20).map(|at| format!("{}{special}{}", "x".repeat(at), "é".repeat(at % 3))),
            );
        }
        // whole and fractional hours as the tables hold them
        let hours: Vec<f64> = (0..n).map(|i| (i as f64 - 500.0) / 60.0).collect();
        df!(
            "text" => cycle(&texts, n, 7),
            "a,b" => cycle(&floats, n, 11),
            "" => hours,
            "q\"" => cycle(&[1.5f32, -0.0, 0.1, 1e8, 3e38, f32::NAN], n, 5),
            // one digit and either side of it
            "i32" => cycle(&[i32::MIN, 42, i32::MAX, -1, 0, 7, 10, 255, 256], n, 13),
            "i64" => cycle(&[i64::MIN, -60, 0, i64::MAX, -9, 9, 266], n, 13),
            "u32" => cycle(&[0u32, 9, u32::MAX, 1, 10, 256], n, 13),
            "u64" => cycle(&[0u64, 10, u64::MAX, 5, 99, 265], n, 13),
            "flag" => cycle(&[true, false], n, 3),
            "nothing" => Series::full_null("nothing".into(), n, &DataType::Null),
        )
        .unwrap()
    }

    #[test]
    fn every_cell_is_written_as_polars_writes_it_guarded_or_raw() {
        // rows past several flushes, a few rows, none
        for n in [40_000, 5, 0] {
            let df = every_kind_of_cell(n);
            for raw in [false, true] {
                let mut ours = Vec::new();
                Csv { raw }.write(&mut df.clone(), &mut ours).unwrap();
                let theirs = polars_csv(&df, raw);
                assert!(
                    ours == theirs,
                    "{n} rows, raw {raw}: {}",
                    first_difference(&ours, &theirs)
                );
            }
        }
        // a table of several chunks, a table without columns
        let df = every_kind_of_cell(3000);
        let mut chunked = df.slice(0, 1000);
        chunked.vstack_mut(&df.slice(1000, 2000)).unwrap();
        let mut ours = Vec::new();
        Csv::default().write(&mut chunked, &mut ours).unwrap();
        assert!(ours == polars_csv(&df, false));
        let mut ours = Vec::new();
        Csv::default()
            .write(&mut DataFrame::empty(), &mut ours)
            .unwrap();
        assert_eq!(ours, polars_csv(&DataFrame::empty(), false));
    }

    /// Where two outputs part, for a failed comparison's message.
    fn first_difference(ours: &[u8], theirs: &[u8]) -> String {
        let at = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
        let around = |b: &[u8]| {
            String::from_utf8_lossy(&b[at.saturating_sub(40)..(at + 40).min(b.len())]).into_owned()
        };
        format!(
            "at byte {at}: ours {:?}, polars {:?}",
            around(ours),
            around(theirs)
        )
    }

    #[test]
    fn a_list_column_is_an_error_as_in_polars() {
        let list = Series::new("l".into(), [Series::new("".into(), [1i64, 2])]);
        let mut df = DataFrame::new(1, vec![list.into_column()]).unwrap();
        assert!(Csv::default().write(&mut df, &mut Vec::new()).is_err());
    }

    #[test]
    fn raw_csv_keeps_cells_as_they_are() {
        let mut df = df!("title" => ["=1+1"]).unwrap();
        let mut buf = Vec::new();
        Csv { raw: true }.write(&mut df, &mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "title\n=1+1\n");
    }
}
