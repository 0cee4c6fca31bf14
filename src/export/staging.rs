//! Temporary files and folders that must not outlive the run: they are
//! named `.meetload-tmp-<pid>-...`, removed when dropped (an error), on
//! SIGINT, SIGTERM and SIGHUP, and, after a `kill -9` that no program can
//! catch, by the next run that writes into the same folder (a leftover whose
//! process is gone).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// The prefix of every temporary name meetload makes.
pub const PREFIX: &str = ".meetload-tmp-";

/// Temporary paths to remove if a signal ends the process. The signal
/// watcher takes this lock and exits while holding it, so whoever creates,
/// moves or removes a temporary under [`hold`] does so either wholly before
/// the cleanup (which then sees it) or never (blocked until the exit): a
/// signal cannot land between a temporary's creation and its registration,
/// nor between a rename into place and the unregistration.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The prefix for temporaries of this process: `.meetload-tmp-<pid>-`.
pub fn prefix() -> String {
    format!("{PREFIX}{}-", std::process::id())
}

/// Exclusive use of the list of live temporaries (see [`LIVE`]); the signal
/// watcher runs from the first hold on, before any temporary exists.
pub struct Hold(MutexGuard<'static, Vec<PathBuf>>);

/// Waits for the list of live temporaries; keep the hold only while creating
/// or moving entries, never while filling a file.
pub fn hold() -> Hold {
    static WATCH: Once = Once::new();
    WATCH.call_once(watch_signals);
    // a writer that panicked left the list intact: every push and retain is one step
    Hold(LIVE.lock().unwrap_or_else(PoisonError::into_inner))
}

impl Hold {
    /// Registers `path` for removal on a signal.
    pub fn register(&mut self, path: &Path) {
        self.0.push(path.to_path_buf());
    }

    /// Forgets `path` (renamed into place or removed).
    pub fn unregister(&mut self, path: &Path) {
        self.0.retain(|p| p != path);
    }
}

fn remove(path: &Path) {
    let _ = std::fs::remove_dir_all(path).or_else(|_| std::fs::remove_file(path));
}

/// On SIGINT, SIGTERM or SIGHUP: remove every live temporary, then exit with
/// 128 + the signal number, as a shell reports a killed program.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // the hold is never released: no thread creates or moves a temporary after this
            let live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
            live.iter().for_each(|p| remove(p));
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn watch_signals() {}

/// Removes leftovers in `dir` of meetload processes that no longer run (a
/// `kill -9` or a power cut during an earlier write).
pub fn remove_stale(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return; // no way to tell a live process from a dead one here
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            remove(&entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // pid 4194304 is above the largest pid Linux hands out
        let dead = dir.path().join(format!("{PREFIX}4194304-tables"));
        let live = dir.path().join(format!("{}x", prefix()));
        let other = dir.path().join(".tmp-not-ours");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("big.csv"), b"x").unwrap();
        std::fs::write(&live, b"x").unwrap();
        std::fs::write(&other, b"x").unwrap();
        remove_stale(dir.path());
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
    }
}
