//! JSON Lines: one object per row, easy to stream with jq or pandas.

use std::io::Write;

use polars::prelude::*;

pub struct JsonLines;

impl super::Exporter for JsonLines {
    fn extension(&self) -> &'static str {
        "jsonl"
    }

    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
        JsonWriter::new(out)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df)
    }

    /// One line per row: the batches' lines follow each other.
    fn write_batches(&self, batches: super::Batches, out: &mut dyn Write) -> PolarsResult<()> {
        for df in batches {
            self.write(&mut df?, out)?;
        }
        Ok(())
    }
}
