//! Tables to files. Each format is one small [`Exporter`] (hyperfine's
//! pattern); `output` is the one place files are written (atomically, synced,
//! never over an input) and `staging` cleans up what an interrupted write leaves.

mod csv;
pub mod ics;
mod json;
mod output;
mod parquet;
mod staging;

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{DataFrame, PolarsResult};

use crate::read_ahead::write_behind;

pub use self::csv::Csv;
pub use self::json::JsonLines;
pub use self::output::{
    input_folder_containing, refuse_input, write_atomic, write_atomic_with, OutputDir,
};
pub use self::parquet::Parquet;

/// A table format.
pub trait Exporter {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// A writer of one table into `out`, a batch of rows at a time (one
    /// schema): a table too large to hold whole (`export` of a whole
    /// organisation, `analyze`'s person_day and meetings) is written batch by batch, each
    /// batch dropped once written.
    fn begin<'w>(&self, out: &'w mut dyn Write) -> Box<dyn TableWriter + 'w>;
    /// Serialises a whole table: one batch.
    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
        let mut writer = self.begin(out);
        writer.batch(df)?;
        writer.finish()
    }
}

/// One table being written (see [`Exporter::begin`]).
pub trait TableWriter {
    /// Writes the next rows.
    fn batch(&mut self, df: &mut DataFrame) -> PolarsResult<()>;
    /// Ends the table (Parquet's footer); a table without a batch is an
    /// empty file.
    fn finish(self: Box<Self>) -> PolarsResult<()>;
}

/// The batches of one table, in order.
pub type Batches<'b> = &'b mut dyn Iterator<Item = PolarsResult<DataFrame>>;

/// Writes every batch of one table as `exporter`'s format.
pub fn write_batches(
    exporter: &dyn Exporter,
    batches: Batches,
    out: &mut dyn Write,
) -> PolarsResult<()> {
    let mut writer = exporter.begin(out);
    for df in batches {
        writer.batch(&mut df?)?;
    }
    writer.finish()
}

/// The formats `--format` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    /// The format an output path asks for by its extension (.csv, .jsonl or
    /// .ndjson, .parquet), if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// The exporter; `raw_csv` turns off the formula guard of CSV cells.
    pub fn exporter(self, raw_csv: bool) -> Box<dyn Exporter> {
        match self {
            Format::Csv => Box::new(Csv { raw: raw_csv }),
            Format::Jsonl => Box::new(JsonLines),
            Format::Parquet => Box::new(Parquet),
        }
    }
}

