#!/usr/bin/env bash
# Checks that a meetload binary writes byte-identical analyze tables,
# summary.json and occurrence exports (CSV, Parquet) as a frozen reference, on
# the sample organisation and (when unpacked) the realistic bench corpus.
# Optimisations must not change any number a user sees.
#
#   benches/freeze-check.sh freeze BINARY REFDIR   # write the reference (from main's binary)
#   benches/freeze-check.sh check  BINARY REFDIR   # run BINARY and diff against REFDIR
#
# REFDIR gets one folder and one sha256 list per input (sample, bench).
# MEETLOAD_BENCH_ICS (default /tmp/bench/ics) is the unpacked bench corpus and
# MEETLOAD_BENCH_PEOPLE_CSV (default ../shared/bench-corpus/people.csv) its roster;
# the bench input is skipped with a note when the corpus is not there.
set -euo pipefail

mode=${1:?usage: freeze-check.sh freeze|check BINARY REFDIR}
bin=$(realpath "${2:?binary}")
ref=$(mkdir -p "${3:?reference folder}" && realpath "$3")
repo=$(cd "$(dirname "$0")/.." && pwd)
ics=${MEETLOAD_BENCH_ICS:-/tmp/bench/ics}
roster=${MEETLOAD_BENCH_PEOPLE_CSV:-$repo/../shared/bench-corpus/people.csv}

# name input people
# The sample is named relative to the repository, as data_quality prints the path given.
cd "$repo"
inputs=("sample sample-data/team-before sample-data/team-before/people.csv")
if [[ -d $ics && -f $roster ]]; then
    inputs+=("bench $ics $roster")
elif [[ -d $ics ]]; then
    # the corpus is there but not its roster (a git worktree has no ../shared
    # beside it): checking the sample only would look like a pass
    echo "error: bench corpus at $ics but no roster at $roster: set MEETLOAD_BENCH_PEOPLE_CSV" >&2
    exit 2
else
    echo "note: no bench corpus at $ics: checking the sample only" >&2
fi

mkdir -p "$ref"
status=0
for entry in "${inputs[@]}"; do
    read -r name input people <<<"$entry"
    if [[ $mode == freeze ]]; then
        out="$ref/$name"
        rm -rf "$out"
    else
        out=$(mktemp -d)
    fi
    "$bin" analyze "$input" --people "$people" --out "$out" -q >/dev/null
    # the occurrence table, as `export` writes it
    for ext in csv parquet; do
        "$bin" export "$input" --people "$people" -o "$out/occurrences.$ext" -q
    done
    (cd "$out" && sha256sum -- * | sort -k2) >"$out.sha256.new"
    if [[ $mode == freeze ]]; then
        mv "$out.sha256.new" "$ref/$name.sha256"
        echo "$name: frozen $(wc -l <"$ref/$name.sha256") files in $out"
    elif diff -u "$ref/$name.sha256" "$out.sha256.new"; then
        echo "$name: identical ($(wc -l <"$ref/$name.sha256") files)"
        rm -rf "$out" "$out.sha256.new"
    else
        echo "$name: DIFFERS; outputs kept in $out (reference $ref/$name)" >&2
        status=1
    fi
done
exit $status
