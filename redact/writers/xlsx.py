"""XLSX: remove redacted text from the workbook package itself, from every part.

- A redacted cell becomes an inline string holding the kept text and the mark; it no
  longer points at the shared string, and a shared string no remaining cell points at
  is emptied (a removed value must not survive in ``sharedStrings.xml``).
- A formula that reads a redacted cell (by reference, range, whole column, or through a
  defined name) is replaced by its cached value: recalculating it would not leak, but a
  formula such as ``=B3`` re-creates what was removed wherever it is copied.
  ``calcChain.xml`` goes with it (Excel rebuilds it).
- Comments on cells are redacted like cells; comment authors are replaced.
- Everything else that can carry a copy — headers and footers, defined names, data
  validation lists, tables, pivot caches (set to refresh on open), external links'
  cached values, properties — is swept for every removed string; core, app and custom
  properties that name people are cleared and the thumbnail dropped. A binary part
  that holds a removed string fails the write (nothing is written).

Hidden sheets, rows and columns are cells like any other: they were parsed and
reviewed, and are redacted the same way.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from lxml import etree

from core.datamodel import BlockKind, Document, MediaType, Redaction, RedactionEntry
from core.errors import CorruptDocument
from ingest.spreadsheetml import (
    PKG_REL,
    S,
    Workbook,
    column_index,
    column_letters,
    parse_ref,
    string_item_text,
)
from redact.errors import RedactionError
from redact.marks import MarkStyle
from redact.writers import Written
from redact.writers.docx import REVIEWER_PLACEHOLDER, docx_raw_xml

_S = f"{{{S}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_CELL_REF = re.compile(
    r"(?:(?:'((?:[^']|'')+)'|([^\s'!:(),+\-*/^&=<>{}\"]+))!)?"
    r"(?:\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?|\$?([A-Z]{1,3}):\$?([A-Z]{1,3}))"
)
_THUMBNAIL = PKG_REL + "/metadata/thumbnail"
_PEOPLE_PROPERTIES = frozenset(
    {"creator", "lastModifiedBy", "keywords", "subject", "description", "category",
     "contentStatus", "identifier", "version"}
)  # fmt: skip


def write_xlsx(document: Document, original: bytes, spans: list[Redaction], style: MarkStyle):
    workbook = Workbook(original, max_cells=10**9, max_sheets=10**6)
    cells = {(c.part, c.row, c.col): c for c in workbook.cells()}
    comments = {(c.part, c.index): c for c in workbook.comments()}
    edits: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    entries: list[RedactionEntry] = []
    starts = [b.start for b in document.blocks]
    for number, redaction in enumerate(spans, start=1):
        mark = style.text(redaction.category)
        where = None
        for index in _blocks_touched(document, starts, redaction):
            block = document.blocks[index]
            lo, hi = max(block.start, redaction.start), min(block.end, redaction.end)
            edits[index].append((lo - block.start, hi - block.start, mark))
            mark = ""
            if where is None:
                loc = block.location
                where = f"{loc.sheet}!{column_letters(loc.col or 0)}{(loc.row or 0) + 1}"
        entries.append(RedactionEntry.of(number, redaction, location=where))

    redacted: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for index, block_edits in edits.items():
        block = document.blocks[index]
        loc = block.location
        old = document.text[block.start : block.end]
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue  # page headers and footers: the sweep below replaces the removed text
        if block.kind == BlockKind.COMMENT:
            target = comments.get((loc.part, loc.index))
        else:
            target = cells.get((loc.part, loc.row, loc.col))
        if target is None or target.text != old:
            raise RedactionError(
                f"工作簿与解析结果不一致（{loc.sheet}），请重新解析后再删除"
                f"（the workbook does not match the parsed document at {loc.part}）"
            )
        new = _edited(old, block_edits)
        if block.kind == BlockKind.COMMENT:
            _set_rich_text(target.element.find(_S + "text"), new)
        else:
            _set_inline(target.element, new)
            redacted[loc.sheet].add((loc.row, loc.col))

    scrubbed: list[str] = []
    if redacted:
        scrubbed += _formulas_to_values(workbook, redacted)
    scrubbed += _empty_orphan_strings(workbook)
    removed = {document.text[r.start : r.end].strip() for r in spans}
    scrubbed += _sweep(workbook, {s for s in removed if s}, style)
    scrubbed += _scrub_properties(workbook)
    return workbook.serialise(), entries, tuple(s for s in scrubbed if s)


def _blocks_touched(document: Document, starts: list[int], redaction: Redaction):
    """Indexes of the blocks a span overlaps (found by bisection: a sheet has many)."""
    index = max(bisect.bisect_right(starts, redaction.start) - 1, 0)
    while index < len(document.blocks) and document.blocks[index].start < redaction.end:
        block = document.blocks[index]
        if block.end > redaction.start and block.start < redaction.end:
            yield index
        index += 1


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, mark in sorted(edits):
        out += [text[at:start], mark]
        at = max(at, end)
    out.append(text[at:])
    return "".join(out)


def _set_inline(cell: etree._Element, text: str) -> None:
    for child in list(cell):
        if child.tag in (_S + "f", _S + "v", _S + "is"):
            cell.remove(child)
    cell.set("t", "inlineStr")
    inline = etree.Element(_S + "is")
    t = etree.SubElement(inline, _S + "t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    cell.insert(0, inline)


def _set_rich_text(element: etree._Element | None, text: str) -> None:
    if element is None:
        return
    for child in list(element):
        element.remove(child)
    t = etree.SubElement(element, _S + "t")
    t.text = text
    t.set(_XML_SPACE, "preserve")


def _formulas_to_values(workbook: Workbook, redacted: dict[str, set[tuple[int, int]]]) -> list[str]:
    """Formulas that read a redacted cell keep only their cached value."""
    names = _defined_names(workbook)
    replaced = 0
    for sheet in workbook.sheets:
        masters: dict[str, str] = {}
        for f in sheet.root.iter(_S + "f"):
            if f.get("t") == "shared" and f.text:
                masters[f.get("si", "")] = f.text
        for f in list(sheet.root.iter(_S + "f")):
            formula = f.text or masters.get(f.get("si", ""), "")
            # A shared formula's references shift from cell to cell: judge the group by
            # the sheets and names it reads, not by exact cells.
            shared = f.get("t") == "shared"
            if _reads_redacted(formula, sheet.name, redacted, names, loose=shared):
                cell = f.getparent()
                cell.remove(f)
                if cell.get("t") == "str":
                    value = cell.find(_S + "v")
                    _set_inline(cell, value.text if value is not None and value.text else "")
                replaced += 1
    if not replaced:
        return []
    _drop_part(workbook, "/xl/calcChain.xml")
    return [f"{replaced} formula(s) reading redacted cells replaced by their values"]


def _defined_names(workbook: Workbook) -> set[str]:
    root = workbook.root(workbook.workbook_part)
    return {d.get("name", "") for d in root.iter(_S + "definedName") if d.get("name")}


def _reads_redacted(
    formula: str,
    own_sheet: str,
    redacted: dict[str, set[tuple[int, int]]],
    names: set[str],
    *,
    loose: bool,
) -> bool:
    if not formula:
        return False
    if any(re.search(rf"(?<![\w.]){re.escape(n)}(?![\w(])", formula) for n in names):
        return True  # through a defined name: where it points is not worth resolving
    for m in _CELL_REF.finditer(formula):
        sheet = (m.group(1) or "").replace("''", "'") or m.group(2) or own_sheet
        cells = redacted.get(sheet)
        if not cells:
            continue
        if loose:
            return True
        if m.group(7):  # whole columns, A:C
            c0, c1 = sorted((column_index(m.group(7)), column_index(m.group(8))))
            if any(c0 <= col <= c1 for _, col in cells):
                return True
            continue
        r0, c0 = int(m.group(4)) - 1, column_index(m.group(3))
        r1, c1 = (int(m.group(6)) - 1, column_index(m.group(5))) if m.group(5) else (r0, c0)
        r0, r1 = sorted((r0, r1))
        c0, c1 = sorted((c0, c1))
        if any(r0 <= row <= r1 and c0 <= col <= c1 for row, col in cells):
            return True
    return False


def _empty_orphan_strings(workbook: Workbook) -> list[str]:
    """Shared strings no cell points at any more (their cells were redacted) are emptied."""
    rels = workbook.rels(workbook.workbook_part).values()
    part = next((t for k, t in rels if k.endswith("/sharedStrings") and t in workbook.raw), None)
    if part is None:
        return []
    used = set()
    for sheet in workbook.sheets:
        for cell in sheet.root.iter(_S + "c"):
            if cell.get("t") == "s":
                value = cell.find(_S + "v")
                if value is not None and value.text and value.text.isdigit():
                    used.add(int(value.text))
    emptied = 0
    for index, item in enumerate(workbook.root(part).iterchildren(_S + "si")):
        if index not in used and string_item_text(item):
            for child in list(item):
                item.remove(child)
            etree.SubElement(item, _S + "t")
            emptied += 1
    return [f"{emptied} shared string(s) no cell uses any more emptied"] if emptied else []


def _sweep(workbook: Workbook, removed: set[str], style: MarkStyle) -> list[str]:
    """Every other copy of a removed string: attribute values anywhere, and text outside
    the worksheets' own cells and the shared strings (headers and footers, defined
    names, validation lists, pivot caches, external links' cached values)."""
    if not removed:
        return []
    pattern = Matcher(removed)
    sheet_parts = {s.part for s in workbook.sheets}
    strings_parts = {
        t for k, t in workbook.rels(workbook.workbook_part).values() if k.endswith("/sharedStrings")
    }
    comment_parts = {s.comments_part for s in workbook.sheets if s.comments_part}
    hits = 0
    for part, raw in list(workbook.raw.items()):
        if part.endswith((".xml", ".rels", ".vml")) or raw.lstrip()[:5] == b"<?xml":
            try:
                root = workbook.root(part)
            except CorruptDocument:  # an unparsable part is checked as bytes below
                root = None
            if root is not None:
                for element in root.iter():
                    if not isinstance(element.tag, str):
                        continue
                    for key, value in element.attrib.items():
                        if pattern.search(value):
                            element.set(key, pattern.sub(style.short, value))
                            hits += 1
                    if part in strings_parts or part in comment_parts:
                        continue
                    if part in sheet_parts and _inside_sheet_data(element):
                        continue
                    for attr in ("text", "tail"):
                        value = getattr(element, attr)
                        if value and pattern.search(value):
                            setattr(element, attr, pattern.sub(style.short, value))
                            hits += 1
                if "pivotCacheDefinition" in part:
                    root.set("refreshOnLoad", "1")
                continue
        for s in removed:
            if len(s) >= 2 and (s.encode("utf-8") in raw or s.encode("utf-16-le") in raw):
                raise RedactionError(
                    f"二进制部件 {part} 含有需删除的文字，无法安全删除"
                    f"（binary part {part} contains removed text; it cannot be redacted safely）"
                )
    return [f"{hits} further cop(ies) in headers, names, caches or attributes"] if hits else []


