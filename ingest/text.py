"""Plain-text parser: one block per non-empty line, text kept as written.

Line endings are normalised to ``\\n``; nothing else is changed (full-width digits
stay full-width), so a span in the document is a span in what the user sees.
"""

from __future__ import annotations

from core.datamodel import Block, BlockKind, Document, Location, MediaType, Metadata
from core.errors import EmptyFile
from ingest.encoding import decode_text
from ingest.source import Source


class TextParser:
    media_type = MediaType.TEXT

    def parse(self, source: Source) -> Document:
        text, encoding = decode_text(source.data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise EmptyFile("the text file contains only whitespace")
        blocks: list[Block] = []
        offset = 0
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if stripped:
                start = offset + line.index(stripped[0])
                blocks.append(
                    Block(BlockKind.PARAGRAPH, start, start + len(stripped), Location(line=number))
                )
            offset += len(line) + 1
        return Document(
            text=text,
            media_type=MediaType.TEXT,
            sha256=source.sha256,
            size=len(source.data),
            blocks=tuple(blocks),
            metadata=Metadata(),
            page_count=None,
            encoding=encoding,
            filename=source.filename,
        )
