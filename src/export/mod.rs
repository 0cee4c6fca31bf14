//! Tables to files. Each format is one small [`Exporter`] (hyperfine's
//! pattern); [`write_atomic`] is the one place files are written: a temporary
//! file beside the target, then a rename, and never over an input.

mod csv;
pub mod ics;
mod json;
mod parquet;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use polars::prelude::DataFrame;

pub use self::csv::Csv;
pub use self::json::JsonLines;
pub use self::parquet::Parquet;

/// A table format.
pub trait Exporter {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Serialises the table.
    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> polars::prelude::PolarsResult<()>;
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

    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Csv => Box::new(Csv),
            Format::Jsonl => Box::new(JsonLines),
            Format::Parquet => Box::new(Parquet),
        }
    }
}

/// Writes `bytes` to `path` atomically (temporary file, then rename). Refuses
/// to replace any of `inputs`, so a typo cannot destroy a calendar export.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    write_atomic_with(path, inputs, |out| Ok(out.write_all(bytes)?))
}

/// [`write_atomic`] for content produced by `fill`, streamed to the file
/// instead of built in memory first.
pub fn write_atomic_with(
    path: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    if let Ok(target) = path.canonicalize() {
        if inputs
            .iter()
            .filter_map(|i| i.canonicalize().ok())
            .any(|i| i == target)
        {
            bail!(
                "{}: refusing to overwrite an input file; choose another output path with -o",
                path.display()
            );
        }
    }
    // a device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written into: renaming a
    // temporary file over it would replace the device with a plain file
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut device = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        return fill_buffered(&mut device, path, fill);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    // the mode a plain file gets (0666 less the umask), not a temporary file's 0600
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    fill_buffered(tmp.as_file_mut(), path, fill)?;
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Runs `fill` on a buffered writer over `file` and flushes it; `path` names it in errors.
fn fill_buffered(
    file: &mut std::fs::File,
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    fill(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes each table as CSV and Parquet into `dir` (atomically, never over an input).
pub fn write_tables(
    dir: &Path,
    tables: &mut [(&'static str, DataFrame)],
    inputs: &[PathBuf],
) -> Result<()> {
    use rayon::prelude::*;
    tables.par_iter_mut().try_for_each(|(name, table)| {
        for exporter in [&Csv as &dyn Exporter, &Parquet] {
            let path = dir.join(format!("{name}.{}", exporter.extension()));
            write_atomic_with(&path, inputs, |out| {
                exporter
                    .write(table, out)
                    .with_context(|| format!("cannot write the table as {}", exporter.extension()))
            })?;
        }
        Ok(())
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
        let text = String::from_utf8(to_bytes(&mut table(), &Csv).unwrap()).unwrap();
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
