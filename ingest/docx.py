"""DOCX parser: every text-bearing part of the package, in reading order.

python-docx opens the package and reads the core properties; the text is read from
the XML of each part directly, because python-docx's paragraph text skips text
boxes, tracked deletions, footnotes and endnotes — all places where personal data
hides and which redaction must reach later.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from core.datamodel import BlockKind, Document, MediaType, Metadata
from core.errors import CorruptDocument
from ingest.builder import TextBuilder
from ingest.ooxml import W, iter_blocks, ordered_parts, part_root
from ingest.source import Source


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
        deleted = 0
        for block in iter_blocks(parts):
            builder.add(block.kind, block.text, block.location)
            deleted += block.kind == BlockKind.DELETED
        authors = {
            a
            for name, _ in ordered_parts(parts)
            for el in part_root(parts[name]).iter()
            if (a := el.get(f"{{{W}}}author"))
        }
        metadata = _metadata(package, parts, authors)
        warnings = []
        if deleted:
            warnings.append(
                f"the document holds {deleted} tracked deletion(s): "
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
        root = part_root(app)
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
        for prop in part_root(custom):
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
