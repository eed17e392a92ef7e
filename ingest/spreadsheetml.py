"""The SpreadsheetML package (.xlsx) as both sides read it: sheets in workbook order,
every non-empty cell with its displayed text, and the comments on cells.

Ingest builds the document from ``Workbook.cells``; the XLSX redaction writer opens
the same workbook and finds each block's cell again by part, row and column, so the
text a reviewer decided on is the text that is replaced. The XML is read directly
(not through openpyxl) because redaction has to reach every part of the package —
shared strings, comments, defined names, headers, pivot caches — and because the
leak check uses openpyxl as its independent second reader.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from core.errors import CorruptDocument, TooManyCells

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_S = f"{{{S}}}"
COMMENTS_REL = R + "/comments"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def column_index(letters: str) -> int:
    """``A`` → 0, ``AB`` → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``B3`` → (row 2, col 1), 0-based; None for anything else."""
    match = _REF.match(ref.upper())
    if not match:
        return None
    return int(match.group(2)) - 1, column_index(match.group(1))


@dataclass
class Cell:
    sheet: str
    part: str
    row: int  # 0-based
    col: int
    text: str
    element: etree._Element | None = field(repr=False, default=None)


@dataclass
class Comment:
    sheet: str
    part: str  # the comments part
    ref: str
    index: int
    text: str
    element: etree._Element | None = field(repr=False, default=None)


@dataclass
class Sheet:
    name: str
    part: str
    state: str  # visible, hidden, veryHidden
    root: etree._Element = field(repr=False)
    comments_part: str | None = None


class Workbook:
    """An opened .xlsx: its parts (bytes, or parsed XML once asked for) and sheets."""

    def __init__(self, data: bytes, *, max_cells: int = 1_000_000, max_sheets: int = 500):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            self.raw: dict[str, bytes] = {
                "/" + info.filename: archive.read(info) for info in archive.infolist()
            }
            self.order = ["/" + info.filename for info in archive.infolist()]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise CorruptDocument(f"the workbook cannot be read: {exc}") from exc
        self.xml: dict[str, etree._Element] = {}
        self.max_cells = max_cells
        workbook_part = self._main_part()
        self.workbook_part = workbook_part
        self.shared = self._shared_strings()
        self.sheets = self._sheets(max_sheets)

    # Parts -----------------------------------------------------------------------

    def root(self, part: str) -> etree._Element:
        if part not in self.xml:
            try:
                self.xml[part] = etree.fromstring(self.raw[part], _PARSER)
            except KeyError as exc:
                raise CorruptDocument(f"the workbook has no part {part}") from exc
            except etree.XMLSyntaxError as exc:
                raise CorruptDocument(f"part {part} is not well-formed XML: {exc}") from exc
        return self.xml[part]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, absolute target part) of ``part``."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in self.raw:
            return {}
        out = {}
        for rel in self.root(rels_part):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or target.startswith("/"):
                absolute = target
            else:
                absolute = posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id")] = (rel.get("Type", ""), absolute)
        return out

    def _main_part(self) -> str:
        for _rid, (kind, target) in self.rels("/").items():
            if kind.endswith("/officeDocument"):
                return target
        if "/xl/workbook.xml" in self.raw:
            return "/xl/workbook.xml"
        raise CorruptDocument("the workbook has no main part")

    def _shared_strings(self) -> list[str]:
        target = next(
            (t for k, t in self.rels(self.workbook_part).values() if k.endswith("/sharedStrings")),
            None,
        )
        if target is None or target not in self.raw:
            return []
        return [string_item_text(si) for si in self.root(target).iterchildren(_S + "si")]

    def _sheets(self, max_sheets: int) -> list[Sheet]:
        rels = self.rels(self.workbook_part)
        sheets_el = self.root(self.workbook_part).find(_S + "sheets")
        out: list[Sheet] = []
        for sheet in sheets_el if sheets_el is not None else ():
            rid = sheet.get(f"{{{R}}}id")
            kind, part = rels.get(rid, ("", ""))
            if not kind.endswith("/worksheet") or part not in self.raw:
                continue  # chart sheets and dialog sheets hold no cells
            comments = next(
                (t for k, t in self.rels(part).values() if k == COMMENTS_REL and t in self.raw),
                None,
            )
            out.append(
                Sheet(
                    sheet.get("name", ""),
                    part,
                    sheet.get("state", "visible"),
                    self.root(part),
                    comments,
                )
            )
        if len(out) > max_sheets:
            raise TooManyCells(
                f"工作簿有 {len(out)} 个工作表，超过上限 {max_sheets}"
                f"（the workbook has {len(out)} sheets, more than the limit of {max_sheets}）"
            )
        return out

    # Cells -----------------------------------------------------------------------

    def cells(self) -> Iterator[Cell]:
        """Every non-empty cell of every sheet (hidden ones too), row by row."""
        count = 0
        for sheet in self.sheets:
            data = sheet.root.find(_S + "sheetData")
            if data is None:
                continue
            for row_index, row in enumerate(data.iterchildren(_S + "row")):
                row_number = int(row.get("r", row_index + 1)) - 1
                for col_guess, cell in enumerate(row.iterchildren(_S + "c")):
                    where = parse_ref(cell.get("r", "")) or (row_number, col_guess)
                    text = self.cell_text(cell)
                    if not text.strip():
                        continue
                    count += 1
                    if count > self.max_cells:
                        raise TooManyCells(
                            f"工作簿的非空单元格超过上限 {self.max_cells}"
                            f"（the workbook has more than {self.max_cells} non-empty cells）"
                        )
                    yield Cell(sheet.name, sheet.part, where[0], where[1], text, cell)

    def cell_text(self, cell: etree._Element) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            item = cell.find(_S + "is")
            return string_item_text(item) if item is not None else ""
        value = cell.find(_S + "v")
        raw = value.text if value is not None and value.text else ""
        if kind == "s":
            try:
                return self.shared[int(raw)]
            except (ValueError, IndexError):
                raise CorruptDocument(
                    f"cell {cell.get('r')} points at shared string {raw!r}, which does not exist"
                ) from None
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(raw, raw)
        return raw

    def comments(self) -> Iterator[Comment]:
        for sheet in self.sheets:
            if sheet.comments_part is None:
                continue
            root = self.root(sheet.comments_part)
            items = root.find(_S + "commentList")
            for index, comment in enumerate(items if items is not None else ()):
                text_el = comment.find(_S + "text")
                text = string_item_text(text_el) if text_el is not None else ""
                if text.strip():
                    ref = comment.get("ref", "")
                    yield Comment(sheet.name, sheet.comments_part, ref, index, text, comment)

    def headers_footers(self) -> Iterator[tuple[Sheet, str, str]]:
        """(sheet, element name, text) of each sheet's page headers and footers, their
        layout codes (&L, &C, &P …) left in: detection reads the words between them."""
        for sheet in self.sheets:
            block = sheet.root.find(_S + "headerFooter")
            for element in block if block is not None else ():
                if isinstance(element.tag, str) and (element.text or "").strip():
                    yield sheet, etree.QName(element).localname, element.text

    def serialise(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in self.order:
                if part not in self.raw:
                    continue
                data = self.raw[part]
                if part in self.xml:
                    data = etree.tostring(
                        self.xml[part], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                archive.writestr(part.lstrip("/"), data)
        return out.getvalue()


def string_item_text(item: etree._Element) -> str:
    """The text of a shared-string item, inline string or comment: its ``t`` elements,
    without phonetic guides (``rPh``), which are not displayed."""
    return "".join(
        t.text or ""
        for t in item.iter(_S + "t")
        if not any(a.tag == _S + "rPh" for a in t.iterancestors())
    )
