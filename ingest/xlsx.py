"""XLSX parser: every non-empty cell of every sheet (hidden ones too) a block with its
sheet, row and column, then the comments on cells; properties as metadata."""

from __future__ import annotations

from lxml import etree

from core.datamodel import BlockKind, Document, Location, MediaType, Metadata
from ingest.builder import TextBuilder
from ingest.limits import IngestLimits
from ingest.sheets import CellText, build_cells
from ingest.source import Source
from ingest.spreadsheetml import Workbook

_CORE_FIELDS = {
    "title": "title",
    "creator": "author",
    "subject": "subject",
    "keywords": "keywords",
    "lastModifiedBy": "last_modified_by",
    "created": "created",
    "modified": "modified",
}


def parse_xlsx(source: Source, limits: IngestLimits, media_type: MediaType) -> Document:
    workbook = Workbook(source.data, max_cells=limits.max_cells, max_sheets=limits.max_sheets)
    builder = TextBuilder()
    cells = [CellText(c.sheet, c.row, c.col, c.text, part=c.part) for c in workbook.cells()] + [
        CellText(c.sheet, *_row_col(c.ref), c.text, part=c.part, comment=True, index=c.index)
        for c in workbook.comments()
    ]
    build_cells(builder, cells)
    for sheet, name, text in workbook.headers_footers():
        kind = BlockKind.HEADER if "Header" in name else BlockKind.FOOTER
        builder.add(kind, text, Location(part=sheet.part, sheet=sheet.name))
    hidden = [s.name for s in workbook.sheets if s.state != "visible"]
    warnings = [f"hidden sheet {name!r} is read and redacted like the others" for name in hidden]
    return Document(
        text=builder.text,
        media_type=media_type,
        sha256=source.sha256,
        size=len(source.data),
        blocks=builder.blocks,
        metadata=workbook_metadata(workbook),
        page_count=None,
        filename=source.filename,
        warnings=tuple(warnings),
    )


def _row_col(ref: str) -> tuple[int, int]:
    from ingest.spreadsheetml import parse_ref

    return parse_ref(ref) or (0, 0)


def workbook_metadata(workbook: Workbook) -> Metadata:
    fields: dict[str, str] = {}
    other: dict[str, str] = {}
    if "/docProps/core.xml" in workbook.raw:
        for child in workbook.root("/docProps/core.xml"):
            name, value = etree.QName(child).localname, (child.text or "").strip()
            if value:
                if name in _CORE_FIELDS:
                    fields[_CORE_FIELDS[name]] = value
                else:
                    other[name] = value
    if "/docProps/app.xml" in workbook.raw:
        for child in workbook.root("/docProps/app.xml"):
            name, value = etree.QName(child).localname, (child.text or "").strip()
            if name == "Company" and value:
                fields["company"] = value
            elif name in {"Manager", "HyperlinkBase"} and value:
                other[f"app.{name}"] = value
    if "/docProps/custom.xml" in workbook.raw:
        for prop in workbook.root("/docProps/custom.xml"):
            value = "".join(prop.itertext()).strip()
            if prop.get("name") and value:
                other[f"custom.{prop.get('name')}"] = value
    return Metadata(**fields, other=other)
