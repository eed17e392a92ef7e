"""Formats: OCR speed and accuracy, spreadsheet redaction speed, LibreOffice conversion.

Run: ``make bench-formats`` (or ``python bench/formats_bench.py``). Prints one JSON
object; the figures go into docs/benchmarks.md with the machine and the date.

- OCR: A4 pages of a 通知's body text in 16 pt 宋体 (STSong-Light), drawn by reportlab
  and rendered by PDFium at 200 dpi (clean renders), read through ingest (one thread:
  the figure is per core). Character error rate = edit distance between the drawn text
  and what OCR read, whitespace removed, over the drawn text's length.
- Spreadsheet: a 公示 list of 10,000 rows (name, ID, mobile, address, amount), built by
  openpyxl; parse, then ``redact.apply`` with every cell under a private column
  redacted (40,000 cells), leak check with both readers included. Detection with and
  without the NER is timed apart: it is the review's step, not the redaction's.
- Conversion: a three-page .doc (written by LibreOffice from a DOCX) converted back
  by the sandboxed conversion, three times (no cache: each a different file).
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import sys
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.datamodel import Category, Redaction  # noqa: E402
from ingest import IngestLimits, extract_bytes  # noqa: E402

BODY = (
    "为深入贯彻落实党中央、国务院关于稳就业保就业的决策部署，进一步做好高校毕业生等重点群体就业工作，"
    "根据《中华人民共和国就业促进法》和自治区有关文件精神，结合我市实际，现就有关事项通知如下。"
    "各县（区）人力资源和社会保障部门要高度重视，加强组织领导，明确责任分工，细化工作措施，"
    "确保各项政策落地见效。对符合条件的用人单位，按规定给予社会保险补贴和岗位补贴，"
    "补贴资金从就业补助资金中列支。申请人陈建华，公民身份号码440103198503021232，联系电话13907745678。"
)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def a4_pages(count: int) -> list[tuple[bytes, str]]:
    """PNG scans of A4 pages (200 dpi) and the text drawn on each."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    per_line = 28
    text = (BODY * (1 + per_line * 38 * count // len(BODY)))[: per_line * 38 * count]
    out = []
    for page in range(count):
        chunk = text[page * per_line * 38 : (page + 1) * per_line * 38]
        buffer = io.BytesIO()
        sheet = canvas.Canvas(buffer, pagesize=(595.3, 841.9))
        sheet.setFont("STSong-Light", 16)
        lines = [chunk[i : i + per_line] for i in range(0, len(chunk), per_line)]
        for n, line in enumerate(lines):
            sheet.drawString(72, 841.9 - 80 - n * 19, line)
        sheet.save()
        pdf = pdfium.PdfDocument(buffer.getvalue())
        image = pdf[0].render(scale=200 / 72).to_pil()
        pdf.close()
        png = io.BytesIO()
        image.save(png, format="PNG", dpi=(200, 200))
        out.append((png.getvalue(), "".join(lines)))
    return out


def ocr(pages: int = 3) -> dict:
    from ingest.ocr import engine

    engine()  # loading the models is once per worker, not per page
    scans = a4_pages(pages)
    extract_bytes(scans[0][0], filename="warm.png")
    started, cpu = time.perf_counter(), time.process_time()
    read_pages = []
    for png, _drawn in scans:
        document = extract_bytes(png, filename="page.png")
        read_pages.append(re.sub(r"\s+", "", document.text))
    seconds = time.perf_counter() - started
    # CPU time as well: on a shared machine the wall clock measures the neighbours too.
    cpu_seconds = time.process_time() - cpu
    errors = folded = total = 0
    for (_png, drawn), read in zip(scans, read_pages, strict=True):
        errors += _edit_distance(drawn, read)
        # Width variants（）/() are the same character to detection and the leak check.
        folded += _edit_distance(unicodedata.normalize("NFKC", drawn),
                                 unicodedata.normalize("NFKC", read))  # fmt: skip
        total += len(drawn)
    return {
        "pages": pages,
        "characters": total,
        "seconds": round(seconds, 2),
        "pages_per_second_per_core": round(pages / seconds, 3),
        "cpu_seconds": round(cpu_seconds, 2),
        "pages_per_cpu_second": round(pages / cpu_seconds, 3),
        "character_error_rate": round(errors / total, 5),
        "character_error_rate_width_folded": round(folded / total, 5),
    }


def spreadsheet(count: int = 10_000) -> dict:
    from redact import apply, build_detector
    from tests.formats.fixtures import rows, subsidy_workbook

    data = subsidy_workbook(rows(count), extras=False)
    started = time.perf_counter()
    document = extract_bytes(data, filename="list.xlsx")
    parsed = time.perf_counter() - started
    spans = [Redaction(b.start, b.end, Category(b.holds)) for b in document.blocks if b.holds]
    started = time.perf_counter()
    redacted = apply(document, spans, original=data)
    redaction = time.perf_counter() - started
    assert redacted.verification["ok"]
    started = time.perf_counter()
    build_detector(use_ner=False).detect(document)
    patterns = time.perf_counter() - started
    detector = build_detector()
    detector.detect_text("联系人：张伟，电话13912345678。")
    started = time.perf_counter()
    detector.detect(document)
    with_ner = time.perf_counter() - started
    cells = sum(1 for b in document.blocks if b.kind.value == "cell")
    return {
        "rows": count,
        "cells": cells,
        "redacted_cells": len(spans),
        "bytes": len(data),
        "parse_seconds": round(parsed, 2),
        "redact_and_leak_check_seconds": round(redaction, 2),
        "redact_cells_per_second": round(cells / redaction),
        "detect_patterns_seconds": round(patterns, 2),
        "detect_with_ner_seconds": round(with_ner, 2),
    }


def conversion(runs: int = 3) -> dict:
    from ingest.convert import convert, soffice_binary
    from tests.docgen import render_docx, spec_from_text
    from tests.formats.fixtures import libreoffice_convert

    if soffice_binary() is None:
        return {"skipped": "LibreOffice is not installed"}
    times = []
    for n in range(runs):
        spec = spec_from_text(f"第{n}号", BODY * 12)
        doc = libreoffice_convert(render_docx(spec), ".docx", "doc:MS Word 97")
        started = time.perf_counter()
        convert(doc, ".doc", "docx", timeout=IngestLimits().conversion_timeout)
        times.append(time.perf_counter() - started)
    return {"runs": runs, "seconds_each": [round(t, 2) for t in times]}


def main() -> None:
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "ocr": ocr(),
        "spreadsheet": spreadsheet(),
        "conversion": conversion(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
