#!/usr/bin/env bash
# Import throughput: generates a large organisation (one .ics per person,
# every instance written out), then times `meetload export` over it with
# 1 and 2 threads and reports MB/s, occurrences/s and peak memory.
# Usage: bench/import.sh [PEOPLE] [WEEKS]   (default 1000 52)
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000}
weeks=${2:-52}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
bin=target/release/meetload
$bin -q sample --people "$people" --weeks "$weeks" --start 2025-01-06 --expanded --out "$dir/org"
bytes=$(du -sb "$dir/org" | cut -f1)
for threads in 1 2; do
    start=$(date +%s.%N)
    RAYON_NUM_THREADS=$threads /usr/bin/time -f "%M" -o "$dir/mem" \
        $bin -q export "$dir/org" --format csv -o "$dir/out.csv"
    end=$(date +%s.%N)
    rows=$(($(wc -l < "$dir/out.csv") - 1))
    python3 - "$bytes" "$rows" "$start" "$end" "$(cat "$dir/mem")" "$threads" <<'PY'
import sys
b, rows, s, e, mem, t = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
secs = e - s
print(f"threads={t} input={b/1e6:.0f} MB time={secs:.2f}s {b/1e6/secs:.0f} MB/s {rows/secs:,.0f} occurrences/s peak={mem/1024:.0f} MiB")
PY
done
