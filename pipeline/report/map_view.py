"""Map (`map.html`): places with coordinates on an outline map of Kazakhstan and its neighbours (SVG).

One marker per place entity (see entities_view) that `geo.Gazetteer` finds coordinates for: camps
are squares, settlements circles, oblasts dashed rings at their namesake centre. Markers at the same
coordinates are spread on a small circle with a line to the true point. Places without coordinates,
or outside the map's extent, are listed below it.
"""
from __future__ import annotations

import math
from typing import Any

from .geo import EXTENT, Gazetteer, Place, clip_ring, load_outline, project
from .html import esc, page, write_data
from .load import ReportData

SCALE = 14.0
KIND_TEXT = {"camp": "camp (square)", "settlement": "settlement (circle)", "region": "oblast, at its namesake centre (dashed ring)"}


def _first_name(row: dict[str, Any]) -> str | None:
    names = [n for n in [row.get("ru"), row.get("kk"), *row.get("forms", [])] if n]
    return names[0] if names else None


def locate_places(rows: list[dict[str, Any]], gazetteer: Gazetteer) -> dict[int, Place | None]:
    """entity row number -> Place (or None) for every PLACE row."""
    found = {}
    for row in rows:
        if row["label"] != "PLACE":
            continue
        names = [row.get("ru"), row.get("kk"), *row.get("forms", [])]
        found[row["k"]] = gazetteer.lookup(names, row.get("subtype"))
    return found


def centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """Area centroid of a polygon (shoelace); the vertex mean for a degenerate one."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return cx / (3 * area), cy / (3 * area)


def marker_radius(mentions: int, most: int) -> float:
    """The marker's area grows with its mentions; the most mentioned place gets radius 10."""
    return 3.5 + 6.5 * math.sqrt(mentions / most)


