#!/usr/bin/env bash
# Builds meetload with profile-guided optimisation (PGO): an instrumented
# build runs the generator's organisations and the real-world test corpus,
# and the release build is then laid out for the paths that run hot (branch
# order, inlining, which code is cold). Same source, same outputs; only the
# machine code differs. It is how a release for users is built; `cargo build
# --release` stays the everyday build.
#
#   benches/pgo-build.sh                  # -> target/pgo/<host>/release/meetload
#   benches/pgo-build.sh --bench analyze  # then `cargo bench --bench analyze`, PGO-built
#   RUSTFLAGS="-C target-cpu=x86-64-v3" benches/pgo-build.sh   # both builds with those flags too
#
# The profile stays in target/pgo/meetload.profdata: to bench again without
# rebuilding, `RUSTFLAGS=-Cprofile-use=$PWD/target/pgo/meetload.profdata
# cargo bench --target <host> --target-dir target/pgo --bench import` (with the
# flags it was built with before `-Cprofile-use`, if any).
#
# The training inputs are the generator's (`meetload sample`) and the
# real-world files of tests/fixtures/ics-corpus, never the bench corpus the
# speed is measured on: a profile fitted to the benchmark would flatter it.
# Needs llvm-profdata of rustc's LLVM version; installs it when missing
# (rustup's llvm-tools, or Debian's llvm-<major> without rustup). Takes about twice a
# cold release build (two full builds and about 20 s of training).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

host=$(rustc -vV | sed -n 's/^host: //p')
# the caller's flags (a target CPU, see docs/performance.md) go into both builds
flags=${RUSTFLAGS:-}
llvm=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')

# llvm-profdata must read the format rustc's LLVM writes: same major version
find_profdata() {
    local sysroot
    sysroot=$(rustc --print sysroot)
    for p in "$sysroot/lib/rustlib/$host/bin/llvm-profdata" "$(command -v "llvm-profdata-$llvm" || true)"; do
        [[ -x $p ]] && { echo "$p"; return; }
    done
    true
}
profdata=$(find_profdata)
if [[ -z $profdata ]]; then
    # rustup's copy is the exact LLVM of the compiler; Debian's is the same major
    if command -v rustup >/dev/null 2>&1; then
        rustup component add llvm-tools
    else
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "llvm-$llvm"
    fi
    profdata=$(find_profdata)
fi
[[ -n $profdata ]] || { echo "error: no llvm-profdata for LLVM $llvm" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --target keeps the flags off build scripts and proc macros, which run on the host
RUSTFLAGS="$flags -Cprofile-generate=$work/raw" \
    cargo build --release --target "$host" --target-dir target/pgo-gen
gen=target/pgo-gen/$host/release/meetload

# training: the shapes users have (Outlook and Apple files, Google Takeout
# zips, recurring series and expanded instances, real clients' oddities), run
# through what they run (analyze, export, report)
"$gen" sample --people 120 --weeks 52 --expanded --out "$work/expanded" -q
"$gen" sample --people 120 --weeks 26 --seed 3 --out "$work/series" -q
for org in expanded series; do
    "$gen" analyze "$work/$org" --people "$work/$org/people.csv" --out "$work/out-$org" -q
    for ext in parquet csv; do
        "$gen" export "$work/$org" --people "$work/$org/people.csv" -o "$work/out-$org/x.$ext" -q
    done
done
"$gen" report sample-data/team-before --people sample-data/team-before/people.csv \
    --comparison reports/compare --out "$work/report" -q >/dev/null
# the real clients' files weigh as much as the generated ones: the generator
# writes no VALARM and no HTML description, and a profile without them lays
# the importer out for cleaner files than users have (callgrind, 200 people
# of the bench corpus: `export` 4,703 M with the corpus read once, 4,552 M
# read 20 times; `cargo build --release` 4,880 M)
for _ in $(seq 20); do
    "$gen" export tests/fixtures/ics-corpus -o "$work/corpus.csv" -q
done

mkdir -p target/pgo
profile=$repo/target/pgo/meetload.profdata
"$profdata" merge -o "$profile" "$work/raw"
# fat LTO on top was measured and left out: 8 alternating runs of `analyze`
# on the bench corpus, CPU 5.75 s with or without it, and 5 more minutes of build
export RUSTFLAGS="$flags -Cprofile-use=$profile"
cargo build --release --target "$host" --target-dir target/pgo
echo "built target/pgo/$host/release/meetload (profile $profile)"
if (($#)); then
    cargo bench --target "$host" --target-dir target/pgo "$@"
fi
