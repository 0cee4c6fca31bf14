"""Runs the SQL reduce of docs/scale-out.md with DuckDB and compares its team
tables with meetload's own reduce.

usage: scale_out_sql.py DOC WORKDIR REDUCED
  DOC      docs/scale-out.md: every ```sql block is run, in order
  WORKDIR  holds the partials as `partials/` (the SQL reads relative paths)
  REDUCED  meetload's output folder (person_week.csv, team_week.csv, group_week.csv)

What is compared, for each of person_week, team_week and group_week: the same
column names (as sets), the same number of rows, and row by row in the order
both write (person/week, week, group_by/group/year/week), every cell: text
and integers exactly, floats within 1e-9 relative (DuckDB sums and averages
in another order than meetload, and the CSV prints the shortest round-trip
decimal). Exits 1 with the first differences.
"""

import csv
import os
import re
import sys

import duckdb

TABLES = ["person_week", "team_week", "group_week"]


def same(expected: str, got) -> bool:
    if isinstance(got, bool) or got is None:
        return str(got).lower() == expected.lower()
    if isinstance(got, (int, float)):
        want = float(expected)
        return abs(float(got) - want) <= 1e-9 * max(1.0, abs(want))
    return str(got) == expected


def main() -> int:
    doc, workdir, reduced = sys.argv[1:4]
    blocks = re.findall(r"```sql\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)
    if not blocks:
        print(f"{doc}: no ```sql block")
        return 1
    os.chdir(workdir)
    con = duckdb.connect()
    for block in blocks:
        con.execute(block)
    problems = []
    for table in TABLES:
        rows = con.execute(f"SELECT * FROM {table}").fetchall()
        columns = [d[0] for d in con.description]
        with open(os.path.join(reduced, f"{table}.csv"), encoding="utf-8") as f:
            expected = list(csv.DictReader(f))
        if not expected:
            problems.append(f"{table}: meetload wrote no rows (nothing to compare)")
            continue
        if set(columns) != set(expected[0]):
            problems.append(f"{table}: columns {sorted(set(columns) ^ set(expected[0]))} differ")
            continue
        if len(rows) != len(expected):
            problems.append(f"{table}: {len(rows)} rows from SQL, {len(expected)} from meetload")
            continue
        for i, (got, want) in enumerate(zip(rows, expected)):
            for column, value in zip(columns, got):
                if not same(want[column], value):
                    problems.append(f"{table} row {i} {column}: SQL {value!r}, meetload {want[column]!r}")
        print(f"{table}: {len(rows)} rows x {len(columns)} columns agree")
    for p in problems[:20]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