def _overlaps(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def place_labels(candidates: list[tuple[int, float, float, str, float]],
                 limit: int = 24) -> tuple[str, list[tuple[float, float, float, float]]]:
    """Names of the most mentioned places beside their marker (right, else left, below), skipping a
    name that would overlap a marker or a name already placed; returns the SVG and the boxes taken.
    A candidate is (mentions, x, y, name, marker radius)."""
    placed = [(x - r, y - r, x + r, y + r) for _, x, y, _, r in candidates]
    out = []
    for _, x, y, name, r in sorted(candidates, key=lambda c: -c[0]):
        width, gap = 6.5 * len(name), r + 2
        for dx, dy, anchor in ((gap, -4, "start"), (-gap, -4, "end"), (gap, 15, "start"), (-gap, 15, "end")):
            left = x + dx if anchor == "start" else x + dx - width
            box = (left, y + dy - 11, left + width, y + dy + 2)
            if not _overlaps(box, placed):
                placed.append(box)
                end = ' text-anchor="end"' if anchor == "end" else ""
                out.append(f'<text class="place" x="{x + dx:.0f}" y="{y + dy:.0f}"{end}>{esc(name)}</text>')
                break
        if len(out) >= limit:
            break
    return "".join(out), placed


def _outline_svg(outline: dict[str, Any], extent, scale: float, taken: list) -> str:
    """The countries' paths and names; a name is left out where it would cover a place's marker or
    name (`taken`: boxes)."""
    paths, labels = [], []
    for country in outline["countries"]:
        d = []
        biggest = max(country["rings"], key=len)
        for ring in country["rings"]:
            pts = [project(lon, lat, scale, extent) for lon, lat in ring]
            d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        cls = "land kz" if country.get("id") == "398" else "land"
        paths.append(f'<path class="{cls}" d="{"".join(d)}"><title>{esc(country["name"])}</title></path>')
        visible = clip_ring(biggest, extent)
        if len(visible) < 3:
            continue
        cx, cy = centroid(visible)
        margin_x, margin_y = (extent[2] - extent[0]) * 0.05, (extent[3] - extent[1]) * 0.04
        if len(biggest) > 12 and extent[0] + margin_x < cx < extent[2] - margin_x and extent[1] + margin_y < cy < extent[3] - margin_y:
            x, y = project(cx, cy, scale, extent)
            half = 3.3 * len(country["name"])
            if not _overlaps((x - half, y - 11, x + half, y + 2), taken):
                labels.append(f'<text class="country" x="{x:.0f}" y="{y:.0f}">{esc(country["name"])}</text>')
    return "".join(paths) + "".join(labels)


def detail_extent(places: list[Place]) -> tuple[float, float, float, float] | None:
    """A closer view around most places (those within 10° of longitude and 6° of latitude of their
    median; most often central Kazakhstan) when they sit in a small part of the map, else None."""
    if len(places) < 3:
        return None
    mid_lon = sorted(p.lon for p in places)[len(places) // 2]
    mid_lat = sorted(p.lat for p in places)[len(places) // 2]
    core = [p for p in places if abs(p.lon - mid_lon) <= 10 and abs(p.lat - mid_lat) <= 6]  # far outliers aside
    if len(core) < 3:
        return None
    lons, lats = [p.lon for p in core], [p.lat for p in core]
    x0, x1, y0, y1 = min(lons) - 2.0, max(lons) + 3.0, min(lats) - 1.0, max(lats) + 1.0
    w, h = max(x1 - x0, 8.0), max(y1 - y0, 5.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if w * h > 0.3 * (EXTENT[2] - EXTENT[0]) * (EXTENT[3] - EXTENT[1]):
        return None
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def map_svg(outline, inside, extent, scale: float, css: str, title: str, title_id: str) -> str:
    """One outline map with a marker per (entity row, place) of `inside` that falls in `extent`."""
    width, height = project(extent[2], extent[1], scale, extent)
    groups: dict[tuple[float, float], list] = {}
    shown = [(row, p) for row, p in inside if extent[0] <= p.lon <= extent[2] and extent[1] <= p.lat <= extent[3]]
    for row, place in sorted(shown, key=lambda rp: -rp[0]["n"]):
        groups.setdefault((round(place.lon, 2), round(place.lat, 2)), []).append((row, place))
    markers, names = [], []
    most = max([row["n"] for row, _ in shown] or [1])
    for (lon, lat), members in groups.items():
        tx, ty = project(lon, lat, scale, extent)
        for i, (row, place) in enumerate(members):
            if i == 0:
                x, y = tx, ty
            else:  # places at the same coordinates: spread on a circle around the true point
                angle = 2 * math.pi * (i - 1) / max(1, len(members) - 1) - math.pi / 2
                x, y = tx + 18 * math.cos(angle), ty + 18 * math.sin(angle)
            markers.append(_marker(row, place, x, y, tx, ty, most))
            names.append((row["n"], x, y, row.get("ru") or row.get("kk") or "", marker_radius(row["n"], most)))
    place_names, taken = place_labels(names)
    land = _outline_svg(outline, extent, scale, taken)
    return (f'<svg class="{css}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="{title_id}">'
            f'<title id="{title_id}">{esc(title)}</title>'
            f'<rect class="sea" width="{width:.0f}" height="{height:.0f}"/>{land}'
            f'<g class="markers">{"".join(markers)}</g><g class="labels">{place_names}</g></svg>')


def _marker(row: dict[str, Any], place: Place, x: float, y: float, tx: float, ty: float, most: int) -> str:
    r = marker_radius(row["n"], most)
    name = row.get("ru") or row.get("kk") or row["forms"][0]
    label = f'{name} ({row.get("kk") or ""}): {row["n"]} mention(s), {place.kind}, {place.lat:.2f}, {place.lon:.2f} — {place.source}'
    if place.kind == "camp":
        shape = f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"/>'
    elif place.kind == "region":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 3:.1f}"/>'
    else:
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
    tether = f'<line class="tether" x1="{tx:.1f}" y1="{ty:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>' if (x, y) != (tx, ty) else ""
    return (f'{tether}<a class="marker {place.kind}" href="entities.html#e{row["k"]}" data-k="{row["k"]}" '
            f'aria-label="{esc(label)}"><title>{esc(label)}</title>{shape}</a>')


def render_map(data: ReportData, rows: list[dict[str, Any]], places: dict[int, Place | None],
               gazetteer: Gazetteer, out_root) -> str:
    outline = load_outline()
    by_k = {row["k"]: row for row in rows}
    inside = [(by_k[k], p) for k, p in places.items() if p is not None and p.inside]
    outside = [(by_k[k], p) for k, p in places.items() if p is not None and not p.inside]
    missing = [by_k[k] for k, p in places.items() if p is None]
    write_data(out_root, "geo", {str(k): [round(p.lat, 4), round(p.lon, 4), p.kind, p.inside]
                                 for k, p in places.items() if p is not None})
    svg = map_svg(outline, inside, EXTENT, SCALE, "map overview",
                  "Places mentioned, on an outline map of Kazakhstan and its neighbours", "map-title")
    closer = detail_extent([p for _, p in inside])
    if closer:
        scale = SCALE * min((EXTENT[2] - EXTENT[0]) / (closer[2] - closer[0]), (EXTENT[3] - EXTENT[1]) / (closer[3] - closer[1]))
        detail = map_svg(outline, inside, closer, scale, "map detail",
                         f"Closer: {closer[1]:.0f}–{closer[3]:.0f}° N, {closer[0]:.0f}–{closer[2]:.0f}° E", "detail-title")
        svg += (f'</figure><figure class="mapfig">{detail}<figcaption>Closer view: {closer[1]:.1f}–{closer[3]:.1f}° N, '
                f'{closer[0]:.1f}–{closer[2]:.1f}° E (the same markers)</figcaption>')

    def table(items, caption):
        body = "".join(
            f'<tr><td><a href="entities.html#e{row["k"]}">{esc(row.get("ru"))}</a></td><td>{esc(row.get("kk"))}</td>'
            f'<td>{esc(p.kind)}</td><td>{p.lat:.3f}, {p.lon:.3f}</td><td>{esc(p.source)}: {esc(p.name)}</td><td>{row["n"]}</td></tr>'
            for row, p in sorted(items, key=lambda rp: -rp[0]["n"]))
        return (f'<div class="tablewrap"><table class="grid"><caption>{esc(caption)}</caption><thead><tr><th scope="col">Russian</th>'
                '<th scope="col">Kazakh</th><th scope="col">kind</th><th scope="col">lat, lon</th><th scope="col">from</th>'
                f'<th scope="col">mentions</th></tr></thead><tbody>{body}</tbody></table></div>')

    missing_items = "".join(
        f'<li><a href="entities.html#e{row["k"]}">{esc(row.get("ru") or row.get("kk"))}</a>'
        f'{" (" + esc(row.get("subtype")) + ")" if row.get("subtype") else ""}: {row["n"]} mention(s)'
        f'{" — " + esc(gazetteer.reasons[why]) if (why := _first_name(row)) in gazetteer.reasons else ""}</li>'
        for row in sorted(missing, key=lambda r: -r["n"]))
    camps_note = (f"Camp coordinates from {esc(gazetteer.camps_csv)}." if gazetteer.camps_csv else
                  "No Gulag camp table was found (give --camps PATH): camps have no coordinates in this report.")
    legend = "".join(f'<span class="mk {k}">{esc(t)}</span>' for k, t in KIND_TEXT.items())
    body = (
        f'<p>{len(inside)} of {len(places)} places on the map, {len(outside)} outside its extent, '
        f'{len(missing)} without coordinates (listed, not guessed). {camps_note}</p>'
        f'<div class="map-legend">{legend}</div><figure class="mapfig">{svg}</figure>'
        f'{table(inside, "Places on the map")}'
        + (table(outside, "Places outside the map's extent") if outside else "")
        + (f'<h2>Places without coordinates ({len(missing)})</h2><ul class="cols">{missing_items}</ul>' if missing else "")
    )
    return page("Map", body, current="map.html", source=data.source, body_class="page-map")
