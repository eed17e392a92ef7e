"""The WordprocessingML package as both sides read it: parts in reading order and the
text blocks of each, with the XML node every piece of text came from.

Ingest builds the document's text from ``iter_blocks``; the DOCX redaction writer walks
the same blocks, so an offset in a block of the document is an offset in the same
pieces of XML. Both import this module; neither owns it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from core.datamodel import BlockKind, Location
from core.errors import CorruptDocument

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


def ordered_parts(parts: dict) -> list[tuple[str, BlockKind | None]]:
    """Headers, then the body (kind None), then footers, notes and comments."""
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


def part_root(part) -> etree._Element:
    """The XML of a part; python-docx parses some parts, the rest are blobs we parse."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    root = getattr(part, "_gongkai_root", None)
    if root is None:
        try:
            root = etree.fromstring(part.blob, _XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise CorruptDocument(f"part {part.partname} is not well-formed XML: {exc}") from exc
        # Parsed once, so an edit made through one call is seen by the next.
        part._gongkai_root = root
    return root


@dataclass
class Piece:
    """A run of a block's text and the XML node it came from (None: a separator ingest
    inserted between paragraphs, not in the file)."""

    text: str
    node: object | None


@dataclass
class DocxBlock:
    kind: BlockKind
    location: Location
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def iter_blocks(parts: dict) -> Iterator[DocxBlock]:
    """Every text block of the package in reading order; tracked deletions last.

    The parser and the redaction writer both walk this, so an offset in a block of the
    document is an offset in the same pieces of XML."""
    deleted: list[DocxBlock] = []
    for name, kind in ordered_parts(parts):
        root = part_root(parts[name])
        walker = _Walker(name, deleted)
        if kind is None:
            body = root.find(_W + "body")
            if body is None:
                raise CorruptDocument("the DOCX main part has no body")
            yield from walker.children(body, BlockKind.PARAGRAPH)
        else:
            yield from walker.note_part(root, kind)
    yield from deleted


class _Walker:
    def __init__(self, part: str, deleted: list[DocxBlock]):
        self.part = part
        self.deleted = deleted
        self.index = -1
        self.tables = -1

    def _next(self) -> int:
        self.index += 1
        return self.index

    def children(self, parent, kind: BlockKind) -> Iterator[DocxBlock]:
        for child in parent:
            if child.tag == _PARAGRAPH:
                yield from self.paragraph(child, kind)
            elif child.tag == _TABLE:
                yield from self.table(child)

    def paragraph(self, p, kind: BlockKind) -> Iterator[DocxBlock]:
        index = self._next()
        yield DocxBlock(kind, Location(part=self.part, index=index), paragraph_pieces(p))
        yield from self.hidden(p, index)

    def hidden(self, p, index: int) -> Iterator[DocxBlock]:
        """Tracked deletions of a paragraph (kept for the end) and its text boxes (now)."""
        removed = [Piece(t.text or "", t) for t in p.iter(_DELETED_TEXT)]
        if "".join(x.text for x in removed).strip():
            self.deleted.append(
                DocxBlock(BlockKind.DELETED, Location(part=self.part, index=index), removed)
            )
        for box in _text_boxes(p):
            for inner in box.iter(_PARAGRAPH):
                yield from self.paragraph(inner, BlockKind.TEXT_BOX)

    def table(self, tbl) -> Iterator[DocxBlock]:
        self.tables += 1
        table_index = self.tables
        for row_index, row in enumerate(tbl.iterchildren(_ROW)):
            for col_index, cell in enumerate(row.iterchildren(_CELL)):
                paragraphs = [c for c in cell if c.tag == _PARAGRAPH]
                index = self._next()
                location = Location(
                    part=self.part, index=index, table=table_index, row=row_index, col=col_index
                )
                yield DocxBlock(BlockKind.TABLE_CELL, location, _joined(paragraphs))
                for p in paragraphs:
                    yield from self.hidden(p, index)
                for nested in cell.iterchildren(_TABLE):
                    yield from self.table(nested)

    def note_part(self, root, kind: BlockKind) -> Iterator[DocxBlock]:
        """Headers and footers hold paragraphs; notes and comments hold one item each."""
        items = [c for c in root if c.tag in {_W + "footnote", _W + "endnote", _W + "comment"}]
        if not items:
            yield from self.children(root, kind)
            return
        for item in items:
            # Separator "notes" hold no text of the author's.
            if item.get(_W + "type") in {
                "separator",
                "continuationSeparator",
                "continuationNotice",
            }:
                continue
            location = Location(part=self.part, index=self._next())
            yield DocxBlock(kind, location, _joined(list(item.iter(_PARAGRAPH))))


def _joined(paragraphs: list) -> list[Piece]:
    pieces: list[Piece] = []
    for number, p in enumerate(paragraphs):
        if number:
            pieces.append(Piece("\n", None))
        pieces.extend(paragraph_pieces(p))
    return pieces


def paragraph_text(p) -> str:
    """The visible text of a paragraph, without its text boxes or deleted runs."""
    return "".join(piece.text for piece in paragraph_pieces(p))


def paragraph_pieces(p) -> list[Piece]:
    out: list[Piece] = []
    _collect(p, out)
    return out


def _collect(element, out: list[Piece]) -> None:
    for child in element:
        tag = child.tag
        if tag == _TEXT:
            out.append(Piece(child.text or "", child))
        elif tag in _CHAR_TAGS:
            out.append(Piece(_CHAR_TAGS[tag], child))
        elif tag in (_TEXT_BOX, _FALLBACK, _PARAGRAPH):
            # Text boxes become blocks of their own; Fallback repeats a Choice's content.
            continue
        elif isinstance(tag, str):
            _collect(child, out)


def _text_boxes(p) -> Iterator:
    for box in p.iter(_TEXT_BOX):
        if not any(a.tag == _FALLBACK for a in box.iterancestors()):
            yield box
