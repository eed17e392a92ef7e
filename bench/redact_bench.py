"""PDF redaction speed, and how often pages had to be rasterised.

Run: ``make bench-redact`` (or ``python bench/redact_bench.py``). Speed: a long 通知
(about 58 pages) with a name, an ID number and a mobile number redacted on every page,
timed end to end through ``redact.apply`` (edit, overlay, scrub, leak check with two
tools). Fallback: every PDF of the test corpus — reportlab fixtures, the same documents
converted by LibreOffice, and the seeds — with its personal data redacted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_bench import long_document  # noqa: E402
from core.datamodel import Category, Redaction  # noqa: E402
from ingest import IngestLimits, extract_bytes  # noqa: E402
from redact import apply  # noqa: E402
from tests.docgen import SPECS, libreoffice_pdf, render_docx, render_pdf, spec_from_text  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
PATTERN = re.compile(r"贺州市人力资源和社会保障局|0774-5123456|\d{3,4}-\d{7,8}|人社局")


def spans(document) -> list[Redaction]:
    return [
        Redaction(m.start(), m.end(), Category.PERSON_NAME) for m in PATTERN.finditer(document.text)
    ]


def speed() -> dict:
    spec = long_document(50)
    data = render_pdf(spec)
    document = extract_bytes(data, limits=IngestLimits(max_pdf_pages=10_000))
    redactions = spans(document)
    started = time.perf_counter()
    out = apply(document, redactions, original=data)
    seconds = time.perf_counter() - started
    return {
        "pages": document.page_count,
        "redactions": len(redactions),
        "seconds": round(seconds, 2),
        "pages_per_second": round(document.page_count / seconds, 1),
        "rasterised": len(out.rasterised),
        "leak_check": out.verification["ok"],
    }


def corpus() -> list[tuple[str, bytes]]:
    pdfs = [(f"reportlab/{s.name}", render_pdf(s)) for s in SPECS]
    if SEEDS.is_dir():
        pdfs += [
            (
                f"seed/{p.name[:3]}",
                render_pdf(spec_from_text(p.name, p.read_text(encoding="utf-8"))),
            )
            for p in sorted(SEEDS.glob("*.txt"))
        ]
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            for spec in SPECS:
                pdfs.append((f"libreoffice/{spec.name}", libreoffice_pdf(render_docx(spec), tmp)))
    return pdfs


def fallback() -> dict:
    pages_redacted = pages_rasterised = 0
    reasons: dict[str, int] = {}
    files = []
    for name, data in corpus():
        document = extract_bytes(data)
        redactions = spans(document)
        if not redactions:
            continue
        out = apply(document, redactions, original=data)
        touched = {b.page for r in redactions for b in document.boxes_for(r.span)}
        pages_redacted += len(touched)
        pages_rasterised += len(out.rasterised)
        for _, reason in out.rasterised:
            reasons[reason] = reasons.get(reason, 0) + 1
        files.append(
            {
                "file": name,
                "pages_with_redactions": len(touched),
                "rasterised": len(out.rasterised),
                "leak_check": out.verification["ok"],
            }
        )
    return {
        "files": len(files),
        "pages_with_redactions": pages_redacted,
        "pages_rasterised": pages_rasterised,
        "reasons": reasons,
        "per_file": files,
    }


def main() -> None:
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")
    print(json.dumps({"speed": speed(), "fallback": fallback()}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
