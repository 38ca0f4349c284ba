"""Screenshots of a jazba report for the README (docs/img/report_document.png, docs/img/report_map.png).

    jazba run ../shared/samples/kk/steplag_kengir_1954.txt --ru ../shared/samples/ru --out /tmp/sample --no-store
    jazba report /tmp/sample --out /tmp/sample/report
    python scripts/report_screenshots.py /tmp/sample/report --mark m2

Colours are reduced to a 256-colour palette (Pillow) to keep the files small.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.report.browser import HeadlessChromium  # noqa: E402


def shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:  # keep the full-colour PNG
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(path, optimize=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    ap.add_argument("--doc", default="0", help="document page number (doc/N.html)")
    ap.add_argument("--mark", default="", help="mark to select in the document view, e.g. m2")
    args = ap.parse_args(argv)
    with HeadlessChromium(1100, 760) as b:
        b.open(args.report / "doc" / f"{args.doc}.html", f"#{args.mark}" if args.mark else "")
        b.driver.execute_script("window.scrollTo(0, Math.max(0, document.querySelector('.legend').offsetTop - 8))")
        shots = [b.screenshot(args.out / "report_document.png")]
        b.open(args.report / "map.html", wait_ready=False)
        figure = b.driver.find_element("css selector", "figure.mapfig")
        b.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", figure)
        figure.screenshot(str(args.out / "report_map.png"))
        shots.append(args.out / "report_map.png")
    for shot in shots:
        shrink(shot)
        print(f"{shot} {shot.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
