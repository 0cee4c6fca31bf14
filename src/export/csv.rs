//! CSV with a header row, RFC 4180 quoting.

use std::io::Write;

use polars::prelude::*;

pub struct Csv;

impl super::Exporter for Csv {
    fn extension(&self) -> &'static str {
        "csv"
    }

    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
        CsvWriter::new(out).include_header(true).finish(df)
    }
}
