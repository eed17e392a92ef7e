"""DOCX parser: every text-bearing part of the package, in reading order.

python-docx opens the package and reads the core properties; the text is read from
the XML of each part directly, because python-docx's paragraph text skips text
boxes, tracked deletions, footnotes and endnotes — all places where personal data
hides and which redaction must reach later.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from core.datamodel import BlockKind, Document, Location, MediaType, Metadata
from core.errors import CorruptDocument
from ingest.builder import TextBuilder
from ingest.source import Source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"

_TEXT = _W + "t"
_DELETED_TEXT = _W + "delText"
_PARAGRAPH = _W + "p"
_TABLE = _W + "tbl"
_ROW = _W + "tr"
_CELL = _W + "tc"
_TEXT_BOX = _W + "txbxContent"
_FALLBACK = f"{{{MC}}}Fallback"
_CHAR_TAGS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}

_PART_KINDS = {
    "header": BlockKind.HEADER,
    "footer": BlockKind.FOOTER,
    "footnotes": BlockKind.FOOTNOTE,
    "endnotes": BlockKind.ENDNOTE,
    "comments": BlockKind.COMMENT,
}
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DocxParser:
    media_type = MediaType.DOCX

    def parse(self, source: Source) -> Document:
        try:
            package = docx.Document(io.BytesIO(source.data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
            raise CorruptDocument(f"the DOCX package cannot be read: {exc}") from exc
        except (ValueError, OSError, EOFError) as exc:
            raise CorruptDocument(f"the DOCX package is damaged: {exc}") from exc
        parts = {str(part.partname): part for part in package.part.package.iter_parts()}
        builder = TextBuilder()
        deleted: list[tuple[str, int, str]] = []
        authors: set[str] = set()

        ordered = _ordered_parts(parts)
        for name, kind in ordered:
            root = _part_root(parts[name])
            authors.update(a for el in root.iter() if (a := el.get(_W + "author")))
            if kind is None:
                _read_body(root, name, builder, deleted)
            else:
                _read_note_part(root, name, kind, builder, deleted)
        for part_name, index, text in deleted:
            builder.add(BlockKind.DELETED, text, Location(part=part_name, index=index))

        metadata = _metadata(package, parts, authors)
        warnings = []
        if deleted:
            warnings.append(
                f"the document holds {len(deleted)} tracked deletion(s): "
                "hidden in Word but still in the file"
            )
        return Document(
            text=builder.text,
            media_type=MediaType.DOCX,
            sha256=source.sha256,
            size=len(source.data),
            blocks=builder.blocks,
            metadata=metadata,
            page_count=None,
            filename=source.filename,
            warnings=tuple(warnings),
        )


def _ordered_parts(parts: dict) -> list[tuple[str, BlockKind | None]]:
    """Headers, then the body, then footers, notes and comments."""
    main = next((n for n, p in parts.items() if p.content_type.endswith("document.main+xml")), None)
    if main is None:
        raise CorruptDocument("the DOCX package has no main document part")
    by_kind: dict[BlockKind, list[str]] = {}
    for name in sorted(parts):
        stem = name.rsplit("/", 1)[-1].removesuffix(".xml").rstrip("0123456789")
        kind = _PART_KINDS.get(stem)
        if kind is not None and name.startswith("/word/"):
            by_kind.setdefault(kind, []).append(name)
    ordered: list[tuple[str, BlockKind | None]] = [
        (n, BlockKind.HEADER) for n in by_kind.get(BlockKind.HEADER, [])
    ]
    ordered.append((main, None))
    for kind in (BlockKind.FOOTER, BlockKind.FOOTNOTE, BlockKind.ENDNOTE, BlockKind.COMMENT):
        ordered.extend((n, kind) for n in by_kind.get(kind, []))
    return ordered


def _part_root(part) -> etree._Element:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"part {part.partname} is not well-formed XML: {exc}") from exc


def _read_body(root, part: str, builder: TextBuilder, deleted: list) -> None:
    body = root.find(_W + "body")
    if body is None:
        raise CorruptDocument("the DOCX main part has no body")
    counter = _Counter()
    tables = _Counter()
    for child in body:
        if child.tag == _PARAGRAPH:
            _add_paragraph(child, BlockKind.PARAGRAPH, part, builder, deleted, counter)
        elif child.tag == _TABLE:
            _add_table(child, part, builder, deleted, counter, tables)


def _add_paragraph(p, kind, part, builder, deleted, counter) -> None:
    index = counter.next()
    text = paragraph_text(p)
    builder.add(kind, text, Location(part=part, index=index))
    _add_hidden_content(p, index, part, builder, deleted, counter)


def _add_hidden_content(p, index, part, builder, deleted, counter) -> None:
    """Tracked deletions of a paragraph (kept for later) and its text boxes (added now)."""
    removed = "".join(t.text or "" for t in p.iter(_DELETED_TEXT))
    if removed.strip():
        deleted.append((part, index, removed))
    for box in _text_boxes(p):
        for inner in box.iter(_PARAGRAPH):
            _add_paragraph(inner, BlockKind.TEXT_BOX, part, builder, deleted, counter)


def _add_table(tbl, part, builder, deleted, counter, tables) -> None:
    table_index = tables.next()
    for row_index, row in enumerate(tbl.iterchildren(_ROW)):
        for col_index, cell in enumerate(row.iterchildren(_CELL)):
            paragraphs = [c for c in cell if c.tag == _PARAGRAPH]
            text = "\n".join(paragraph_text(p) for p in paragraphs).strip("\n")
            index = counter.next()
            builder.add(
                BlockKind.TABLE_CELL,
                text,
                Location(part=part, index=index, table=table_index, row=row_index, col=col_index),
            )
            for p in paragraphs:
                _add_hidden_content(p, index, part, builder, deleted, counter)
            for nested in cell.iterchildren(_TABLE):
                _add_table(nested, part, builder, deleted, counter, tables)


def _read_note_part(root, part: str, kind: BlockKind, builder: TextBuilder, deleted) -> None:
    """Headers and footers hold paragraphs; notes and comments hold one item each."""
    counter = _Counter()
    tables = _Counter()
    items = [c for c in root if c.tag in {_W + "footnote", _W + "endnote", _W + "comment"}]
    if not items:
        for child in root:
            if child.tag == _PARAGRAPH:
                _add_paragraph(child, kind, part, builder, deleted, counter)
            elif child.tag == _TABLE:
                _add_table(child, part, builder, deleted, counter, tables)
        return
    for item in items:
        # Separator "notes" hold no text of the author's.
        if item.get(_W + "type") in {"separator", "continuationSeparator", "continuationNotice"}:
            continue
        text = "\n".join(paragraph_text(p) for p in item.iter(_PARAGRAPH)).strip("\n")
        builder.add(kind, text, Location(part=part, index=counter.next()))


def paragraph_text(p) -> str:
    """The visible text of a paragraph, without its text boxes or deleted runs."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _TEXT:
            out.append(child.text or "")
        elif tag in _CHAR_TAGS:
            out.append(_CHAR_TAGS[tag])
        elif tag in (_TEXT_BOX, _FALLBACK, _PARAGRAPH):
            # Text boxes become blocks of their own; Fallback repeats a Choice's content.
            continue
        elif isinstance(tag, str):
            _collect(child, out)


