"""PDF parser (pdfplumber): text in reading order, with a page box for every character.

Lines are rebuilt from characters and joined into paragraphs without a separator,
because in Chinese a line break inside a paragraph is only layout: a name or an ID
number wrapped across two lines must read as one string for detection.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from core.datamodel import BlockKind, CharBox, Document, Location, MediaType, Metadata
from core.errors import CorruptDocument, EncryptedDocument, GongkaiError, NeedsOCR
from ingest.builder import TextBuilder
from ingest.limits import IngestLimits
from ingest.ocr import confidence_warnings
from ingest.pdfobjects import load_objects
from ingest.source import Source

#: Lines wholly inside this top or bottom fraction of a page are headers or footers.
MARGIN_FRACTION = 0.07
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页(共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)
_ASCII_WORD = re.compile(r"[A-Za-z]")


@dataclass(slots=True, eq=False)
class _Line:
    page: int
    chars: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def of(cls, page: int, chars: list[dict]) -> _Line:
        chars = sorted(chars, key=lambda c: c["x0"])
        return cls(
            page=page,
            chars=chars,
            x0=min(c["x0"] for c in chars),
            x1=max(c["x1"] for c in chars),
            top=min(c["top"] for c in chars),
            bottom=max(c["bottom"] for c in chars),
            size=statistics.median(c["size"] for c in chars),
        )


class PdfParser:
    media_type = MediaType.PDF

    def __init__(self, limits: IngestLimits | None = None):
        self.limits = limits or IngestLimits()

    def parse(self, source: Source) -> Document:
        try:
            return self._parse(source)
        except GongkaiError:
            raise
        except PdfminerException as exc:
            raise _classify_pdfminer_error(exc) from exc
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise EncryptedDocument(_ENCRYPTED_MESSAGE) from exc
        except Exception as exc:
            # pdfminer raises many kinds of error on malformed input; at this boundary
            # they all mean the same thing to the user.
            raise CorruptDocument(
                f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc})"
            ) from exc

    def _parse(self, source: Source) -> Document:
        builder = TextBuilder(with_boxes=True)
        ocr_pages: list[int] = []
        sizes: list[tuple[float, float]] = []
        with pdfplumber.open(io.BytesIO(source.data)) as pdf:
            page_count = len(pdf.pages)
            if page_count > self.limits.max_pdf_pages:
                limit = self.limits.max_pdf_pages
                raise CorruptDocument(
                    f"the PDF has {page_count} pages, more than the limit of {limit}"
                )
            if page_count == 0:
                raise CorruptDocument("the PDF has no pages")
            metadata = _metadata(pdf)
            assembler = _Assembler(builder)
            scans = _Scans(source.data, self.limits)
            for number, page in enumerate(pdf.pages, start=1):
                sizes.append((float(page.width), float(page.height)))
                layout = _layout(page, number)
                page.close()
                if layout is None:
                    ocr_pages.append(number)
                    assembler.flush()
                    scans.read(builder, number, sizes[-1])
                else:
                    assembler.add_page(layout)
            assembler.flush()
            scans.close()
        if len(ocr_pages) == page_count and not builder.text.strip():
            raise NeedsOCR(
                f"the PDF has no usable text layer on any of its {page_count} page(s): "
                "it is a scan or its fonts lack a Unicode map, and needs OCR"
                + ("; OCR found no text either" if scans.pages else "")
            )
        read = {p.number for p in scans.pages}
        warnings = [
            f"page {n} has no usable text layer: its text was read by OCR"
            if n in read
            else f"page {n} has no usable text layer and needs OCR"
            for n in ocr_pages
        ]
        warnings += confidence_warnings(scans.pages)
        return Document(
            text=builder.text,
            media_type=MediaType.PDF,
            sha256=source.sha256,
            size=len(source.data),
            blocks=builder.blocks,
            boxes=builder.boxes,
            metadata=metadata,
            page_count=page_count,
            page_sizes=tuple(sizes),
            filename=source.filename,
            ocr_pages=tuple(ocr_pages),
            warnings=tuple(warnings),
            ocr_confidence=tuple((p.number, p.confidence) for p in scans.pages),
        )


class _Scans:
    """Pages without a text layer, drawn by PDFium and read by OCR (up to the limit)."""

    def __init__(self, data: bytes, limits: IngestLimits):
        self.data = data
        self.limits = limits
        self.pages: list = []
        self._pdf = None

    def read(self, builder: TextBuilder, number: int, size: tuple[float, float]) -> None:
        if len(self.pages) >= self.limits.max_ocr_pages:
            return
        from ingest.ocr import OCR_DPI, add_page, check_page, recognise

        check_page(*size, self.limits)
        if self._pdf is None:
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(self.data)
        scale = OCR_DPI / 72
        image = self._pdf[number - 1].render(scale=scale).to_pil()
        page = recognise(image, number, scale)
        self.pages.append(page)
        add_page(builder, page, size[0])

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


_ENCRYPTED_MESSAGE = "the PDF is password-protected; remove the password and upload it again"


def _classify_pdfminer_error(exc: PdfminerException) -> GongkaiError:
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedDocument(_ENCRYPTED_MESSAGE)
    return CorruptDocument(
        f"the PDF is damaged and cannot be read ({type(cause).__name__}: {cause})"
    )


@dataclass(slots=True, eq=False)
class _Table:
    table: object
    index: int
    chars: list[dict]


@dataclass(slots=True)
class _PageLayout:
    number: int
    headers: list[_Line]
    #: Paragraphs (lists of lines) and tables, in reading order.
    items: list[list[_Line] | _Table]
    footers: list[_Line]
    comments: list[str]
    left: float
    right: float


def _layout(page, number: int) -> _PageLayout | None:
    """The page cut into headers, paragraphs, tables and footers; None when it has
    no usable text layer."""
    load_objects(page)
    chars = [c for c in page.chars if c["text"]]
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    unmapped = sum(1 for c in visible if c["text"].startswith("(cid:"))
    if unmapped > 0.1 * len(visible):
        return None

    height = float(page.height)
    tables = [t for t in page.find_tables() if t.cells]
    in_table = [_table_of(c, tables) for c in chars]
    free = [c for c, t in zip(chars, in_table, strict=True) if t is None]

    lines = [_Line.of(number, group) for group in _cluster_lines(free)]
    lines = [ln for ln in lines if _line_text_nonblank(ln)]
    headers = [ln for ln in lines if ln.bottom <= MARGIN_FRACTION * height]
    footers = [ln for ln in lines if ln.top >= (1 - MARGIN_FRACTION) * height]
    margins = {id(ln) for ln in headers + footers}
    body = [ln for ln in lines if id(ln) not in margins]
    if body and _PAGE_NUMBER.match(_plain(body[-1])):
        footers.insert(0, body.pop())

    left = min((ln.x0 for ln in body), default=0.0)
    right = max((ln.x1 for ln in body), default=float(page.width))
    ordered: list[tuple[float, _Line | _Table]] = [(ln.top, ln) for ln in body]
    for index, table in enumerate(tables):
        table_chars = [c for c, t in zip(chars, in_table, strict=True) if t is table]
        ordered.append((table.bbox[1], _Table(table, index, table_chars)))
    ordered.sort(key=lambda item: item[0])

    items: list[list[_Line] | _Table] = []
    pending: list[_Line] = []
    for _, item in ordered:
        if isinstance(item, _Line):
            pending.append(item)
            continue
        items.extend(_paragraphs(pending, left, right))
        pending = []
        items.append(item)
    items.extend(_paragraphs(pending, left, right))
    comments = [
        contents
        for annot in page.annots or []
        if (contents := (annot.get("contents") or "").strip())
    ]
    return _PageLayout(number, headers, items, footers, comments, left, right)


def _continues(
    previous: _PageLayout, paragraph: list[_Line], page: _PageLayout, following: list[_Line]
) -> bool:
    """Does the first paragraph of ``page`` continue the last one of ``previous``?
    Yes when that one ran to the right margin and this one starts unindented."""
    last, first = paragraph[-1], following[0]
    em = max(last.size, first.size)
    return (
        last.x1 >= previous.right - 1.0 * em
        and first.x0 <= page.left + 0.5 * em
        and abs(first.size - last.size) <= 0.15 * em
    )


class _Assembler:
    """Adds pages to the builder, holding back each page's last paragraph (and its
    footers) until the next page shows whether the paragraph runs on."""

    def __init__(self, builder: TextBuilder):
        self.builder = builder
        self.carry: tuple[_PageLayout, list[_Line]] | None = None
        self.order = 0

    def add_page(self, page: _PageLayout) -> None:
        items = list(page.items)
        # Nothing held back (the page before ended in a table, or its paragraph was
        # itself the continuation that filled it): nothing to continue.
        if self.carry is not None and self.carry[1] and items and isinstance(items[0], list):
            previous, paragraph = self.carry
            if _continues(previous, paragraph, page, items[0]):
                paragraph.extend(items.pop(0))
        self.flush()
        for index, line in enumerate(page.headers):
            _add(self.builder, BlockKind.HEADER, [line], Location(page=page.number, index=index))
        self.order = 0
        if items and isinstance(items[-1], list):
            self.carry = (page, items.pop())
        else:
            self.carry = (page, [])
        for item in items:
            self._add_item(page, item)

    def flush(self) -> None:
        """Emit the held-back paragraph, then the rest of its page (footers, comments)."""
        if self.carry is None:
            return
        page, paragraph = self.carry
        self.carry = None
        if paragraph:
            self._add_item(page, paragraph)
        for index, line in enumerate(page.footers):
            _add(self.builder, BlockKind.FOOTER, [line], Location(page=page.number, index=index))
        for index, contents in enumerate(page.comments):
            self.builder.add(
                BlockKind.COMMENT,
                contents,
                Location(page=page.number, index=index),
                [None] * len(contents),
            )

    def _add_item(self, page: _PageLayout, item: list[_Line] | _Table) -> None:
        if isinstance(item, _Table):
            self.order = _add_table(
                self.builder, item.table, item.index, item.chars, page.number, self.order
            )
        else:
            location = Location(page=page.number, index=self.order)
            _add(self.builder, BlockKind.PARAGRAPH, item, location)
            self.order += 1


def _cluster_lines(chars: list[dict]) -> list[list[dict]]:
    return cluster_objects(chars, lambda c: (c["top"] + c["bottom"]) / 2, tolerance=3)


def _table_of(char: dict, tables: list):
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    for table in tables:
        x0, top, x1, bottom = table.bbox
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return table
    return None


def _add_table(builder, table, table_index, chars, page_number, order) -> int:
    for row_index, row in enumerate(table.rows):
        for col_index, bbox in enumerate(row.cells):
            if bbox is None:  # covered by a merged cell
                continue
            x0, top, x1, bottom = bbox
            inside = [
                c
                for c in chars
                if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            ]
            lines = [_Line.of(page_number, g) for g in _cluster_lines(inside)]
            lines = [ln for ln in lines if _line_text_nonblank(ln)]
            if not lines:
                continue
            left = min(ln.x0 for ln in lines)
            paragraphs = _paragraphs(lines, left, x1 - 2)
            text, boxes = _join_paragraphs(paragraphs)
            location = Location(
                page=page_number,
                index=order,
                table=table_index,
                row=row_index,
                col=col_index,
                bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
            )
            if builder.add(BlockKind.TABLE_CELL, text, location, boxes):
                order += 1
    return order


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[list[_Line]]:
    """Group lines: a paragraph ends where a line stops short, the next is indented,
    the gap grows, or the type size changes."""
    out: list[list[_Line]] = []
    for line in lines:
        if out:
            prev = out[-1][-1]
            em = max(prev.size, line.size)
            breaks = (
                # Chinese fills a line to within one character of the margin.
                prev.x1 < right - 1.0 * em
                # A centred or right-aligned line (title, signature, date) stands alone.
                or prev.x0 > left + 3 * em
                or line.x0 > left + 1.5 * em
                or line.top - prev.bottom > 0.9 * em
                or abs(line.size - prev.size) > 0.15 * em
            )
            if not breaks:
                out[-1].append(line)
                continue
        out.append([line])
    return out


def _line_pieces(line: _Line) -> tuple[list[str], list[CharBox | None]]:
    chars = list(line.chars)
    while chars and chars[0]["text"].isspace():
        chars.pop(0)
    while chars and chars[-1]["text"].isspace():
        chars.pop()
    texts: list[str] = []
    boxes: list[CharBox | None] = []
    prev = None
    for c in chars:
        if prev is not None and _needs_space(prev, c):
            texts.append(" ")
            boxes.append(None)
        box = CharBox(
            line.page, float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])
        )
        for ch in c["text"]:
            texts.append(ch)
            boxes.append(box)
        prev = c
    return texts, boxes


def _needs_space(prev: dict, cur: dict) -> bool:
    """A space the PDF left out: a wide gap between two Latin characters or digits."""
    if prev["text"].isspace() or cur["text"].isspace():
        return False
    gap = cur["x0"] - prev["x1"]
    return gap > 0.3 * cur["size"] and prev["text"].isascii() and cur["text"].isascii()


def _join_lines(lines: list[_Line]) -> tuple[str, list[CharBox | None]]:
    texts: list[str] = []
    boxes: list[CharBox | None] = []
    for line in lines:
        t, b = _line_pieces(line)
        # Chinese wraps anywhere; only two Latin words need a space back between them.
        if texts and t and _ASCII_WORD.match(texts[-1]) and _ASCII_WORD.match(t[0]):
            texts.append(" ")
            boxes.append(None)
        texts.extend(t)
        boxes.extend(b)
    return "".join(texts), boxes


def _join_paragraphs(paragraphs: list[list[_Line]]):
    texts: list[str] = []
    boxes: list[CharBox | None] = []
    for paragraph in paragraphs:
        t, b = _join_lines(paragraph)
        if texts:
            texts.append("\n")
            boxes.append(None)
        texts.append(t)
        boxes.extend(b)
    return "".join(texts), boxes


def _add(builder: TextBuilder, kind: BlockKind, lines: list[_Line], location: Location) -> None:
    text, boxes = _join_lines(lines)
    builder.add(kind, text, location, boxes)


def _plain(line: _Line) -> str:
    return "".join(c["text"] for c in line.chars).strip()


def _line_text_nonblank(line: _Line) -> bool:
    return any(not c["text"].isspace() for c in line.chars)


_KNOWN_INFO = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
}


def _metadata(pdf) -> Metadata:
    fields: dict[str, str | None] = {}
    other: dict[str, str] = {}
    for key, value in (pdf.metadata or {}).items():
        text = _to_str(value)
        if not text:
            continue
        if key in _KNOWN_INFO:
            fields[_KNOWN_INFO[key]] = text
        elif key == "CreationDate":
            fields["created"] = pdf_date(text) or text
        elif key == "ModDate":
            fields["modified"] = pdf_date(text) or text
        else:
            other[str(key)] = text
    catalog = pdf.doc.catalog or {}
    if "Metadata" in catalog:
        other["xmp"] = "present"
    return Metadata(**fields, other=other)


def _to_str(value) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                return value.decode(encoding).strip()
            except UnicodeDecodeError:
                continue
    if isinstance(value, list):
        return ", ".join(_to_str(v) for v in value)
    name = getattr(value, "name", None)  # PSLiteral
    return str(name if name is not None else value).strip()


_PDF_DATE = re.compile(
    r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?"
)


def pdf_date(value: str) -> str | None:
    """ISO 8601 for a PDF date string such as ``D:20200305101500+08'00'``."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    tz = None
    if sign in ("+", "-"):
        offset = timedelta(hours=int(tz_h or 0), minutes=int(tz_m or 0))
        tz = timezone(offset if sign == "+" else -offset)
    elif sign in ("Z", "z"):
        tz = UTC
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return moment.isoformat()
