//! Parquet (zstd-free default compression), for polars, pandas and DuckDB.

use std::io::Write;

use polars::prelude::*;

pub struct Parquet;

impl super::Exporter for Parquet {
    fn extension(&self) -> &'static str {
        "parquet"
    }

    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
        ParquetWriter::new(out).finish(df).map(|_| ())
    }
}
