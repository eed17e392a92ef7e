"""CSV and XLSX cells that stay text: nothing a user typed becomes a formula.

CSV: a cell starting with = + - @ (or a tab or carriage return) is prefixed with an
apostrophe, as OWASP advises, so a spreadsheet opening the file shows it as text.
XLSX: every string is written as a string cell (openpyxl would make "=…" a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from workflow.placeholders import xml_safe

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_TRIGGERS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    # With a BOM: the spreadsheets offices use read UTF-8 CSV as GBK without one.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def put(sheet, row: int, column: int, value):
    """One cell; strings always as text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for column, name in enumerate(header, 1):
        put(sheet, 1, column, name).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            put(sheet, r, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
