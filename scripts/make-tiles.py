#!/usr/bin/env python3
"""Makes a tiny raster tile archive for the tests and the demo: PMTiles (v3) or MBTiles, told
apart by the output's extension. Standard library only, so it runs on any machine with Python 3.

The tiles are drawn here (a pale ground, blocks and streets in a repeating pattern, a border):
no map data is downloaded or copied, so they need no credit. A province serves its own archive
made from real data (for OpenStreetMap data, "© OpenStreetMap contributors" goes in the
archive's `attribution`, which motcua shows on the map).

    scripts/make-tiles.py demo.pmtiles            # the demo wards, zooms 12-15
    scripts/make-tiles.py demo.mbtiles --zooms 12-13
"""
import argparse
import json
import math
import sqlite3
import struct
import sys
import zlib

# The demo wards of the former Bạc Liêu city (data/demo/reports.toml).
DEFAULT_BOUNDS = (105.69, 9.22, 105.81, 9.31)  # west, south, east, north


def png(width, height, pixel):
    """A PNG of `pixel(x, y) -> (r, g, b)`."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def tile_png(z, x, y):
    """One tile: streets every 64 px (wider at higher zooms), blocks between, a border."""
    street = 4 + (z - 12) * 2
    shade = 8 * ((x + y) % 3)
    def pixel(px, py):
        if px == 0 or py == 0:
            return (200, 205, 210)
        if px % 64 < street or py % 64 < street:
            return (255, 255, 255)
        return (236 - shade, 233 - shade, 222)
    return png(256, 256, pixel)


def tiles_for(bounds, zoom):
    west, south, east, north = bounds
    def xy(lon, lat):
        n = 2 ** zoom
        x = int((lon + 180.0) / 360.0 * n)
        r = math.radians(lat)
        y = int((1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n)
        return x, y
    x0, y0 = xy(west, north)
    x1, y1 = xy(east, south)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            yield x, y


def tile_id(z, x, y):
    """PMTiles v3 tile id: the tiles of lower zooms, then the Hilbert index at this zoom."""
    acc = sum(4 ** k for k in range(z))
    n = 2 ** z
    d = 0
    s = n // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x = n - 1 - x
                y = n - 1 - y
            x, y = y, x
        s //= 2
    return acc + d


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def write_pmtiles(path, tiles, zooms, bounds, attribution):
    entries = sorted((tile_id(z, x, y), data) for (z, x, y), data in tiles.items())
    blob = bytearray()
    dir_entries = []
    for tid, data in entries:
        dir_entries.append((tid, len(blob), len(data)))
        blob.extend(data)
    directory = bytearray(varint(len(dir_entries)))
    last = 0
    for tid, _, _ in dir_entries:
        directory += varint(tid - last)
        last = tid
    directory += b"".join(varint(1) for _ in dir_entries)
    directory += b"".join(varint(length) for _, _, length in dir_entries)
    for i, (_, offset, length) in enumerate(dir_entries):
        prev = dir_entries[i - 1] if i else None
        directory += varint(0 if prev and offset == prev[1] + prev[2] else offset + 1)
    metadata = json.dumps({"name": "motcua demo", "attribution": attribution, "format": "png"}).encode()
    root_off = 127
    meta_off = root_off + len(directory)
    data_off = meta_off + len(metadata)
    west, south, east, north = bounds
    e7 = lambda v: int(round(v * 10_000_000))
    header = b"PMTiles" + bytes([3]) + struct.pack(
        "<QQQQQQQQQQQ", root_off, len(directory), meta_off, len(metadata), 0, 0,
        data_off, len(blob), len(entries), len(entries), len(entries))
    header += bytes([1, 1, 1, 2, zooms[0], zooms[-1]])  # clustered, no compression, png
    header += struct.pack("<iiii", e7(west), e7(south), e7(east), e7(north))
    header += bytes([zooms[0] + 1]) + struct.pack("<ii", e7((west + east) / 2), e7((south + north) / 2))
    assert len(header) == 127
    with open(path, "wb") as f:
        f.write(header + directory + metadata + blob)


def write_mbtiles(path, tiles, zooms, bounds, attribution):
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE IF EXISTS metadata; DROP TABLE IF EXISTS tiles;"
                     "CREATE TABLE metadata (name TEXT, value TEXT);"
                     "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
                     "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);")
    west, south, east, north = bounds
    meta = {"name": "motcua demo", "format": "png", "minzoom": str(zooms[0]), "maxzoom": str(zooms[-1]),
            "bounds": f"{west},{south},{east},{north}", "attribution": attribution,
            "center": f"{(west + east) / 2},{(south + north) / 2},{zooms[0] + 1}"}
    db.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                   [(z, x, (2 ** z) - 1 - y, data) for (z, x, y), data in tiles.items()])
    db.commit()
    db.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the archive to write: NAME.pmtiles or NAME.mbtiles")
    ap.add_argument("--zooms", default="12-15", help="first-last zoom (default 12-15)")
    ap.add_argument("--bounds", default=",".join(map(str, DEFAULT_BOUNDS)), help="west,south,east,north")
    ap.add_argument("--attribution", default="Bản đồ nền thử nghiệm của motcua")
    a = ap.parse_args()
    first, last = (int(v) for v in a.zooms.split("-"))
    zooms = list(range(first, last + 1))
    bounds = tuple(float(v) for v in a.bounds.split(","))
    tiles = {(z, x, y): tile_png(z, x, y) for z in zooms for x, y in tiles_for(bounds, z)}
    if a.out.endswith(".pmtiles"):
        write_pmtiles(a.out, tiles, zooms, bounds, a.attribution)
    elif a.out.endswith(".mbtiles"):
        write_mbtiles(a.out, tiles, zooms, bounds, a.attribution)
    else:
        sys.exit("the output must end in .pmtiles or .mbtiles")
    print(f"{a.out}: {len(tiles)} tiles, zooms {first}-{last}")


if __name__ == "__main__":
    main()