class Matcher:
    """Finds any of many strings in one pass. A workbook's redaction removes tens of
    thousands of values, and a regular expression alternating all of them tries each
    one at every position of every attribute of every part: minutes for 10,000 rows."""

    def __init__(self, strings: set[str]):
        self.wanted = set(strings)
        by_first: dict[str, set[int]] = {}
        for s in self.wanted:
            by_first.setdefault(s[0], set()).add(len(s))
        # The longest match first.
        self.lengths = {ch: sorted(n, reverse=True) for ch, n in by_first.items()}
        self.first = frozenset(self.lengths)

    def search(self, text: str) -> bool:
        return bool(self.first.intersection(text)) and self.sub("", text) != text

    def sub(self, mark: str, text: str) -> str:
        if not self.first.intersection(text):
            return text
        out, i, n = [], 0, len(text)
        while i < n:
            for length in self.lengths.get(text[i], ()):
                if text[i : i + length] in self.wanted:
                    out.append(mark)
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


def _inside_sheet_data(element: etree._Element) -> bool:
    return element.tag == _S + "sheetData" or any(
        a.tag == _S + "sheetData" for a in element.iterancestors()
    )


def _scrub_properties(workbook: Workbook) -> list[str]:
    done = []
    core = "/docProps/core.xml"
    if core in workbook.raw:
        for child in workbook.root(core):
            name = etree.QName(child).localname
            if name in _PEOPLE_PROPERTIES and child.text:
                child.text = ""
                done.append(f"core property {name}")
    app = "/docProps/app.xml"
    if app in workbook.raw:
        for child in workbook.root(app):
            name = etree.QName(child).localname
            if name in {"Company", "Manager", "HyperlinkBase"} and child.text:
                child.text = ""
                done.append(f"app property {name}")
    custom = "/docProps/custom.xml"
    if custom in workbook.raw:
        root = workbook.root(custom)
        if len(root):
            done.append(f"{len(root)} custom propert(ies)")
        for child in list(root):
            root.remove(child)
    authors = 0
    for sheet in workbook.sheets:
        if sheet.comments_part:
            for author in workbook.root(sheet.comments_part).iter(_S + "author"):
                author.text = REVIEWER_PLACEHOLDER
                authors += 1
    if authors:
        done.append(f"{authors} comment author(s)")
    for kind, target in list(workbook.rels("/").values()):
        if kind == _THUMBNAIL and _drop_part(workbook, target):
            done.append("thumbnail image")
    return done


