"""Ingestion speed and memory on a 50-page official document, as PDF and as DOCX.

Run: ``make bench`` (or ``python bench/ingest_bench.py [--pages 50] [--runs 5]``).
Each format is measured in a fresh process so peak RSS belongs to that format alone.
Record the printed table in docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def long_document(pages: int):
    """A 通知 whose body is seed-like report text repeated to about ``pages`` A4 pages."""
    from tests.docgen import NOTICE, DocSpec, Line

    paragraph = (
        "为贯彻落实好政务公开工作，我局高度重视，迅速成立工作领导小组，对照职责，制定工作要点分工表，"
        "切实抓好人力资源和社会保障领域政务公开工作，致力打造“阳光人社”，有效打通联系服务群众“最后一公里”问题。"
        "全年共印发文件860份，其中主动公开234份，依申请公开404份，不公开210份，联系电话0774-5123456。"
    )
    head = [line for line in NOTICE.lines if line.role in {"mark", "number", "title", "addressee"}]
    tail = [
        line for line in NOTICE.lines if line.role in {"signature", "date", "note", "cc", "printed"}
    ]
    table = next(line for line in NOTICE.lines if line.role == "table")
    # About 4 paragraphs and one table fill an A4 page at GB/T 9704 sizes.
    body: list[Line] = []
    for page in range(pages):
        body += [Line("body", f"{page + 1}．{paragraph}")] * 4
        if page % 5 == 4:
            body.append(table)
    return DocSpec(name="bench", lines=(*head, *body, *tail), header=NOTICE.header)


def measure(fmt: str, pages: int, runs: int) -> dict:
    """Runs in the child process: parse ``runs`` times, report timings and peak RSS."""
    import ingest
    from tests.docgen import render_docx, render_pdf

    spec = long_document(pages)
    data = render_pdf(spec) if fmt == "pdf" else render_docx(spec)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        document = ingest.extract_bytes(data, limits=ingest.IngestLimits(max_pdf_pages=10_000))
        timings.append(time.perf_counter() - started)
    real_pages = document.page_count or pages
    median = statistics.median(timings)
    return {
        "format": fmt,
        "pages": real_pages,
        "bytes": len(data),
        "chars": len(document.text),
        "runs": runs,
        "median_s": round(median, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["pdf", "docx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.pages, args.runs)))
        return
    rows = []
    for fmt in ("pdf", "docx"):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                fmt,
                "--pages",
                str(args.pages),
                "--runs",
                str(args.runs),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    # A DOCX has no fixed pages: count it as the pages the same content fills as PDF.
    pdf_pages = rows[0]["pages"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("| format | pages | file size | characters | median | pages/s | peak RSS | RSS growth |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        pages = r["pages"] if r["format"] == "pdf" else pdf_pages
        print(
            f"| {r['format'].upper()} | {pages} | {r['bytes'] // 1024} KiB | {r['chars']} | "
            f"{r['median_s']} s ({r['runs']} runs) | {round(pages / r['median_s'], 1)} | "
            f"{r['peak_rss_mb']} MB | {r['rss_growth_mb']} MB |"
        )


if __name__ == "__main__":
    main()