def _text_boxes(p) -> Iterator:
    for box in p.iter(_TEXT_BOX):
        if not any(a.tag == _FALLBACK for a in box.iterancestors()):
            yield box


class _Counter:
    def __init__(self) -> None:
        self.value = -1

    def next(self) -> int:
        self.value += 1
        return self.value


def _metadata(package, parts: dict, authors: set[str]) -> Metadata:
    """Core, app and custom properties. A DOCX has no fixed pagination: the ``Pages``
    count Word stores is kept as a property, not reported as the page count."""
    core = package.core_properties
    other: dict[str, str] = {}
    for name in (
        "category",
        "comments",
        "content_status",
        "identifier",
        "language",
        "version",
        "revision",
        "last_printed",
    ):
        value = getattr(core, name, None)
        if value not in (None, "", 0):
            other[name] = _iso(value) if isinstance(value, datetime) else str(value)
    company = None
    app = parts.get("/docProps/app.xml")
    if app is not None:
        root = _part_root(app)
        for child in root:
            name = etree.QName(child).localname
            value = (child.text or "").strip()
            if not value:
                continue
            if name == "Company":
                company = value
            elif name in {"Pages", "Manager", "HyperlinkBase", "Template"}:
                other[f"app.{name}"] = value
    custom = parts.get("/docProps/custom.xml")
    if custom is not None:
        for prop in _part_root(custom):
            name = prop.get("name")
            value = "".join(prop.itertext()).strip()
            if name and value:
                other[f"custom.{name}"] = value
    if authors:
        other["revision_and_comment_authors"] = "、".join(sorted(authors))
    metadata = Metadata(
        title=core.title or None,
        author=core.author or None,
        subject=core.subject or None,
        keywords=core.keywords or None,
        company=company,
        last_modified_by=core.last_modified_by or None,
        created=_iso(core.created),
        modified=_iso(core.modified),
        other=other,
    )
    return metadata


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
