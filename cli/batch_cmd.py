"""``gongkai batch DIR`` (register and process a back catalogue), ``gongkai batch status
ID`` and ``gongkai batch report ID``."""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from core.config import Settings
from core.errors import InvalidInput
from workflow import batch
from workflow.batch_report import build_report, to_csv, to_html
from workflow.batch_run import BatchOptions, run_batch
from workflow.runtime import Runtime
from workflow.users import Actor, Role

USAGE = """gongkai batch DIR [--office X] [--workers N] [--since DATE] [--dry-run]
       gongkai batch status ID
       gongkai batch report ID [--html FILE] [--csv FILE]"""


def register(sub) -> None:
    parser = sub.add_parser(
        "batch", help="screen a back catalogue: register, process, report", usage=USAGE
    )
    parser.add_argument("target", nargs="+", metavar="DIR | status ID | report ID")
    parser.add_argument("--office", help="the office the documents belong to")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes to start: rq workers with GONGKAI_REDIS_URL, a local pool without",
    )
    parser.add_argument("--since", type=date.fromisoformat, help="only files changed since")
    parser.add_argument("--dry-run", action="store_true", help="list what would be done")
    parser.add_argument("--html", type=Path, help="report: write HTML here")
    parser.add_argument("--csv", type=Path, help="report: write CSV here")
    parser.set_defaults(run=run)


def run(args, settings: Settings) -> int:
    head = args.target[0]
    if head in ("status", "report"):
        if len(args.target) != 2 or not args.target[1].isdigit():
            raise InvalidInput(f"usage: gongkai batch {head} ID")
        runtime = Runtime.build(settings)
        actor = _actor(args, settings)
        if head == "status":
            return _status(runtime, actor, int(args.target[1]))
        return _report(runtime, actor, int(args.target[1]), args.html, args.csv)
    if len(args.target) != 1:
        raise InvalidInput("give one folder")
    root = Path(head)
    if args.dry_run:
        return _dry_run(root, args.since)
    runtime = Runtime.build(settings)
    bar = ProgressBar()
    batch_id = run_batch(
        runtime,
        _actor(args, settings),
        root,
        BatchOptions(since=args.since, workers=args.workers),
        on_progress=bar.show,
    )
    bar.close()
    print(
        f"batch {batch_id} done: `gongkai batch report {batch_id} --html report.html`",
        file=sys.stderr,
    )
    return 0


def _actor(args, settings: Settings) -> Actor:
    return Actor(None, "batch", Role.ADMIN, args.office or settings.default_office)


def _dry_run(root: Path, since: date | None) -> int:
    survey = batch.survey(root, since=since)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(survey.files.items())) or "no files"
    print(f"would register {kinds} ({survey.bytes / 1e6:.1f} MB)")
    for name, reason in survey.problems:
        print(f"  would refuse {name}: {reason}")
    return 0


def _status(runtime: Runtime, actor: Actor, batch_id: int) -> int:
    with runtime.session() as session:
        progress = batch.progress(session, batch_id, actor)
    now = datetime.now(UTC)
    print(ProgressBar.line(progress, now))
    return 0


def _report(runtime, actor, batch_id, html: Path | None, csv: Path | None) -> int:
    with runtime.session() as session:
        report = build_report(session, batch_id, actor)
    if html:
        html.write_text(to_html(report), encoding="utf-8")
    if csv:
        csv.write_text(to_csv(report), encoding="utf-8-sig")  # BOM: Excel reads it as UTF-8
    if not html and not csv:
        sys.stdout.write(to_csv(report))
    return 0


class ProgressBar:
    """One line, rewritten in place on a terminal; a line every few seconds in a log."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.tty = stream.isatty()
        self.last = 0.0

    def show(self, progress: batch.Progress) -> None:
        now = time.monotonic()
        if not self.tty and now - self.last < 5 and progress.waiting:
            return
        self.last = now
        line = self.line(progress, datetime.now(UTC))
        self.stream.write(("\r" + line + "\x1b[K") if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")

    @staticmethod
    def line(progress: batch.Progress, now: datetime) -> str:
        total = max(progress.files, 1)
        filled = round(30 * progress.done / total)
        eta = progress.eta_seconds(now)
        eta_text = "-" if eta is None else f"{int(eta // 60)}m{int(eta % 60):02d}s"
        return (
            f"batch {progress.batch_id} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{progress.done}/{progress.files} files  {progress.rate(now):.1f}/s  "
            f"ETA {eta_text}  failed {progress.failed}  refused {progress.refused}  "
            f"({progress.state})"
        )
