#!/usr/bin/env bash
# Times every resource-exhaustion input of issue 15 against a meetload binary:
# writes the inputs into a temporary folder, runs `meetload analyze -q INPUT`
# on each under /usr/bin/time, and prints wall time and peak memory (RSS).
# Budget: every input under 5 s and 1 GiB.
#
#   benches/hostile.sh [BINARY]        (default: target/release/meetload)
#   LIMIT=60 MEM_CAP_MB=4096 benches/hostile.sh /path/to/older/meetload
#
# LIMIT (seconds, default 60) kills a run that goes on longer; MEM_CAP_MB (default
# 4096) caps its address space so an older binary cannot take the shared machine's
# memory (such a run ends with an allocation failure, shown as its exit code).
# Needs python3 (to write the inputs) and mkfifo.
set -u
BIN=$(realpath "${1:-${CARGO_TARGET_DIR:-target}/release/meetload}")
LIMIT=${LIMIT:-60}
MEM_CAP_MB=${MEM_CAP_MB:-4096}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR" || exit 1

python3 - <<'PY'
import os, struct, zipfile, zlib

def cal(events, name="hostile.ics"):
    with open(name, "w", newline="") as f:
        f.write("BEGIN:VCALENDAR\r\nX-WR-CALNAME:me@x.org\r\nX-WR-TIMEZONE:UTC\r\n")
        f.write("".join(events))
        f.write("END:VCALENDAR\r\n")

def event(uid, lines, start="DTSTART:20240108T090000Z", end="DURATION:PT1S"):
    body = "".join(l + "\r\n" for l in lines)
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Sync {uid}\r\n{start}\r\n{end}\r\n"
            f"ORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:me@x.org\r\n{body}END:VEVENT\r\n")

def weekly(i, count=10):
    return event(f"w{i}", [f"RRULE:FREQ=WEEKLY;COUNT={count}"], "DTSTART:20240108T100000Z", "DTEND:20240108T110000Z")

cal([event("m", ["RRULE:FREQ=MINUTELY"] * 1000)], "minutely_1000_rules.ics")
cal([event(f"s{i}", ["RRULE:FREQ=SECONDLY"]) for i in range(100)], "secondly_100_events.ics")
cal([event("y", ["RRULE:FREQ=YEARLY;UNTIL=99991231"], "DTSTART;VALUE=DATE:20240101", "DTEND;VALUE=DATE:99991231")], "yearly_allday_to_9999.ics")
cal([event("s", ["RRULE:FREQ=SECONDLY"])], "secondly_one_meeting.ics")
cal([event("c", ["RRULE:FREQ=DAILY;COUNT=-1"]), event("h", ["RRULE:FREQ=DAILY;COUNT=18446744073709551615"]),
     event("i", ["RRULE:FREQ=DAILY;INTERVAL=0"])], "count_and_interval_nonsense.ics")
