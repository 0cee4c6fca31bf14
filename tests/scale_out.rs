//! The scale-out path on the sample organisation (sample-data/team-before
//! with its roster): `analyze --partials` then `reduce` writes the same
//! files as a direct `analyze`, and the SQL reduce in docs/scale-out.md,
//! run by DuckDB over the same partials, gives the same team tables.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn meetload(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "meetload {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Maps the sample organisation into `tmp/partials` (writing the direct
/// tables into `tmp/direct`) and reduces the partials into `tmp/reduced`.
fn map_and_reduce(tmp: &Path) -> (PathBuf, PathBuf) {
    let org = root().join("sample-data/team-before");
    let roster = org.join("people.csv");
    let (org, roster) = (org.to_str().unwrap(), roster.to_str().unwrap());
    let path = |name: &str| tmp.join(name).to_str().unwrap().to_string();
    let (direct, parts, reduced) = (path("direct"), path("partials"), path("reduced"));
    meetload(&[
        "analyze",
        org,
        "--people",
        roster,
        "--out",
        &direct,
        "--partials",
        &parts,
        "-q",
    ]);
    meetload(&[
        "reduce", &parts, "--people", roster, "--out", &reduced, "-q",
    ]);
    (tmp.join("direct"), tmp.join("reduced"))
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_reduce_of_the_partials_writes_the_direct_runs_files_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (direct, reduced) = map_and_reduce(tmp.path());
    let names = files(&direct);
    assert_eq!(names, files(&reduced));
    assert!(names.contains(&"summary.json".to_string()), "{names:?}");
    for name in names {
        let (a, b) = (direct.join(&name), reduced.join(&name));
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{name} differs"
        );
    }
}

/// Runs tests/scale_out_sql.py (DuckDB) when the `duckdb` Python package is
/// there; `.ci/run` installs it and sets MEETLOAD_REQUIRE_DUCKDB, so CI
/// never skips this.
#[test]
fn the_documented_sql_reduce_gives_the_same_team_tables_as_meetloads_reduce() {
    let has_duckdb = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_duckdb {
        assert!(
            std::env::var_os("MEETLOAD_REQUIRE_DUCKDB").is_none(),
            "MEETLOAD_REQUIRE_DUCKDB is set but python3 cannot import duckdb"
        );
        eprintln!("skipped: python3 cannot import duckdb (pip install duckdb)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (_, reduced) = map_and_reduce(tmp.path());
    let out = Command::new("python3")
        .arg(root().join("tests/scale_out_sql.py"))
        .arg(root().join("docs/scale-out.md"))
        .arg(tmp.path())
        .arg(&reduced)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn partials_are_refused_with_privacy_on_since_they_hold_addresses_and_titles() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("meetload.toml");
    std::fs::write(&config, "privacy = true\n").unwrap();
    let parts = tmp.path().join("partials");
    let org = root().join("sample-data/team-before");
    let out = Command::new(env!("CARGO_BIN_EXE_meetload"))
        .arg("--config")
        .arg(&config)
        .arg("analyze")
        .arg(&org)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .arg("--partials")
        .arg(&parts)
        .arg("-q")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--partials: privacy is on"), "{stderr}");
    assert!(!parts.exists());
}
