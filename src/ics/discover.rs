//! Which calendars the inputs name: a .ics file, a folder (searched
//! recursively), a .zip archive (Google Takeout) or standard input.
//!
//! Folder walking is defensive, because a folder is whatever a colleague put
//! there: symbolic links are followed only when they stay inside the input
//! (a link to `.` or to `/dev/zero` is skipped with a note), every folder is
//! entered once (no link cycle can repeat it), only regular files are read
//! from a folder (a FIFO named `x.ics` would block forever), the same file
//! reached twice is listed once, and calendars with the same bytes are listed
//! once with a note, so a copied export is not counted twice.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::same_bytes::{self, Digest};
use super::source::{io, open_archive, Source, SourceError, MAX_CALENDAR_BYTES};

/// The calendars found, and what was left out and why (shown with the
/// data-quality summary; `--strict` counts them).
#[derive(Debug, Default)]
pub struct Found {
    pub sources: Vec<Source>,
    pub notes: Vec<String>,
}

/// A file's identity on its device: two paths to one file share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of the file `meta` describes.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        Some(FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    /// Without inode numbers, paths are compared (canonically) instead.
    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata) -> Option<FileId> {
        None
    }
}

/// Lists the calendars behind the inputs, in a stable order.
pub fn discover(inputs: &[PathBuf]) -> Result<Found, SourceError> {
    let mut walk = Walk::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            walk.push(Source::Stdin, None);
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|_| SourceError::NotFound {
            path: input.clone(),
        })?;
        if meta.is_dir() {
            let root = input.canonicalize().map_err(io(input))?;
            walk.dir(input, &root, &meta)?;
        } else {
            // a file named on the command line is read even when it is a pipe
            // (`<(zcat x.ics.gz)`); its size is limited when it is read
            walk.file(input, &meta)?;
        }
    }
    drop_same_bytes(&mut walk.found, &walk.sizes);
    Ok(walk.found)
}

#[derive(Default)]
struct Walk {
    found: Found,
    /// The size of each source (when known), to find candidate duplicates.
    sizes: Vec<Option<u64>>,
    /// Folders entered and files listed, so nothing is visited twice.
    seen: HashSet<FileId>,
}

impl Walk {
    /// Lists the calendars in `dir` (a folder inside the input `root`).
    fn dir(
        &mut self,
        dir: &Path,
        root: &Path,
        meta: &std::fs::Metadata,
    ) -> Result<(), SourceError> {
        if let Some(id) = FileId::of(meta) {
            if !self.seen.insert(id) {
                return Ok(());
            }
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(io(dir))?;
        entries.sort();
        for path in entries {
            self.entry(&path, root)?;
        }
        Ok(())
    }

    fn entry(&mut self, path: &Path, root: &Path) -> Result<(), SourceError> {
        let link = std::fs::symlink_metadata(path).map_err(io(path))?;
        if link.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(root) => {}
                Ok(target) => {
                    return self.note(format!(
                        "{}: skipped: a link to {}, outside the input folder",
                        path.display(),
                        target.display()
                    ))
                }
                Err(_) => return self.note(format!("{}: skipped: a broken link", path.display())),
            }
        }
        let meta = std::fs::metadata(path).map_err(io(path))?;
        if meta.is_dir() {
            return self.dir(path, root, &meta);
        }
        if !(is_ext(path, "ics") || is_ext(path, "zip")) {
            return Ok(());
        }
        if !meta.is_file() {
            return self.note(format!(
                "{}: skipped: not a regular file (a pipe or device)",
                path.display()
            ));
        }
        self.file(path, &meta)
    }

    /// Lists one file (or the calendars inside one zip), once per identity.
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata) -> Result<(), SourceError> {
        if let Some(id) = FileId::of(meta) {
            if !self.seen.insert(id) {
                return self.note(format!(
                    "{}: skipped: the same file was already found under another name",
                    path.display()
                ));
            }
            super::source::remember_input(id);
        }
        if !is_ext(path, "zip") {
            let size = meta.is_file().then_some(meta.len());
            self.push(Source::File(path.to_path_buf()), size);
            return Ok(());
        }
        let mut archive = open_archive(path)?;
        let mut entries: Vec<(String, Option<u64>)> = (0..archive.len())
            .filter_map(|i| {
                let entry = archive.by_index_raw(i).ok()?;
                let name = entry.name().to_string();
                name.to_ascii_lowercase()
                    .ends_with(".ics")
                    .then(|| (name, Some(entry.size())))
            })
            .collect();
        entries.sort();
        for (entry, size) in entries {
            let archive = path.to_path_buf();
            self.push(Source::ZipEntry { archive, entry }, size);
        }
        Ok(())
    }

    fn push(&mut self, source: Source, size: Option<u64>) {
        self.found.sources.push(source);
        self.sizes.push(size);
    }

    /// Notes why something was left out; the walk goes on.
    fn note(&mut self, text: String) -> Result<(), SourceError> {
        self.found.notes.push(text);
        Ok(())
    }
}

fn is_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Removes every source whose bytes equal an earlier one's, with a note.
/// Only sources of the same size are hashed (see [`same_bytes`]), so
/// distinct calendars cost one `stat` each, not a second read; the hashing
/// runs in parallel (rayon), each thread opening an archive once.
fn drop_same_bytes(found: &mut Found, sizes: &[Option<u64>]) {
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, size) in sizes.iter().enumerate() {
        if let Some(size) = size {
            by_size.entry(*size).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = by_size.into_values().filter(|g| g.len() > 1).collect();
    let sources = &found.sources;
    let repeats = same_bytes::repeats(
        groups,
        MAX_CALENDAR_BYTES,
        |archives: &mut Archives, i, limit| archives.digest(&sources[i], limit),
    );
    let mut drop = vec![false; found.sources.len()];
    for (i, first) in repeats {
        drop[i] = true;
        found.notes.push(format!(
            "{}: skipped: the same bytes as {} (a calendar given twice is read once)",
            found.sources[i].name(),
            found.sources[first].name()
        ));
    }
    let mut keep = drop.iter().map(|d| !d);
    found.sources.retain(|_| keep.next().unwrap_or(true));
}

/// The archives opened while hashing, each opened once.
#[derive(Default)]
struct Archives(HashMap<PathBuf, zip::ZipArchive<File>>);

impl Archives {
    /// SHA-256 of a source's first `limit` bytes, read in blocks (never more
    /// than 64 KiB in memory), and whether they were all of it; `None` when
    /// it cannot be read (the import reports why).
    fn digest(&mut self, source: &Source, limit: u64) -> Option<Digest> {
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut feed = |r: &mut dyn Read| -> Option<bool> {
            let mut left = limit;
            loop {
                if left == 0 {
                    // all `limit` bytes read: whole when nothing follows
                    return Some(r.read(&mut buf[..1]).ok()? == 0);
                }
                let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                let n = r.read(&mut buf[..want]).ok()?;
                if n == 0 {
                    return Some(true);
                }
                hasher.update(&buf[..n]);
                left -= n as u64;
            }
        };
        let whole = match source {
            Source::File(p) => feed(&mut File::open(p).ok()?)?,
            Source::ZipEntry { archive, entry } => {
                if !self.0.contains_key(archive) {
                    self.0.insert(archive.clone(), open_archive(archive).ok()?);
                }
                let zip = self.0.get_mut(archive)?;
                feed(&mut zip.by_name(entry).ok()?)?
            }
            Source::Stdin => return None,
        };
        Some(Digest {
            sha: hasher.finalize().into(),
            whole,
        })
    }
}
