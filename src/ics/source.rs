//! Where calendars come from: a .ics file, a folder (searched recursively), a
//! .zip archive (Google Takeout) or standard input. Files are read and imported
//! in parallel, one at a time per thread, so memory follows the largest file,
//! not the whole input.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::budget::RunBudget;
use super::import::{import_in_run, ImportOptions};
use super::quality::Quality;
use crate::model::{Calendar, OwnerSource};

/// One calendar to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    File(PathBuf),
    ZipEntry { archive: PathBuf, entry: String },
    Stdin,
}

impl Source {
    /// What the calendar came in: the zip archive, or the folder holding the
    /// file (people are assembled per container: see `people`).
    pub fn container(&self) -> String {
        match self {
            Source::File(p) => p
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            Source::ZipEntry { archive, .. } => archive.display().to_string(),
            Source::Stdin => "stdin".to_string(),
        }
    }

    /// The calendar's name in tables: file name, `archive.zip/inner.ics` or `stdin`.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::ZipEntry { archive, entry } => format!("{}/{entry}", archive.display()),
            Source::Stdin => "stdin".to_string(),
        }
    }
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(
        "{path}: no such file or folder (give a .ics file, a folder of them, a .zip export or `-`)"
    )]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a readable zip archive: {message}")]
    Zip { path: PathBuf, message: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SourceError + '_ {
    move |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Lists the calendars behind the inputs, in a stable order.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Source>, SourceError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort();
            out.extend(files);
        } else if input.is_file() {
            out.extend(file_sources(input)?);
        } else {
            return Err(SourceError::NotFound {
                path: input.clone(),
            });
        }
    }
    Ok(out)
}

fn is_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn walk(dir: &Path, into: &mut Vec<Source>) -> Result<(), SourceError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            walk(&path, into)?;
        } else if is_ext(&path, "ics") || is_ext(&path, "zip") {
            into.extend(file_sources(&path)?);
        }
    }
    Ok(())
}

fn file_sources(path: &Path) -> Result<Vec<Source>, SourceError> {
    if !is_ext(path, "zip") {
        return Ok(vec![Source::File(path.to_path_buf())]);
    }
    let zip_err = |e: zip::result::ZipError| SourceError::Zip {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let archive = zip::ZipArchive::new(File::open(path).map_err(io(path))?).map_err(zip_err)?;
    let mut entries: Vec<String> = archive
        .file_names()
        .filter(|n| n.to_ascii_lowercase().ends_with(".ics"))
        .map(str::to_string)
        .collect();
    entries.sort();
    Ok(entries
        .into_iter()
        .map(|entry| Source::ZipEntry {
            archive: path.to_path_buf(),
            entry,
        })
        .collect())
}

/// Reads the bytes of one source into `buf` (cleared first). The importer
/// reuses one buffer per thread: fresh memory for every file costs a page fault
/// per 4 KiB, which on a gigabyte of exports is a tenth of the import time.
pub fn read_into(source: &Source, buf: &mut Vec<u8>) -> Result<(), SourceError> {
    buf.clear();
    match source {
        Source::File(p) => {
            let mut file = File::open(p).map_err(io(p))?;
            if let Ok(meta) = file.metadata() {
                buf.reserve(usize::try_from(meta.len()).unwrap_or(0).min(1 << 30));
            }
            file.read_to_end(buf).map_err(io(p))?;
        }
        Source::Stdin => {
            std::io::stdin()
                .read_to_end(buf)
                .map_err(io(Path::new("stdin")))?;
        }
        Source::ZipEntry { archive, entry } => {
            let zip_err = |e: zip::result::ZipError| SourceError::Zip {
                path: archive.clone(),
                message: e.to_string(),
            };
            let mut zip =
                zip::ZipArchive::new(File::open(archive).map_err(io(archive))?).map_err(zip_err)?;
            let mut file = zip.by_name(entry).map_err(zip_err)?;
            buf.reserve(usize::try_from(file.size()).unwrap_or(0).min(1 << 30));
            file.read_to_end(buf).map_err(io(archive))?;
        }
    }
    Ok(())
}

/// Imports the sources in parallel (rayon), calling `done` after each one
/// (for a progress bar). Results keep the order of `sources`; all share the
/// run's occurrence budget.
pub fn import_sources(
    sources: &[Source],
    opts: &ImportOptions,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Calendar>, SourceError> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let run = RunBudget::new(&opts.budgets);
    sources
        .par_iter()
        .map(|s| {
            let cal = BUFFER.with_borrow_mut(|buf| {
                read_into(s, buf)?;
                let name = s.name();
                let mut cal = import_guarded(&name, opts, || import_in_run(buf, &name, opts, &run));
                cal.container = s.container();
                Ok::<_, SourceError>(cal)
            })?;
            done();
            Ok(cal)
        })
        .collect()
}

/// The last guard of "one bad file never takes the run down": a panic while
/// importing one calendar becomes that calendar's skipped item, named by its
/// path, and the other calendars go on.
fn import_guarded(name: &str, opts: &ImportOptions, import: impl FnOnce() -> Calendar) -> Calendar {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(import)).unwrap_or_else(|_| {
        let mut quality = Quality::default();
        quality.skip(
            0,
            format!("{name}: the importer failed on this file (internal error): nothing imported from it"),
        );
        Calendar {
            name: name.to_string(),
            owner: opts.owner.clone(),
            owner_source: match opts.owner {
                Some(_) => OwnerSource::Option,
                None => OwnerSource::Unknown,
            },
            zone: "UTC".to_string(),
            coverage: None,
            stated_hours: None,
            primary: false,
            holiday_feed: false,
            container: String::new(),
            occurrences: Vec::new(),
            quality,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_importing_becomes_the_calendars_skipped_item() {
        let opts = ImportOptions::default();
        let cal = import_guarded("team/ana.ics", &opts, || panic!("a bug in a dependency"));
        assert_eq!(cal.name, "team/ana.ics");
        assert!(cal.occurrences.is_empty());
        assert_eq!(cal.quality.problem_count(), 1);
        assert!(cal.quality.skipped[0].message.starts_with("team/ana.ics: "));
        let fine = import_guarded("b.ics", &opts, || {
            crate::ics::import_bytes(
                b"BEGIN:VEVENT\nDTSTART:20240101T090000Z\nEND:VEVENT\n",
                "b.ics",
                &opts,
            )
        });
        assert_eq!(fine.occurrences.len(), 1);
    }
}
