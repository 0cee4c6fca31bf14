//! The one place files are written. A single file ([`write_atomic`]) goes
//! to a temporary file beside it, is synced to disk and renamed over the
//! target. A run's folder of outputs ([`OutputDir`]) is written into a fresh
//! sibling folder first and moved into place only when every file is
//! complete and synced, so a failed or killed run never leaves a new table
//! next to an old summary. Nothing is ever written over a file a calendar
//! was read from (compared by device and inode, so folders, zips, links and
//! `..` do not get around it).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::thread::JoinHandle;

use anyhow::{bail, Context, Result};

use super::staging;

/// Refuses `path` when it is one of the named `inputs` or any file a
/// calendar was read from in this run.
pub fn refuse_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    let named = path.canonicalize().is_ok_and(|target| {
        inputs
            .iter()
            .filter_map(|i| i.canonicalize().ok())
            .any(|i| i == target)
    });
    if named || crate::ics::was_read(path) {
        bail!(
            "{}: refusing to overwrite an input calendar; choose another output path",
            path.display()
        );
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically (temporary file, then rename). Refuses
/// to replace an input, so a typo cannot destroy a calendar export.
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
    refuse_input(path, inputs)?;
    // a device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written into: renaming a
    // temporary file over it would replace the device with a plain file
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut device = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        return fill_buffered(&mut device, path, None, |out| fill(out));
    }
    let dir = parent_of(path);
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    staging::remove_stale(dir);
    let mut builder = tempfile::Builder::new();
    let prefix = staging::prefix();
    builder.prefix(&prefix);
    // the mode a plain file gets (0666 less the umask), not a temporary file's 0600
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = {
        let mut hold = staging::hold();
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        hold.register(tmp.path());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let mut syncer = Syncer::start();
    let filled = fill_buffered(tmp.as_file_mut(), path, Some(&syncer), |out| fill(out))
        .and_then(|()| syncer.finish())
        .and_then(|()| sync(tmp.as_file(), path));
    let mut hold = staging::hold();
    // renamed into place or removed (dropped) under the hold, so a signal finds it registered
    let written = filled.and_then(|()| {
        tmp.persist(path)
            .map(drop)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot replace {}", path.display()))
    });
    hold.unregister(&tmp_path);
    drop(hold);
    written?;
    sync_dir(dir);
    Ok(())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Runs `fill` on a buffered writer over `file` and flushes it; `path` names
/// it in errors. With a `syncer`, what is written is handed to it to sync
/// every [`SYNC_EVERY`] bytes (see [`Syncing`]).
fn fill_buffered(
    file: &mut File,
    path: &Path,
    syncer: Option<&Syncer>,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    let syncing = Syncing {
        file,
        path,
        syncer,
        unsynced: 0,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, syncing);
    fill(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Bytes written between two syncs handed to the [`Syncer`].
const SYNC_EVERY: usize = 8 << 20;

/// A file written through, handed to a [`Syncer`] every [`SYNC_EVERY`]
/// bytes: the disk then writes a large file while the rest of it is made,
/// and the sync that must come before its rename finds little left (synced
/// only once complete, the 30 MB Parquet file of `export` on the bench
/// corpus waited 53 ms for the disk after all else was done).
struct Syncing<'a> {
    file: &'a mut File,
    path: &'a Path,
    syncer: Option<&'a Syncer>,
    unsynced: usize,
}

impl Write for Syncing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            // without a second handle, the sync before the rename does it all
            if let (Some(syncer), Ok(handle)) = (self.syncer, self.file.try_clone()) {
                syncer
                    .sync(handle, self.path.to_path_buf())
                    .map_err(std::io::Error::other)?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn sync(file: &File, path: &Path) -> Result<()> {
    file.sync_all()
        .with_context(|| format!("cannot write {} to disk", path.display()))
}

/// Syncs a folder so a rename in it survives a power cut (best effort: not
/// every file system can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A run's output folder, filled in a fresh sibling folder and moved into
/// place by [`OutputDir::commit`]; dropped without a commit (an error), the
/// sibling is removed and the old outputs stay as they were.
pub struct OutputDir {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
    inputs: Vec<PathBuf>,
    /// Relative paths written so far.
    written: Mutex<Vec<PathBuf>>,
    syncer: Syncer,
}

/// A run's files synced to disk on a thread of its own, one after the
/// other, while the run goes on (whole files, and large ones as they grow:
/// see [`Syncing`]); [`Syncer::finish`] waits for the last.
/// Synced by their writer instead, each table's file held a worker of the
/// pool while the disk caught up (strace, bench corpus on a disk: 37
/// syncs, up to 84 ms each, with a core idle).
struct Syncer {
    files: Option<mpsc::Sender<(File, PathBuf)>>,
    thread: Option<JoinHandle<Result<()>>>,
}

impl Syncer {
    /// A syncer with its thread; without one (the system refused a thread)
    /// [`Syncer::sync`] syncs in place.
    fn start() -> Syncer {
        let (files, queue) = mpsc::channel::<(File, PathBuf)>();
        let thread = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let mut first_error = Ok(());
                for (file, shown) in queue {
                    if first_error.is_ok() {
                        first_error = sync(&file, &shown);
                    }
                }
                first_error
            })
            .ok();
        Syncer {
            files: thread.as_ref().map(|_| files),
            thread,
        }
    }

    /// Syncs `file` (named `shown` in errors) now or on the thread.
    fn sync(&self, file: File, shown: PathBuf) -> Result<()> {
        match &self.files {
            Some(files) => match files.send((file, shown)) {
                Ok(()) => Ok(()),
                // the thread is gone (it panicked): sync here
                Err(mpsc::SendError((file, shown))) => sync(&file, &shown),
            },
            None => sync(&file, &shown),
        }
    }

    /// Waits until every file handed over is synced: the first error, if any.
    fn finish(&mut self) -> Result<()> {
        drop(self.files.take());
        match self.thread.take().map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(synced)) => synced,
            Some(Err(_)) => bail!("the thread syncing the outputs to disk failed"),
        }
    }
}

