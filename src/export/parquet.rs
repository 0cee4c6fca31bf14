//! Parquet (zstd-free default compression), for polars, pandas and DuckDB.

use std::io::Write;

use polars::frame::chunk_df_for_writing;
use polars::io::parquet::write::BatchedWriter as ParquetBatches;
use polars::prelude::*;

pub struct Parquet;

impl super::Exporter for Parquet {
    fn extension(&self) -> &'static str {
        "parquet"
    }

    fn begin<'w>(&self, out: &'w mut dyn Write) -> Box<dyn super::TableWriter + 'w> {
        Box::new(ParquetTable::Waiting(out))
    }
}

/// polars' row group size (`ParquetWriter` without `with_row_group_size`):
/// a whole table written as one batch gets the row groups it always had.
const ROW_GROUP_ROWS: usize = 512 * 512;

/// A Parquet file being written: one file with the first batch's schema
/// (the file can only begin once a batch shows it), each batch cut into row
/// groups the way polars cuts a whole table. No batch at all writes no file
/// (there is no schema to write).
enum ParquetTable<'w> {
    Waiting(&'w mut dyn Write),
    Writing(Box<ParquetBatches<&'w mut dyn Write>>),
    /// Between the two, or after a failed begin.
    Gone,
}

impl super::TableWriter for ParquetTable<'_> {
    fn batch(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        let df = chunk_df_for_writing(df, ROW_GROUP_ROWS)?;
        let mut writer = match std::mem::replace(self, ParquetTable::Gone) {
            ParquetTable::Waiting(out) => Box::new(ParquetWriter::new(out).batched(df.schema())?),
            ParquetTable::Writing(writer) => writer,
            ParquetTable::Gone => polars_bail!(ComputeError: "the Parquet file could not begin"),
        };
        let written = writer.write_batch(&df);
        *self = ParquetTable::Writing(writer);
        written
    }

    fn finish(self: Box<Self>) -> PolarsResult<()> {
        match *self {
            ParquetTable::Writing(writer) => writer.finish().map(|_| ()),
            _ => Ok(()),
        }
    }
}
