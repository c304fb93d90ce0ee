#!/usr/bin/env python3
"""Generate the lunar-calendar golden fixtures for crates/calendar/tests/.

Run once, by hand; the outputs are committed and the Rust tests read them. The project never
needs Python to build or test.

Source of truth: the `vnlunar` package (PyPI), an independent Python implementation of the
astronomical method every Vietnamese calendar program uses (Hồ Ngọc Đức's: Meeus' new moons
and solar longitude, computed for UTC+7). For 1900-2100 the `lunar-vn` package (PyPI), a
third implementation, must agree on every date, or the run aborts and writes nothing.

vnlunar also ships Hồ Ngọc Đức's precomputed year tables (TK19..TK22). The script counts
where those tables differ from the UTC+7 computation and prints the dates: before 1968 they
follow the UTC+8 calendar Vietnam used then, and after 2050 a few new moons fall within two
minutes of midnight, where a more precise ephemeris moves the month by a day. The project
computes for UTC+7 throughout, as the design asks; docs/CALENDAR.md lists these dates.

    python3 -m venv /tmp/lv && /tmp/lv/bin/pip install vnlunar==1.0.5 lunar-vn==1.4.0
    /tmp/lv/bin/python scripts/gen_lunar_fixtures.py

Outputs:
  crates/calendar/tests/fixtures/lunar_golden.csv  solar,lunar_year,lunar_month,lunar_day,leap
      every 11th day from 1900-01-01 to 2199-12-31 (about 9,960 dates) plus the first and last
      day of every solar year and every day of January-February 1968, 1985, 2007 and 2030,
      the years where the Vietnamese calendar differs from the Chinese one
  crates/calendar/tests/fixtures/tet.csv           lunar_year,solar (mùng 1 Tết), 1900-2199
"""

import datetime as dt
import pathlib
import sys

import lunar_vn
import vnlunar

FIRST = dt.date(1900, 1, 1)
LAST = dt.date(2199, 12, 31)
OUT = pathlib.Path(__file__).resolve().parent.parent / "crates" / "calendar" / "tests" / "fixtures"


def computed_lunar(d: dt.date):
    r = vnlunar.convert_solar_to_lunar(d.day, d.month, d.year, 7.0)
    return (r["year"], r["month"], r["day"], bool(r["leap"]))


def table_lunar(d: dt.date):
    r = vnlunar.get_lunar_date_from_table(d.day, d.month, d.year)
    if r is None:
        sys.exit(f"vnlunar table has no entry for {d}")
    return (r["year"], r["month"], r["day"], bool(r["leap"]))


def second_opinion(d: dt.date):
    lo, hi = lunar_vn.SUPPORTED_YEAR_RANGE
    if not (lo <= d.year <= hi):
        return None
    r = lunar_vn.solar_to_lunar(d)
    return (r.year, r.month, r.day, bool(r.leap))


def main() -> None:
    dates = set()
    d = FIRST
    while d <= LAST:
        dates.add(d)
        d += dt.timedelta(days=11)
    for y in range(FIRST.year, LAST.year + 1):
        dates.add(dt.date(y, 1, 1))
        dates.add(dt.date(y, 12, 31))
    for y in (1968, 1985, 2007, 2030):
        d = dt.date(y, 1, 1)
        while d < dt.date(y, 3, 1):
            dates.add(d)
            d += dt.timedelta(days=1)

    rows = []
    disagreements = 0
    table_differs = []
    for d in sorted(dates):
        golden = computed_lunar(d)
        other = second_opinion(d)
        if other is not None and other != golden:
            disagreements += 1
            print(f"disagree {d}: vnlunar {golden} lunar-vn {other}", file=sys.stderr)
        if table_lunar(d) != golden:
            table_differs.append(d)
        y, m, day, leap = golden
        rows.append(f"{d.isoformat()},{y},{m},{day},{int(leap)}")
    if disagreements:
        sys.exit(f"{disagreements} disagreements between the two sources; no fixture written")

    tets = []
    for y in range(FIRST.year, LAST.year + 1):
        r = vnlunar.convert_lunar_to_solar(1, 1, y, 0, 7.0)
        if r is None:
            sys.exit(f"no Tết for {y}")
        day, month, year = r
        tet = dt.date(year, month, day)
        if computed_lunar(tet) != (y, 1, 1, False):
            sys.exit(f"Tết {y} round trip failed")
        other = second_opinion(tet)
        if other is not None and other != (y, 1, 1, False):
            sys.exit(f"Tết {y}: lunar-vn disagrees")
        tets.append(f"{y},{tet.isoformat()}")

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lunar_golden.csv").write_text(
        "solar,lunar_year,lunar_month,lunar_day,leap\n" + "\n".join(rows) + "\n")
    (OUT / "tet.csv").write_text("lunar_year,solar\n" + "\n".join(tets) + "\n")
    years = sorted({d.year for d in table_differs})
    print(f"{len(table_differs)} sampled dates where the precomputed tables differ, in years {years}")
    print(f"{len(rows)} golden dates, {len(tets)} Tết dates written to {OUT}")


if __name__ == "__main__":
    main()
