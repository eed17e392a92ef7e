"""DOCX: remove redacted text from the XML itself, wherever it sits.

The writer walks the package with the same traversal the parser used
(``ingest.ooxml.iter_blocks``), so a span in the document is a set of characters in known
``w:t`` nodes, even when it crosses runs, hyperlinks, fields or table-cell paragraphs.
Then it accepts tracked changes (a ``w:del`` still holds the deleted words), clears the
properties that name people, drops the thumbnail (a picture of page one), and sweeps
attribute values and non-content parts for any remaining copy of a removed string.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import docx
from lxml import etree

from core.datamodel import BlockKind, Document, MediaType, Redaction, RedactionEntry
from ingest.ooxml import MC, DocxBlock, Piece, W, iter_blocks, ordered_parts, part_root
from redact.errors import RedactionError
from redact.marks import MarkStyle
from redact.writers import Written

_W = f"{{{W}}}"
_T = _W + "t"
_ACCEPT_REMOVE = {_W + t for t in ("del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange",
                                   "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
                                   "numberingChange", "moveFromRangeStart", "moveFromRangeEnd",
                                   "moveToRangeStart", "moveToRangeEnd")}  # fmt: skip
_ACCEPT_UNWRAP = {_W + "ins", _W + "moveTo"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REVIEWER_PLACEHOLDER = "审阅人"
THUMBNAIL_RELTYPE = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
)


def write_docx(document: Document, original: bytes, redactions: list[Redaction], style: MarkStyle):
    package = docx.Document(io.BytesIO(original))
    parts = {str(p.partname): p for p in package.part.package.iter_parts()}
    blocks = {(b.kind, b.location.part, b.location.index): b for b in iter_blocks(parts)}
    entries: list[RedactionEntry] = []
    edits: list[tuple[DocxBlock, int, int, str]] = []
    for number, redaction in enumerate(redactions, start=1):
        touched = list(_per_block(document, redaction))
        mark = style.text(redaction.category)  # once, where the span starts
        for block, start, end in touched:
            if block.kind == BlockKind.DELETED:
                continue  # deleted text goes with the tracked changes, below
            target = blocks.get((block.kind, block.location.part, block.location.index))
            if target is None or target.text != document.text[block.start : block.end]:
                raise RedactionError(
                    f"the file does not match the parsed document at {block.location.part}: "
                    "parse it again before redacting"
                )
            edits.append((target, start - block.start, end - block.start, mark))
            mark = ""
        part = touched[0][0].location.part if touched else None
        entries.append(RedactionEntry.of(number, redaction, location=part))
    # Right to left, so an edit never moves the offsets of the ones still to come.
    for target, start, end, mark in reversed(edits):
        _remove(target, start, end, mark)

    content = [name for name, _ in ordered_parts(parts)]
    scrubbed = [_accept_tracked_changes([part_root(parts[n]) for n in content])]
    scrubbed += _scrub_people(package, parts)
    removed = {document.text[r.start : r.end].strip() for r in redactions}
    scrubbed += _sweep(parts, content, {s for s in removed if s}, style)
    for part in parts.values():
        root = getattr(part, "_gongkai_root", None)
        if root is not None:
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    out = io.BytesIO()
    package.save(out)
    return out.getvalue(), entries, tuple(s for s in scrubbed if s)


def _per_block(document: Document, redaction: Redaction):
    """The parts of a span in each block it touches (a span may cross paragraphs)."""
    for block in document.blocks:
        start, end = max(block.start, redaction.start), min(block.end, redaction.end)
        if start < end:
            yield block, start, end


def _remove(block: DocxBlock, start: int, end: int, mark: str) -> None:
    """Delete block characters [start, end) from their nodes; put ``mark`` in the first
    text node the span touches."""
    offset = 0
    for piece in block.pieces:
        p_start, p_end = offset, offset + len(piece.text)
        offset = p_end
        lo, hi = max(start, p_start), min(end, p_end)
        if lo >= hi or piece.node is None:
            continue
        node = piece.node
        if node.tag != _T:  # a tab or a break inside the span: drop it
            node.getparent().remove(node)
            piece.text = ""
            continue
        text = node.text or ""
        new = text[: lo - p_start] + mark + text[hi - p_start :]
        mark = ""
        node.text = new
        node.set(_XML_SPACE, "preserve")
        piece.text = new


def _accept_tracked_changes(roots) -> str:
    count = 0
    for root in roots:
        for element in list(root.iter(*_ACCEPT_REMOVE)):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
                count += 1
        for element in list(root.iter(*_ACCEPT_UNWRAP)):
            parent = element.getparent()
            if parent is None:
                continue
            if parent.tag in (_W + "rPr", _W + "pPr"):  # a paragraph-mark marker
                parent.remove(element)
            else:
                position = parent.index(element)
                for child in reversed(list(element)):
                    parent.insert(position, child)
                parent.remove(element)
            count += 1
        for fallback in list(root.iter(f"{{{MC}}}Fallback")):
            fallback.getparent().remove(fallback)
    return f"accepted {count} tracked change(s); deleted text removed" if count else ""


def _scrub_people(package, parts: dict) -> list[str]:
    done = []
    core = package.core_properties
    for name in (
        "author",
        "last_modified_by",
        "comments",
        "keywords",
        "subject",
        "category",
        "content_status",
        "identifier",
        "version",
    ):
        if getattr(core, name, None):
            setattr(core, name, "")
            done.append(f"core property {name}")
    core.revision = 1
    app = parts.get("/docProps/app.xml")
    if app is not None:
        for child in part_root(app):
            if (
                etree.QName(child).localname in {"Company", "Manager", "HyperlinkBase", "Template"}
                and child.text
            ):
                child.text = ""
                done.append(f"app property {etree.QName(child).localname}")
    custom = parts.get("/docProps/custom.xml")
    if custom is not None:
        root = part_root(custom)
        if len(root):
            done.append(f"{len(root)} custom propert(ies)")
        for child in list(root):
            root.remove(child)
    authors = 0
    for part in parts.values():
        if not part.content_type.endswith("xml"):
            continue
        for element in part_root(part).iter():
            for key in list(element.attrib):
                local = etree.QName(key).localname
                if local in {"author", "initials", "userId"}:
                    element.set(key, REVIEWER_PLACEHOLDER if local == "author" else "")
                    authors += 1
                elif local.startswith("rsid"):  # editing-session ids: the document's history
                    del element.attrib[key]
    if authors:
        done.append(f"{authors} comment/revision author attribute(s)")
    rels = package.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == THUMBNAIL_RELTYPE:
            del rels[rid]
            done.append("thumbnail image")
    return done


def _sweep(parts: dict, content: list[str], removed: set[str], style: MarkStyle) -> list[str]:
    """Remove copies of removed strings the block walk does not see: attribute values
    (alt text, tooltips), and text in parts that are not content (custom XML data,
    settings' document variables, properties). Binary parts holding one fail the write."""
    if not removed:
        return []
    pattern = re.compile("|".join(re.escape(s) for s in sorted(removed, key=len, reverse=True)))
    mark = style.short
    hits = 0
    for name, part in parts.items():
        if part.content_type.endswith("xml"):
            root = part_root(part)
            text_too = name not in content
            for element in root.iter():
                for key, value in element.attrib.items():
                    if pattern.search(value):
                        element.set(key, pattern.sub(mark, value))
                        hits += 1
                if text_too and isinstance(element.tag, str):
                    for attr in ("text", "tail"):
                        value = getattr(element, attr)
                        if value and pattern.search(value):
                            setattr(element, attr, pattern.sub(mark, value))
                            hits += 1
        else:
            blob = part.blob
            for s in removed:
                if len(s) >= 2 and (s.encode("utf-8") in blob or s.encode("utf-16-le") in blob):
                    raise RedactionError(
                        f"binary part {name} ({part.content_type}) contains removed text; "
                        "it cannot be redacted safely"
                    )
    return [f"{hits} further cop(ies) in attributes or non-content parts"] if hits else []


class DocxRedaction:
    def write(self, document, original, spans, style) -> Written:
        data, entries, scrubbed = write_docx(document, original, spans, style)
        return Written(data, MediaType.DOCX, tuple(entries), tuple(scrubbed))

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes) -> tuple[dict[str, str], list[str]]:
        return {"raw-xml": docx_raw_xml(output), "gongkai-parser": _docx_parsed(output)}, []


def docx_raw_xml(data: bytes) -> str:
    """Every part of the package as text: XML with entities decoded, tags kept as
    separators (so words split across runs are caught by the parser, not here)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            if name.endswith((".xml", ".rels")):
                text = raw.decode("utf-8", errors="replace")
                parts.append(html.unescape(re.sub(r"<[^>]+>", "\n", text)))
                # Attribute values (alt text, authors) too.
                parts.extend(html.unescape(v) for v in re.findall(r'="([^"]*)"', text))
            else:
                parts.append(raw.decode("utf-8", errors="ignore"))
                parts.append(raw.decode("utf-16-le", errors="ignore"))
    return "\n".join(parts)


def _docx_parsed(data: bytes) -> str:
    from ingest import extract_bytes

    document = extract_bytes(data, filename="redacted.docx")
    return document.text + "\n" + "\n".join(str(v) for v in document.metadata.to_dict().values())


REDACTION = DocxRedaction()

__all__ = ["REDACTION", "Piece", "write_docx"]