/// A write that failed drops its syncer unfinished: the thread still closes
/// its handles before the temporary file is removed.
impl Drop for Syncer {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

impl OutputDir {
    /// Starts writing the outputs for folder `target`.
    pub fn begin(target: &Path, inputs: &[PathBuf]) -> Result<OutputDir> {
        let parent = parent_of(target);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
        staging::remove_stale(parent);
        let mut hold = staging::hold();
        let staging_dir = tempfile::Builder::new()
            .prefix(&staging::prefix())
            .tempdir_in(parent)
            .with_context(|| format!("cannot write in {}", parent.display()))?;
        hold.register(staging_dir.path());
        Ok(OutputDir {
            target: target.to_path_buf(),
            staging: Some(staging_dir),
            inputs: inputs.to_vec(),
            written: Mutex::new(Vec::new()),
            syncer: Syncer::start(),
        })
    }

    /// The folder the outputs end up in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    fn staging(&self) -> Result<&Path> {
        match &self.staging {
            Some(s) => Ok(s.path()),
            None => bail!("{}: the outputs were already moved", self.target.display()),
        }
    }

    /// Writes `rel` (a path inside the folder) from `fill`, synced to disk
    /// by [`OutputDir::commit`] at the latest. The writer may be handed to
    /// another thread (see [`super::write_table_batches`]).
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
    ) -> Result<()> {
        let shown = self.target.join(rel);
        refuse_input(&shown, &self.inputs)?;
        let path = self.staging()?.join(rel);
        // created under the hold: after a signal's cleanup began, neither a new file nor a
        // re-created staging folder can appear (the cleanup would miss it)
        let mut file = {
            let _hold = staging::hold();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create folder {}", dir.display()))?;
            }
            File::create(&path).with_context(|| format!("cannot write {}", shown.display()))?
        };
        fill_buffered(&mut file, &shown, Some(&self.syncer), fill)?;
        self.syncer.sync(file, shown)?;
        if let Ok(mut written) = self.written.lock() {
            written.push(PathBuf::from(rel));
        }
        Ok(())
    }

    /// Writes `bytes` as `rel`.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.write_with(rel, |out| Ok(out.write_all(bytes)?))
    }

    /// Moves the outputs into place: the whole folder at once when the
    /// target does not exist yet, else file by file (every file is complete
    /// and synced before the first rename, and files of other programs in the folder
    /// are left alone).
    pub fn commit(mut self) -> Result<()> {
        self.syncer.finish()?;
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .map_err(|_| anyhow::anyhow!("{}: a writer failed", self.target.display()))?,
        );
        for rel in &written {
            let to = self.target.join(rel);
            refuse_input(&to, &self.inputs)?;
            if to.is_dir() {
                bail!("cannot replace {}: it is a folder", to.display());
            }
        }
        let staging_dir = self.staging()?.to_path_buf();
        sync_tree(&staging_dir, &written);
        self.move_into_place(&staging_dir, &written)?;
        sync_tree(&self.target, &written);
        sync_dir(parent_of(&self.target));
        Ok(())
    }

    /// The renames of [`OutputDir::commit`], under the hold: a signal comes
    /// either before them (the staging folder is removed, the old outputs
    /// stay) or after them and the staging folder's removal (nothing is left).
    fn move_into_place(&self, staging_dir: &Path, written: &[PathBuf]) -> Result<()> {
        let mut hold = staging::hold();
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(staging_dir, &self.target)
                .with_context(|| format!("cannot create {}", self.target.display()))?;
        } else {
            for rel in written {
                let to = self.target.join(rel);
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create folder {}", dir.display()))?;
                }
                std::fs::rename(staging_dir.join(rel), &to)
                    .with_context(|| format!("cannot replace {}", to.display()))?;
            }
            // the emptied staging folder goes under the same hold: unregistered but still
            // there, a signal before the drop would leave it behind
            let _ = std::fs::remove_dir_all(staging_dir);
        }
        hold.unregister(staging_dir);
        Ok(())
    }
}