def _drop_part(workbook: Workbook, part: str) -> bool:
    """Remove a part, the relationships to it and its content-type override."""
    if part not in workbook.raw:
        return False
    del workbook.raw[part]
    workbook.xml.pop(part, None)
    for rels_part in [p for p in workbook.raw if p.endswith(".rels")]:
        root = workbook.root(rels_part)
        folder = rels_part.rsplit("/_rels/", 1)[0] or "/"
        for rel in list(root):
            target = rel.get("Target", "")
            absolute = target if target.startswith("/") else _join(folder, target)
            if absolute == part:
                root.remove(rel)
    types = "/[Content_Types].xml"
    if types in workbook.raw:
        root = workbook.root(types)
        for override in list(root.iterchildren(f"{{{_CT}}}Override")):
            if override.get("PartName") == part:
                root.remove(override)
    return True


def _join(folder: str, target: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(folder, target))


class XlsxRedaction:
    def write(self, document, original, spans, style) -> Written:
        data, entries, scrubbed = write_xlsx(document, original, spans, style)
        return Written(data, MediaType.XLSX, tuple(entries), tuple(scrubbed))

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes) -> tuple[dict[str, str], list[str]]:
        return {"raw-xml": docx_raw_xml(output), "openpyxl": openpyxl_text(output)}, []


def openpyxl_text(data: bytes) -> str:
    """The workbook as openpyxl (an independent reader) sees it: every cell of every
    sheet, comments, headers and footers, defined names and properties."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    parts: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    parts.append(str(cell.value))
                if cell.comment is not None:
                    parts.append(cell.comment.text or "")
                    parts.append(cell.comment.author or "")
        for hf in (sheet.oddHeader, sheet.oddFooter, sheet.evenHeader, sheet.evenFooter):
            for side in (hf.left, hf.center, hf.right):
                parts.append(side.text or "")
    for name, defined in book.defined_names.items():
        parts += [name, str(defined.attr_text)]
    props = book.properties
    parts += [str(v) for v in vars(props).values() if isinstance(v, str)]
    return "\n".join(parts)


REDACTION = XlsxRedaction()

__all__ = ["REDACTION", "parse_ref", "write_xlsx"]
