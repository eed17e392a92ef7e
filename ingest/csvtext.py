"""CSV: text whose fields are cells. The document's text is the file's text as written
(like plain text), and each field is a cell block over its characters inside the
quotes, so redaction replaces exactly those characters and the file stays valid CSV."""

from __future__ import annotations

from collections import Counter

from core.datamodel import Block, BlockKind, Category, Document, Location, MediaType, Metadata
from core.errors import EmptyFile, TooManyCells
from ingest.encoding import decode_text
from ingest.limits import IngestLimits
from ingest.sheets import HEADER_ROWS, header_category
from ingest.source import Source

_DELIMITERS = ",\t;|"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (a comma by default)."""
    lines = [ln for ln in text.split("\n")[:20] if ln.strip()]
    best, best_score = ",", 0.0
    for delimiter in _DELIMITERS:
        counts = Counter(ln.count(delimiter) for ln in lines)
        if not counts:
            continue
        common, times = counts.most_common(1)[0]
        score = times / len(lines) if common else 0.0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def fields(text: str, delimiter: str):
    """(row, col, start, end) of every field's content, quotes excluded."""
    row = col = 0
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            start = i + 1
            i = start
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        i += 2
                        continue
                    break
                i += 1
            end = i
            i += 1  # the closing quote
            while i < n and text[i] not in delimiter + "\n":
                i += 1  # stray characters after the quote belong to nobody
        else:
            start = i
            while i < n and text[i] not in delimiter + "\n":
                i += 1
            end = i
        yield row, col, start, end
        if i < n and text[i] == delimiter:
            col += 1
            i += 1
            if i == n:
                yield row, col, i, i
        elif i < n and text[i] == "\n":
            row, col = row + 1, 0
            i += 1


def parse_csv(source: Source, limits: IngestLimits) -> Document:
    text, encoding = decode_text(source.data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFile("the CSV file contains only whitespace")
    delimiter = sniff_delimiter(text)
    headers: dict[int, tuple[int, Category]] = {}
    blocks: list[Block] = []
    for row, col, start, end in fields(text, delimiter):
        if col >= limits.max_columns:
            # One row of a million columns (a 2 MB line of commas) is no list an office
            # keeps, and each of its cells costs the server as much as a real one.
            raise TooManyCells(
                f"CSV 文件第 {row + 1} 行超过 {limits.max_columns} 列"
                f"（row {row + 1} of the CSV file has more than {limits.max_columns} columns）"
            )
        value = text[start:end]
        if not value.strip():
            continue
        if len(blocks) >= limits.max_cells:
            raise TooManyCells(
                f"CSV 文件的非空单元格超过上限 {limits.max_cells}"
                f"（the CSV file has more than {limits.max_cells} non-empty cells）"
            )
        holds = None
        known = headers.get(col)
        if known is not None and row > known[0]:
            holds = known[1].value
        elif row < HEADER_ROWS and (category := header_category(value)) is not None:
            headers[col] = (row, category)
        # Offsets of the stripped value: surrounding spaces are not the cell's content.
        lead = len(value) - len(value.lstrip())
        s, e = start + lead, start + len(value.rstrip())
        blocks.append(Block(BlockKind.CELL, s, e, Location(row=row, col=col), holds))
    return Document(
        text=text,
        media_type=MediaType.CSV,
        sha256=source.sha256,
        size=len(source.data),
        blocks=tuple(blocks),
        metadata=Metadata(),
        encoding=encoding,
        filename=source.filename,
    )
