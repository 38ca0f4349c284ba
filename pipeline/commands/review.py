"""`jazba review push|pull|status|calibrate|server|bench`: the Label Studio review loop.

Label Studio's URL and API key come from --url / --api-key or LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY.
"""
from __future__ import annotations

import sys

from ..review.routing import DEFAULT_THRESHOLD


def register(sub) -> None:
    p = sub.add_parser("review", help="Label Studio review: push low-confidence spans, pull corrections",
                       description=__doc__)
    rsub = p.add_subparsers(dest="review_command", required=True, metavar="ACTION")

    def server_args(q, project=True):
        q.add_argument("--url", default=None, help="Label Studio URL (default: $LABEL_STUDIO_URL or http://127.0.0.1:8080)")
        q.add_argument("--api-key", default=None, help="Label Studio API key (default: $LABEL_STUDIO_API_KEY)")
        q.add_argument("--store", default=None, metavar="PATH", help="annotation store (default: $JAZBA_STORE or annotations/jazba.db)")
        if project:
            q.add_argument("--project", default="jazba review", help="Label Studio project title (default: 'jazba review')")
        q.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds to wait for one server call (default 120)")

    q = rsub.add_parser("push", help="push contexts holding records below the threshold (idempotent)")
    server_args(q)
    q.add_argument("--threshold", "-t", type=float, default=DEFAULT_THRESHOLD, metavar="T",
                   help=f"push contexts holding a record whose calibrated confidence is below T (default {DEFAULT_THRESHOLD})")
    q.add_argument("--batch-size", type=int, default=1000, metavar="N", help="tasks per import call (default 1000)")
    q.set_defaults(func=push_command)

    q = rsub.add_parser("pull", help="merge submitted annotations into the store as reviewed spans")
    server_args(q)
    q.set_defaults(func=pull_command)

    q = rsub.add_parser("status", help="review progress: pushed, annotated, pulled; invalid values; agreement")
    server_args(q)
    q.add_argument("--agreement", action="store_true",
                   help="also span-level agreement (F1, Cohen's kappa) of tasks reviewed by two or more "
                        "annotators, and their disagreements for adjudication")
    q.set_defaults(func=status_command)

    q = rsub.add_parser("calibrate", help="fit the confidence calibration on held-out data and print its ECE")
    q.add_argument("--gold", action="append", default=None, metavar="JSON", help="gold annotation file, repeatable (default: the ../shared sample and tests/fixtures/heldout)")
    q.add_argument("--kaznerd", default=None, metavar="IOB2", help="KazNERD file for the model's dev split (default: ../shared)")
    q.add_argument("--no-kaznerd", action="store_true", help="fit on the gold sample only")
    q.add_argument("--folds", type=int, default=5, help="cross-validation folds for the reported ECE (default 5)")
    q.add_argument("--out", default=None, metavar="JSON", help="where to write the parameters (default: models/confidence.json)")
    q.add_argument("--dry-run", action="store_true", help="report ECE only, do not write the parameters")
    q.set_defaults(func=calibrate_command)

    q = rsub.add_parser("server", help="start a local headless Label Studio (foreground) and print its credentials")
    q.add_argument("--port", type=int, default=8080)
    q.add_argument("--data-dir", default="annotations/labelstudio", metavar="DIR")
    q.add_argument("--venv", default=None, metavar="DIR", help="Label Studio virtualenv (default: $JAZBA_LABEL_STUDIO_VENV or .venv-labelstudio)")
    q.set_defaults(func=server_command)

    q = rsub.add_parser("bench", help="time a push of N synthetic records to a Label Studio server")
    server_args(q, project=False)
    q.add_argument("--records", type=int, default=10000, metavar="N")
    q.add_argument("--start-server", action="store_true", help="start a throw-away local server for the benchmark")
    q.set_defaults(func=bench_command)


def _open(args):
    from ..review.labelstudio import Connection, LabelStudio
    from ..store import Store

    ls = LabelStudio(Connection.resolve(args.url, args.api_key), timeout=args.timeout)
    return Store(args.store), ls


def _guard(action):
    """Run `action()`; Label Studio and store failures become one clear line and exit code 1."""
    from ..review.labelstudio import LabelStudioError
    from ..store import StoreError

    try:
        return action()
    except (LabelStudioError, StoreError) as exc:
        print(f"jazba review: error: {exc}", file=sys.stderr)
        return 1


def push_command(args) -> int:
    from ..review.push import push

    def act():
        store, ls = _open(args)
        with store:
            report = push(store, ls, threshold=args.threshold, project=args.project,
                          batch_size=args.batch_size, timeout=args.timeout)
        print(report.summary())
        return 0

    return _guard(act)


def pull_command(args) -> int:
    from ..review.pull import pull

    def act():
        store, ls = _open(args)
        with store:
            report = pull(store, ls, project=args.project)
        print(report.summary())
        return 0

    return _guard(act)


def status_command(args) -> int:
    from ..review.pull import status

    def act():
        store, ls = _open(args)
        with store:
            print(status(store, ls, project=args.project, with_agreement=args.agreement).summary())
        return 0

    return _guard(act)


def calibrate_command(args) -> int:
    from ..review.calibration import main as calibrate_main

    return calibrate_main(args)


def server_command(args) -> int:
    from pathlib import Path

    from ..review.server import LocalServer, ServerError

    server = LocalServer.for_data_dir(Path(args.data_dir), port=args.port, venv=args.venv)
    try:
        server.start()
    except ServerError as exc:
        print(f"jazba review: error: {exc}", file=sys.stderr)
        return 1
    print(f"Label Studio is running at {server.url} (Ctrl-C stops it)\n"
          f"  login: {server.username}  password: {server.password}\n"
          f"  export LABEL_STUDIO_URL={server.url} LABEL_STUDIO_API_KEY={server.token}")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def bench_command(args) -> int:
    from ..review.bench import main as bench_main

    return _guard(lambda: bench_main(args))