/// Syncs the folders of `written` inside `root` (their files are synced by the [`Syncer`]).
fn sync_tree(root: &Path, written: &[PathBuf]) {
    let mut dirs: Vec<PathBuf> = written
        .iter()
        .filter_map(|r| root.join(r).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.iter().for_each(|d| sync_dir(d));
    sync_dir(root);
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // the files are closed before their folder is removed
        let _ = self.syncer.finish();
        if let Some(s) = self.staging.take() {
            let mut hold = staging::hold();
            let path = s.path().to_path_buf();
            // a committed staging folder was renamed away; removing it then finds nothing
            let _ = s.close();
            hold.unregister(&path);
        }
    }
}

/// The input folder `path` lies in, if any: projected calendars written
/// there would be read back as input by the next run over that folder.
pub fn input_folder_containing(path: &Path, inputs: &[PathBuf]) -> Option<PathBuf> {
    let resolved = resolve_lexically(path)?;
    inputs
        .iter()
        .filter(|i| i.is_dir())
        .find(|i| i.canonicalize().is_ok_and(|dir| resolved.starts_with(dir)))
        .cloned()
}

/// The canonical form of a path that may not exist yet: its longest existing
/// ancestor canonicalized, with the rest appended.
fn resolve_lexically(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(canonical, |p, c| p.join(c)));
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_from_several_threads_are_all_in_place_after_the_commit() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let out = OutputDir::begin(&target, &[]).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let out = &out;
                s.spawn(move || {
                    for i in 0..10 {
                        out.write(&format!("t{t}/f{i}.txt"), format!("{t}-{i}").as_bytes())
                            .unwrap();
                    }
                });
            }
        });
        out.commit().unwrap();
        for t in 0..4 {
            for i in 0..10 {
                let text = std::fs::read_to_string(target.join(format!("t{t}/f{i}.txt"))).unwrap();
                assert_eq!(text, format!("{t}-{i}"));
            }
        }
    }

    #[test]
    fn a_file_larger_than_a_sync_step_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let bytes: Vec<u8> = (0..SYNC_EVERY * 2 + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        // written in pieces that straddle the sync steps
        write_atomic_with(&path, &[], |out| {
            bytes.chunks(1_000_003).try_for_each(|c| out.write_all(c))?;
            Ok(())
        })
        .unwrap();
        assert!(std::fs::read(&path).unwrap() == bytes);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_synced_fails_the_finish_with_its_name() {
        // a pipe cannot be synced (EINVAL), which no disk file lets a test provoke
        let (_reader, writer) = std::io::pipe().unwrap();
        let pipe = File::from(std::os::fd::OwnedFd::from(writer));
        let disk = tempfile::tempfile().unwrap();
        let mut syncer = Syncer::start();
        syncer.sync(disk, PathBuf::from("fine.csv")).unwrap();
        syncer.sync(pipe, PathBuf::from("broken.csv")).unwrap();
        let err = syncer.finish().unwrap_err();
        assert!(
            format!("{err:#}").contains("cannot write broken.csv to disk"),
            "{err:#}"
        );
        // finished once, a second finish has nothing left to wait for
        assert!(syncer.finish().is_ok());
    }
}
