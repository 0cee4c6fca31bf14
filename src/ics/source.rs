//! Reading calendars: a .ics file, a zip entry or standard input, each with a
//! size limit, remembering which files were read. Files are read and imported
//! in parallel, one at a time per thread, so memory follows the largest file,
//! not the whole input.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::budget::RunBudget;
use super::discover::FileId;
use super::import::{import_bytes, import_in_run, ImportOptions};
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
    #[error("{path}: skipped: larger than {limit_mib} MiB, more than any calendar export")]
    TooLarge { path: PathBuf, limit_mib: u64 },
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SourceError + '_ {
    move |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The most bytes one calendar may have (a file, a zip entry or standard
/// input). The largest real export seen is a few tens of MiB; a zip entry
/// that inflates to gigabytes is cut here instead of filling the memory.
pub const MAX_CALENDAR_BYTES: u64 = 256 << 20;

/// Opens a zip archive and reads its directory.
pub(crate) fn open_archive(path: &Path) -> Result<zip::ZipArchive<File>, SourceError> {
    let file = File::open(path).map_err(io(path))?;
    remember_read(&file);
    zip::ZipArchive::new(file).map_err(|e| SourceError::Zip {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Identities of every file this process found or opened to read calendars
/// from (discovery adds them before any is read, so a writer that streams
/// while reading refuses them too).
static READ: Mutex<Option<HashSet<FileId>>> = Mutex::new(None);

fn remember_read(file: &File) {
    if let Some(id) = file.metadata().ok().as_ref().and_then(FileId::of) {
        remember_input(id);
    }
}

/// Remembers the file `id` as an input: no output may replace it.
pub(super) fn remember_input(id: FileId) {
    if let Ok(mut read) = READ.lock() {
        read.get_or_insert_with(HashSet::new).insert(id);
    }
}

/// Whether `path` is (or links to) a file this process found or read
/// calendars in, by device and inode: the writers refuse such a path, so no
/// output replaces an input, even one found inside a folder or given as a zip.
pub fn was_read(path: &Path) -> bool {
    let Some(id) = std::fs::metadata(path).ok().as_ref().and_then(FileId::of) else {
        return false;
    };
    READ.lock()
        .is_ok_and(|read| read.as_ref().is_some_and(|r| r.contains(&id)))
}

/// Reads the bytes of one source into `buf` (cleared first). The importer
/// reuses one buffer per thread: fresh memory for every file costs a page fault
/// per 4 KiB, which on a gigabyte of exports is a tenth of the import time.
/// More than [`MAX_CALENDAR_BYTES`] is an error for this source alone.
///
/// Tried and dropped: memory-mapping files of 64 KiB and more (memmap2,
/// populated at once) instead of copying them. On the whole bench corpus
/// (export, perf, 2 runs each) mapping and unmapping took what reading
/// did (`MmapInner::map` 2.2-2.3% of the samples plus munmap 1.3-1.4%,
/// against `read_into` 3.9-4.1%), and a file cut short while mapped (a
/// sync client rewriting it) kills the run with SIGBUS instead of being
/// read as it was.
pub fn read_into(source: &Source, buf: &mut Vec<u8>) -> Result<(), SourceError> {
    buf.clear();
    let name = || PathBuf::from(source.name());
    match source {
        Source::File(p) => {
            let file = File::open(p).map_err(io(p))?;
            remember_read(&file);
            if let Ok(meta) = file.metadata() {
                reserve(buf, meta.len());
            }
            read_limited(file, buf).map_err(io(p))?;
        }
        Source::Stdin => {
            read_limited(std::io::stdin().lock(), buf).map_err(io(Path::new("stdin")))?;
        }
        Source::ZipEntry { archive, entry } => with_archive(archive, |zip| {
            let mut file = zip.by_name(entry).map_err(|e| SourceError::Zip {
                path: name(),
                message: e.to_string(),
            })?;
            reserve(buf, file.size());
            read_limited(&mut file, buf).map_err(io(&name()))
        })?,
    }
    if buf.len() as u64 > MAX_CALENDAR_BYTES {
        buf.clear();
        return Err(SourceError::TooLarge {
            path: name(),
            limit_mib: MAX_CALENDAR_BYTES >> 20,
        });
    }
    Ok(())
}

/// Reserves room for a source of `size` bytes (as declared) plus the one
/// byte that tells an oversized source, so reading up to the limit never
/// doubles the buffer past it.
fn reserve(buf: &mut Vec<u8>, size: u64) {
    buf.reserve(usize::try_from(size.min(MAX_CALENDAR_BYTES) + 1).unwrap_or(0));
}

/// Reads at most one byte past the limit, so an oversized source is seen
/// without reading (or inflating) the rest of it.
fn read_limited(reader: impl Read, buf: &mut Vec<u8>) -> std::io::Result<()> {
    reader
        .take(MAX_CALENDAR_BYTES + 1)
        .read_to_end(buf)
        .map(|_| ())
}

/// Runs `f` on the archive at `path`, opened once per thread: reopening it for
/// every entry re-reads its whole directory (10,000 entries took 74 s so).
fn with_archive<T>(
    path: &Path,
    f: impl FnOnce(&mut zip::ZipArchive<File>) -> Result<T, SourceError>,
) -> Result<T, SourceError> {
    type Open = Option<(PathBuf, zip::ZipArchive<File>)>;
    thread_local! {
        static OPEN: std::cell::RefCell<Open> = const { std::cell::RefCell::new(None) };
    }
    OPEN.with_borrow_mut(|open| {
        if open.as_ref().is_none_or(|(p, _)| p != path) {
            *open = None;
            *open = Some((path.to_path_buf(), open_archive(path)?));
        }
        match open.as_mut() {
            Some((_, zip)) => f(zip),
            None => Err(SourceError::Zip {
                path: path.to_path_buf(),
                message: "cannot be opened".into(),
            }),
        }
    })
}

/// Imports the sources in parallel (rayon), calling `done` after each one
/// (for a progress bar). Results keep the order of `sources`; all share the
/// run's occurrence budget.
pub fn import_sources(
    sources: &[Source],
    opts: &ImportOptions,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Calendar>, SourceError> {
    let run = RunBudget::new(&opts.budgets);
    sources
        .par_iter()
        // a calendar per job, so that no thread reads a run of them alone at the end
        .with_max_len(1)
        .map(|s| {
            let cal = import_source(s, opts, &run)?;
            done();
            Ok(cal)
        })
        .collect()
}

/// Imports one source as a calendar of the run `run` (its bytes read into a
/// buffer reused by the thread); an oversized source is a calendar with the
/// reason as its skipped item, a source that cannot be read an error.
pub fn import_source(
    s: &Source,
    opts: &ImportOptions,
    run: &RunBudget,
) -> Result<Calendar, SourceError> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| match read_into(s, buf) {
        Ok(()) => {
            let name = s.name();
            let mut cal = import_guarded(&name, opts, || import_in_run(buf, &name, opts, run));
            cal.container = s.container();
            Ok(cal)
        }
        Err(e @ SourceError::TooLarge { .. }) => Ok(skipped(s, &e, opts)),
        Err(e) => Err(e),
    })
}

/// An empty calendar for a source that was skipped whole, with the reason as
/// its skipped item, so the run goes on and the summary names the source.
fn skipped(source: &Source, why: &SourceError, opts: &ImportOptions) -> Calendar {
    let mut cal = import_bytes(b"", &source.name(), opts);
    cal.quality.skip(0, why.to_string());
    cal
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
