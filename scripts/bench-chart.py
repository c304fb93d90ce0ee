#!/usr/bin/env python3
"""Draws the lifecycle benchmark's figures as an SVG (no plotting library needed).

    scripts/bench-chart.py DIR OUT.svg

DIR holds the JSON files of scripts/bench-lifecycle.sh, named <backend>-<cases>-<servers>.json
(the intakes of one desk officer's unit) or <backend>-<cases>-<servers>-u<units>.json (spread
over that many units), with -cpu<cores> after them when each server had that CPU budget.
Three panels, one bar per series and size: lifecycles per second, the p95 of the slowest call,
and public lookups as a share of /healthz; dashed lines mark the targets.
"""
import json
import pathlib
import re
import sys

# (backend, servers, units, CPU budget a server or None): legend and colour.
SERIES = [(("sqlite", 1, 1, None), "SQLite", "#1f6f8b"),
          (("postgres", 1, 1, None), "PostgreSQL", "#c0392b"),
          (("postgres", 2, 1, None), "PostgreSQL, 2 servers", "#e59866"),
          (("postgres", 1, 20, None), "PostgreSQL, 20 units", "#6c3483"),
          (("postgres", 2, 20, None), "PostgreSQL, 2 servers, 20 units", "#bb8fce"),
          (("postgres", 1, 20, "0.25"), "20 units, ¼ core a server", "#7f8c8d"),
          (("postgres", 2, 20, "0.25"), "2 servers, 20 units, ¼ core each", "#bdc3c7")]


def load(folder):
    runs = {}
    for f in pathlib.Path(folder).glob("*.json"):
        m = re.fullmatch(r"(sqlite|postgres)-(\d+)-(\d)(?:-u(\d+))?(?:-cpu([\d.]+))?", f.stem)
        if m:
            key = (m[1], int(m[3]), int(m[4] or 1), m[5])
            runs[(key, int(m[2]))] = json.loads(f.read_text())
    return runs


def panel(x0, title, unit, sizes, runs, value, target, width=300, height=220):
    present = [(key, label, colour) for key, label, colour in SERIES
               if any((key, n) in runs for n in sizes)]
    values = [value(runs[(key, n)]) for key, _, _ in present for n in sizes if (key, n) in runs]
    top = max(values + [target]) * 1.15 or 1
    out = [f'<text x="{x0 + width / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>']
    y0, h = 40, height - 70
    out.append(f'<line x1="{x0 + 40}" y1="{y0 + h}" x2="{x0 + width}" y2="{y0 + h}" stroke="#333"/>')
    for frac in (0, 0.5, 1):
        v = top * frac
        y = y0 + h - h * frac
        out.append(f'<text x="{x0 + 36}" y="{y + 4}" text-anchor="end" font-size="10">{v:.0f}</text>')
    ty = y0 + h - h * target / top
    out.append(f'<line x1="{x0 + 40}" y1="{ty}" x2="{x0 + width}" y2="{ty}" stroke="#27ae60" '
               f'stroke-dasharray="5,4"/><text x="{x0 + width}" y="{ty - 3}" text-anchor="end" '
               f'font-size="10" fill="#27ae60">target {target:g}{unit}</text>')
    group = (width - 50) / len(sizes)
    bar = group * 0.8 / max(len(present), 1)
    for i, n in enumerate(sizes):
        gx = x0 + 45 + i * group
        out.append(f'<text x="{gx + group * 0.4}" y="{y0 + h + 14}" text-anchor="middle" '
                   f'font-size="10">{n:,} cases</text>')
        for j, (key, _, colour) in enumerate(present):
            if (key, n) not in runs:
                continue
            v = value(runs[(key, n)])
            bh = h * v / top
            bx = gx + j * bar
            out.append(f'<rect x="{bx:.1f}" y="{y0 + h - bh:.1f}" width="{bar - 2:.1f}" '
                       f'height="{bh:.1f}" fill="{colour}"/>')
            out.append(f'<text x="{bx + bar / 2:.1f}" y="{y0 + h - bh - 3:.1f}" '
                       f'text-anchor="middle" font-size="9">{v:.0f}</text>')
    return out, present


def main():
    folder, target = sys.argv[1], sys.argv[2]
    runs = load(folder)
    sizes = sorted({n for (_, n) in runs})
    if not sizes:
        sys.exit(f"no <backend>-<cases>-<servers>.json in {folder}")
    parts, present = [], []
    for k, (title, unit, value, goal) in enumerate([
        ("Lifecycles per second", "/s", lambda r: r["lifecycles_per_second"], 1000),
        ("p95 of the slowest call (ms)", " ms", lambda r: max(c["p95_ms"] for c in r["calls"]), 50),
        ("Lookups as % of /healthz", " %", lambda r: 100 * (r.get("lookup_to_healthz") or 0), 50),
    ]):
        p, present = panel(10 + k * 320, title, unit, sizes, runs, value, goal)
        parts += p
    legend, x, y = [], 20, 232
    for _, label, colour in present:
        width = 14 + len(label) * 6 + 24
        if x + width > 980:  # the legend wraps rather than runs off the chart
            x, y = 20, y + 16
        legend.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>'
                      f'<text x="{x + 14}" y="{y + 9}" font-size="11">{label}</text>')
        x += width
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="980" height="{y + 18}" '
           'font-family="sans-serif" font-size="12">'
           '<rect width="100%" height="100%" fill="white"/>' + "".join(parts + legend) + "</svg>\n")
    pathlib.Path(target).write_text(svg)


if __name__ == "__main__":
    main()
