"""Label colours: the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies).

Colour is never the only cue: every mark also carries its label in its tooltip and details, low
confidence adds a dashed underline and a "?", reviewed spans a double underline and a tick.
"""
from __future__ import annotations

from ..records import LABELS

#: label -> (colour, short legend text)
LABEL_COLOURS: dict[str, str] = {
    "DATE": "#E69F00",    # orange
    "TIME": "#F0E442",    # yellow
    "NUMBER": "#56B4E9",  # sky blue
    "PERSON": "#D55E00",  # vermillion
    "PLACE": "#009E73",   # bluish green
    "ORG": "#0072B2",     # blue
    "ROLE": "#CC79A7",    # reddish purple
    "DOCNUM": "#7F7F7F",  # grey (Okabe-Ito's black, lightened to tint text)
}
OTHER_COLOUR = "#999999"


def label_order(labels) -> list[str]:
    """The pipeline's labels first, in their usual order, then any other label alphabetically."""
    known = [label for label in LABELS if label in labels]
    return known + sorted(set(labels) - set(known))


def colour(label: str) -> str:
    return LABEL_COLOURS.get(label, OTHER_COLOUR)


def label_css() -> str:
    """One custom property per label (`--c-DATE`), read by report.css."""
    body = ";".join(f"--c-{label}:{c}" for label, c in LABEL_COLOURS.items())
    return f":root{{{body};--c-OTHER:{OTHER_COLOUR}}}"
