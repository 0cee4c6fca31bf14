//! The secret behind privacy pseudonyms: 32 random bytes from the operating
//! system, written once (as 64 hex digits, readable only by its owner) next
//! to the config file as `<config>.privacy-key`, or read from
//! `--privacy-key-file`. Keep it to get the same pseudonyms in every run;
//! delete it to make new reports unlinkable to old ones. It is never written
//! into an output.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::analysis::privacy::{install_key, KEY_LEN};

/// Where the key lives: the given file, or beside the config file.
pub fn key_path(config: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(
        || {
            let mut name = config.file_name().unwrap_or_default().to_os_string();
            name.push(".privacy-key");
            config.with_file_name(name)
        },
        Path::to_path_buf,
    )
}

/// Reads the key at `path` (creating it when missing) and installs it.
pub fn install(path: &Path) -> Result<()> {
    let key = match std::fs::read_to_string(path) {
        Ok(text) => parse(&text)
            .with_context(|| format!("{}: not a meetload privacy key", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path)?,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    install_key(key);
    Ok(())
}

fn parse(text: &str) -> Result<[u8; KEY_LEN]> {
    let hex = text.trim();
    if hex.len() != KEY_LEN * 2 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("expected {} hex digits", KEY_LEN * 2);
    }
    let mut key = [0u8; KEY_LEN];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)?;
    }
    Ok(key)
}

/// Makes a new random key at `path`, readable by its owner only; never
/// replaces an existing file (two runs starting at once keep the first key).
fn create(path: &Path) -> Result<[u8; KEY_LEN]> {
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key)
        .map_err(|e| anyhow::anyhow!("no randomness from the operating system: {e}"))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(format!("{hex}\n").as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            parse(&text).with_context(|| format!("{}: not a meetload privacy key", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sits_beside_the_config_and_round_trips() {
        assert_eq!(
            key_path(Path::new("/a/meetload.toml"), None),
            PathBuf::from("/a/meetload.toml.privacy-key")
        );
        assert_eq!(
            key_path(Path::new("x.toml"), Some(Path::new("/k"))),
            PathBuf::from("/k")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let made = create(&path).unwrap();
        assert_eq!(
            parse(&std::fs::read_to_string(&path).unwrap()).unwrap(),
            made
        );
        assert_ne!(made, [0u8; KEY_LEN]);
        assert!(parse("zz").is_err());
    }
}
