"""``gongkai report annual --year YEAR [--office OFFICE] --out FILE.docx|.xlsx|.html``."""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Settings
from core.errors import InvalidInput
from store.files import write_atomic
from workflow import annual_report
from workflow.annual_report_render import RENDERERS, render
from workflow.runtime import Runtime
from workflow.users import Actor, Role


def register(sub) -> None:
    parser = sub.add_parser("report", help="the 政府信息公开工作年度报告")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    annual = actions.add_parser("annual", help="the annual report (2021 format) of one year")
    annual.add_argument("--year", type=int, required=True)
    annual.add_argument("--office", help="one office (处室); the whole 机关 when absent")
    annual.add_argument("--out", type=Path, required=True, help="FILE.docx, .xlsx or .html")
    annual.set_defaults(run=_annual)


def _annual(args, settings: Settings) -> int:
    kind = args.out.suffix.lower().lstrip(".")
    if kind not in RENDERERS:
        raise InvalidInput("--out must end in .docx, .xlsx or .html")
    if not 1990 <= args.year <= 2200:
        raise InvalidInput("--year must be a year")
    runtime = Runtime.build(settings)
    actor = Actor(None, "report", Role.ADMIN, settings.default_office)
    with runtime.session() as session:
        report = annual_report.build(session, settings, actor, args.year, args.office)
        data, _ = render(report, kind)
    write_atomic(args.out, data)
    failed = [c["name"] for c in report.checks if not c["ok"]]
    print(f"{args.out}: {report.title}", file=sys.stderr)
    for name in failed:
        print(f"gongkai: check failed: {name}", file=sys.stderr)
    return 1 if failed else 0
