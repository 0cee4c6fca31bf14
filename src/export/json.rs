//! JSON Lines: one object per row, easy to stream with jq or pandas.

use std::io::Write;

use polars::prelude::*;

pub struct JsonLines;

impl super::Exporter for JsonLines {
    fn extension(&self) -> &'static str {
        "jsonl"
    }

    fn begin<'w>(&self, out: &'w mut dyn Write) -> Box<dyn super::TableWriter + 'w> {
        Box::new(JsonTable(out))
    }
}

/// A JSON Lines table being written: each batch's rows follow the last's.
struct JsonTable<'w>(&'w mut dyn Write);

impl super::TableWriter for JsonTable<'_> {
    fn batch(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        JsonWriter::new(&mut self.0)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df)
    }

    fn finish(self: Box<Self>) -> PolarsResult<()> {
        Ok(())
    }
}
