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

    /// One file, the schema of the first batch, at least a row group per
    /// batch. No batch at all writes no file (there is no schema to write).
    fn write_batches(&self, batches: super::Batches, out: &mut dyn Write) -> PolarsResult<()> {
        let Some(first) = batches.next() else {
            return Ok(());
        };
        let mut first = first?;
        first.align_chunks_par();
        let mut writer = ParquetWriter::new(out).batched(first.schema())?;
        writer.write_batch(&first)?;
        drop(first);
        for df in batches {
            let mut df = df?;
            df.align_chunks_par();
            writer.write_batch(&df)?;
        }
        writer.finish().map(|_| ())
    }
}