/// Writes each table as CSV and Parquet into `out`, in parallel.
pub fn write_tables(
    out: &OutputDir,
    tables: &mut [(&'static str, DataFrame)],
    csv: Csv,
) -> Result<()> {
    use rayon::prelude::*;
    tables
        .par_iter_mut()
        .try_for_each(|(name, table)| write_table(out, name, table, csv))
}

/// Writes one table as `NAME.csv` and `NAME.parquet` into `out`.
pub fn write_table(out: &OutputDir, name: &str, table: &mut DataFrame, csv: Csv) -> Result<()> {
    write_table_batches(out, name, &mut std::iter::once(Ok(table.clone())), csv)
}

/// Writes one table that comes in batches of rows as `NAME.csv` and
/// `NAME.parquet` into `out`. The CSV file is written on a thread of its
/// own, a batch behind the Parquet file (the two writers share each
/// batch's columns, and neither waits for the other's serial encoding), so
/// at most three batches are ever in memory. The Parquet writer stays on
/// the calling thread: it encodes its columns on the rayon pool, and a
/// pool thread that waited for it on another thread could leave the pool
/// without a thread to run them (the CSV writer formats its rows on its
/// own thread, never on the pool: `csv`).
pub fn write_table_batches(out: &OutputDir, name: &str, batches: Batches, csv: Csv) -> Result<()> {
    let failed = |ext: &str| format!("cannot write the table as {ext}");
    out.write_with(&format!("{name}.csv"), |csv_out| {
        out.write_with(&format!("{name}.parquet"), |parquet_out| {
            let csv = |written: &mut dyn Iterator<Item = PolarsResult<DataFrame>>| {
                write_batches(&csv, written, csv_out).with_context(|| failed("csv"))
            };
            let mut parquet_writer = Parquet.begin(parquet_out);
            let (csv, parquet) = write_behind(csv, |to_csv| -> Result<()> {
                for df in batches {
                    let mut df = df?;
                    // the CSV writer stopped: its error is the one to report
                    if to_csv.send(Ok(df.clone())).is_err() {
                        break;
                    }
                    parquet_writer
                        .batch(&mut df)
                        .with_context(|| failed("parquet"))?;
                }
                Ok(())
            });
            csv?;
            parquet?;
            parquet_writer.finish().with_context(|| failed("parquet"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn to_bytes(df: &mut DataFrame, exporter: &dyn Exporter) -> PolarsResult<Vec<u8>> {
        let mut buf = Vec::new();
        exporter.write(df, &mut buf)?;
        Ok(buf)
    }

    fn table() -> DataFrame {
        df!("name" => ["a, \"b\"", "c"], "n" => [1i64, 2]).unwrap()
    }

    #[test]
    fn a_whole_table_is_written_as_polars_writes_it_and_batches_add_up() {
        let mut big = df!("n" => (0..300_000i64).collect::<Vec<_>>()).unwrap();
        // one batch: the bytes of polars' own writer (its row groups included)
        let mut theirs = Vec::new();
        ParquetWriter::new(&mut theirs)
            .finish(&mut big.clone())
            .unwrap();
        assert_eq!(to_bytes(&mut big, &Parquet).unwrap(), theirs);
        // three batches: one file, each batch's rows after the last's
        let parts = [big.slice(0, 10), big.slice(10, 5), big.slice(15, 299_985)];
        for exporter in [&Parquet as &dyn Exporter, &Csv::default()] {
            let mut buf = Vec::new();
            write_batches(exporter, &mut parts.clone().into_iter().map(Ok), &mut buf).unwrap();
            let back = match exporter.extension() {
                "csv" => CsvReader::new(std::io::Cursor::new(buf)).finish().unwrap(),
                _ => ParquetReader::new(std::io::Cursor::new(buf))
                    .finish()
                    .unwrap(),
            };
            assert!(back.equals(&big), "{}", exporter.extension());
        }
        // no batch at all: no file
        let mut buf = Vec::new();
        write_batches(&Parquet, &mut std::iter::empty(), &mut buf).unwrap();
        assert!(buf.is_empty());
    }

    #[test]
    fn a_table_in_batches_is_written_whole_as_csv_and_parquet_and_a_failed_batch_fails_it() {
        let big =
            df!("n" => (0..300_000i64).collect::<Vec<_>>(), "t" => vec!["=x"; 300_000]).unwrap();
        let parts = [big.slice(0, 10), big.slice(10, 5), big.slice(15, 299_985)];
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let out = OutputDir::begin(&target, &[]).unwrap();
        let mut batches = parts.clone().into_iter().map(Ok);
        write_table_batches(&out, "t", &mut batches, Csv::default()).unwrap();
        // a batch that cannot be built: an error, not a hang or a panic
        let mut failing = parts
            .clone()
            .into_iter()
            .map(Ok)
            .chain([Err(PolarsError::ComputeError("no rows".into()))]);
        assert!(write_table_batches(&out, "u", &mut failing, Csv::default()).is_err());
        out.commit().unwrap();
        let read = |ext: &str| std::fs::read(target.join(format!("t.{ext}"))).unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(read("parquet")))
            .finish()
            .unwrap();
        assert!(back.equals(&big));
        let mut csv = Vec::new();
        Csv::default().write(&mut big.clone(), &mut csv).unwrap();
        // the formula guard applied to every batch, the header written once
        assert_eq!(read("csv"), csv);
        assert!(String::from_utf8(csv).unwrap().starts_with("n,t\n0,'=x\n"));
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_mode_of_a_plain_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let ours = dir.path().join("ours.csv");
        write_atomic(&ours, b"x", &[]).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&plain));
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        let text = String::from_utf8(to_bytes(&mut table(), &Csv::default()).unwrap()).unwrap();
        assert_eq!(text, "name,n\n\"a, \"\"b\"\"\",1\nc,2\n");
    }

    #[test]
    fn jsonl_is_one_object_per_line() {
        let text = String::from_utf8(to_bytes(&mut table(), &JsonLines).unwrap()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["n"], 2);
    }

    #[test]
    fn parquet_starts_and_ends_with_magic() {
        let bytes = to_bytes(&mut table(), &Parquet).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
    }

    #[test]
    #[cfg(unix)]
    fn writing_to_a_pipe_writes_into_it_instead_of_replacing_it() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"rows", &[]).unwrap();
        assert_eq!(reader.join().unwrap(), b"rows");
        assert!(
            std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "the pipe must still be a pipe"
        );
    }

    #[test]
    fn atomic_write_refuses_to_overwrite_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("cal.ics");
        std::fs::write(&input, "BEGIN:VCALENDAR").unwrap();
        assert!(write_atomic(&input, b"x", std::slice::from_ref(&input)).is_err());
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "BEGIN:VCALENDAR");
        let out = dir.path().join("sub/out.csv");
        write_atomic(&out, b"ok", std::slice::from_ref(&input)).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"ok");
    }
}