cal([event("b", ["RRULE:FREQ=WEEKLY;BYDAY=1S\u00e9U"])], "non_ascii_byday.ics")
with open("offset_9999.ics", "w", newline="") as f:
    f.write("BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
            "TZOFFSETFROM:+9999\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            "BEGIN:VEVENT\r\nUID:o\r\nDTSTART;TZID=Odd:20240108T120000\r\nDURATION:PT1H\r\n"
            "RRULE:FREQ=DAILY;COUNT=5\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
cal([event(f"t{i}", [], f"DTSTART:20240108T{9 + i // 3600:02}{i // 60 % 60:02}{i % 60:02}Z")
     for i in range(5000)], "one_second_meetings_5000.ics")
cal([event(f"a{i}", [f"ATTENDEE:mailto:p{j}@x.org" for j in range(1000)], "DTSTART:20240108T100000Z",
           "DTEND:20240108T110000Z") for i in range(50)], "attendees_50x1000.ics")

# components nested without end (the parser keeps at most 64 levels open), and as
# many ENDs of a component never begun, each searching the open ones
with open("nested_200000.ics", "w", newline="") as f:
    f.write("BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\nDTSTART:20240108T090000Z\r\n" * 200_000)
with open("nested_then_ends_200000.ics", "w", newline="") as f:
    f.write("BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\n" * 200_000 + "END:X\r\n" * 200_000)

for n in (10_000, 100_000):
    with zipfile.ZipFile(f"entries_{n}.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(n):
            z.writestr(f"c{i}.ics", "BEGIN:VCALENDAR\r\n" + weekly(i, 1) + "END:VCALENDAR\r\n")

# the entries of many exports at once: 10 meetings each, 1,000,000 occurrences in all
with zipfile.ZipFile("entries_100000x10.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(100_000):
        z.writestr(f"c{i}.ics", "BEGIN:VCALENDAR\r\n" + weekly(i) + "END:VCALENDAR\r\n")

# one entry that inflates to 5 GB of zeros: a fully flushed deflate block of 1 MiB of
# zeros repeated (each block starts afresh, so the repeats are a valid stream)
chunk, n = bytes(1 << 20), 5000
c = zlib.compressobj(9, zlib.DEFLATED, -15)
block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
tail = c.flush(zlib.Z_FINISH)
crc = 0
for _ in range(n):
    crc = zlib.crc32(chunk, crc)
size, csize, name = n << 20, len(block) * n + len(tail), b"huge.ics"
extra = struct.pack("<HHQQ", 1, 16, size, csize)
with open("entry_5gb.zip", "wb") as f:
    f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra)))
    f.write(name + extra)
    for _ in range(n):
        f.write(block)
    f.write(tail)
    cd_at = f.tell()
    cextra = struct.pack("<HHQQQ", 1, 24, size, csize, 0)
    f.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                        len(name), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF))
    f.write(name + cextra)
    cd_size = f.tell() - cd_at
    end64 = f.tell()
    f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, cd_size, cd_at))
    f.write(struct.pack("<IIQI", 0x07064B50, 0, end64, 1))
    f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, cd_size, cd_at, 0))

for d in ("one_loop", "two_loops", "fifo", "dev_zero"):
    os.makedirs(d)
    for who in ("ana", "ben"):
        cal([weekly(who)], f"{d}/{who}.ics")
os.symlink(".", "one_loop/loop")
os.symlink(".", "two_loops/loop1")
os.symlink(".", "two_loops/loop2")
os.mkfifo("fifo/pipe.ics")
os.symlink("/dev/zero", "dev_zero/zero.ics")
PY

printf '%-32s %10s %6s %9s %8s %10s\n' input bytes exit wall_s cpu_s peak_MiB
for input in minutely_1000_rules.ics secondly_100_events.ics yearly_allday_to_9999.ics \
    secondly_one_meeting.ics count_and_interval_nonsense.ics non_ascii_byday.ics offset_9999.ics \
    one_second_meetings_5000.ics attendees_50x1000.ics nested_200000.ics nested_then_ends_200000.ics \
    entries_10000.zip entries_100000.zip entries_100000x10.zip \
    entry_5gb.zip one_loop two_loops fifo dev_zero; do
  bytes=$(du -sbL --apparent-size "$input" 2>/dev/null | cut -f1)
  [ -d "$input" ] && bytes=dir
  ( ulimit -v $((MEM_CAP_MB * 1024)); exec /usr/bin/time -f '%e %U %S %M' -o "$DIR/time" \
      timeout -s KILL "$LIMIT" "$BIN" analyze -q "$input" --out "$DIR/out" ) </dev/null >/dev/null 2>"$DIR/stderr"
  code=$?
  read -r wall user sys rss < <(tail -1 "$DIR/time" 2>/dev/null || echo "- - - 0")
  cpu=$(echo "$user $sys" | awk '{ if ($1 == "-") print "-"; else printf "%.2f", $1 + $2 }')
  rss=$((rss / 1024))
  # killed at the limit: the figures are those of `timeout`, not of meetload
  [ "$code" = 137 ] && wall=">$LIMIT" cpu=? rss=?
  printf '%-32s %10s %6s %9s %8s %10s\n' "$input" "$bytes" "$code" "$wall" "$cpu" "$rss"
  rm -rf "$DIR/out" "$DIR/time"
done
