"""OFD (GB/T 33190), China's fixed-layout format, read with ofdkit (Apache-2.0, no
dependencies; see the README for why not easyofd and the others): the text runs of
every page at their positions, a box per character.

No permissively licensed library writes OFD, so a redacted OFD is published as PDF:
the remaining text at its positions, the marks where text was removed. Its pictures
and graphics (seals, header rules) are not carried over; the redaction log says so.
"""

from __future__ import annotations

from typing import ClassVar

from core.datamodel import CharBox, Document, MediaType, Metadata
from core.errors import CorruptDocument, GongkaiError, NeedsOCR, OverLimit, TooManyPages
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source

MM = 72 / 25.4  # points per millimetre
#: Where a glyph's box sits around its baseline, as fractions of the type size.
ASCENT, DESCENT = 0.88, 0.12


def read_ofd(data: bytes, limits: IngestLimits):
    import ofdkit

    try:
        document = ofdkit.open(data)
        pages = list(document.pages)
    except ofdkit.OFDLimitError as exc:
        raise OverLimit(f"OFD 文件超出读取上限（the OFD exceeds a reading limit: {exc}）") from exc
    except (ofdkit.OFDError, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(f"OFD 文件已损坏（the OFD cannot be read: {exc}）") from exc
    if len(pages) > limits.max_pdf_pages:
        raise TooManyPages(
            f"OFD 文件有 {len(pages)} 页，超过上限 {limits.max_pdf_pages}"
            f"（the OFD has {len(pages)} pages, more than the limit of {limits.max_pdf_pages}）"
        )
    return document, pages


def page_lines(page, number: int):
    """The page's visible runs as lines of characters with boxes (points, top-left)."""
    from ingest.ocr import OcrLine

    x0, y0, width, height = page.box
    runs = [
        r
        for r in page.runs
        if r.text.strip() and x0 - 5 <= r.x <= x0 + width + 5 and y0 - 5 <= r.y <= y0 + height + 5
    ]
    runs.sort(key=lambda r: (round(r.y / max(r.size * 0.5, 0.5)), r.x))
    lines: list[list] = []
    for run in runs:
        if lines and abs(lines[-1][-1].y - run.y) < 0.3 * max(run.size, 0.1):
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for group in lines:
        chars, boxes = [], []
        for run in sorted(group, key=lambda r: r.x):
            step = run.width / len(run.text) if run.width else run.size
            for k, ch in enumerate(run.text):
                chars.append(ch)
                left = (run.x - x0 + k * step) * MM
                boxes.append(
                    CharBox(
                        number,
                        left,
                        (run.y - y0 - ASCENT * run.size) * MM,
                        left + step * MM,
                        (run.y - y0 + DESCENT * run.size) * MM,
                    )
                )
        out.append(OcrLine(chars, boxes, 1.0))
    return out


class OfdFormat(Format):
    name = "ofd"
    label = "OFD 版式文件"
    english = "an OFD document"
    media_type = MediaType.OFD
    extensions: ClassVar[tuple[str, ...]] = (".ofd",)
    version = "2"
    output_media_type = MediaType.PDF
    output_extension = ".pdf"
    redaction = "redact.writers.ofd:REDACTION"
    zip_based = True

    def score(self, probe: Probe) -> float:
        return 1.0 if probe.is_zip and "OFD.xml" in probe.zip_names else 0.0

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        return self.read(source, limits, ocr=True)

    def read(self, source: Source, limits: IngestLimits, *, ocr: bool) -> Document:
        """The OFD's text; pages that hold no text but pictures (a scan) are read by OCR
        (``ocr``: off for the page view, which draws those pages from their pictures)."""
        from ingest.builder import TextBuilder
        from ingest.formats.ofd_images import OfdPictures
        from ingest.ocr import OCR_DPI, OcrPage, add_page, confidence_warnings, recognise

        ofd, pages = read_ofd(source.data, limits)
        builder = TextBuilder(with_boxes=True)
        sizes, scanned, read, warnings = [], [], [], []
        # Listed once for both uses: the scans to read, and the warning on text pages with
        # large pictures. Pictures that cannot be listed matter only if a page needs them.
        try:
            pictures, unlisted = OfdPictures(source.data), None
        except GongkaiError as exc:
            pictures, unlisted = None, exc
        try:
            for number, page in enumerate(pages, start=1):
                size = (page.width * MM, page.height * MM)
                sizes.append(size)
                lines = page_lines(page, number)
                if not lines:
                    if pictures is None:
                        raise unlisted
                    if pictures.picture_count(number):
                        scanned.append(number)
                        if not ocr or len(read) >= limits.max_ocr_pages:
                            continue
                        image = pictures.draw(
                            number, page.width, page.height, OCR_DPI / 25.4, limits
                        )
                        read.append(recognise(image, number, OCR_DPI / 72))
                        lines = read[-1].lines
                add_page(builder, OcrPage(number, lines), size[0])
            texts = [n for n in range(1, len(pages) + 1) if n not in scanned]
            if pictures is not None:
                warnings += pictures.warnings + _unread_pictures(pictures, texts, pages)
        finally:
            if pictures is not None:
                pictures.close()
        if ocr and not builder.text.strip():
            raise NeedsOCR(
                "OFD 文件中没有可读的文字（扫描件中也未识别出文字）"
                "（the OFD has no text on any page, and OCR found none in its pictures）"
                if read
                else "OFD 文件中没有文字层，也没有可识别的图片"
                "（the OFD has no text on any page and no pictures to read）"
            )
        done = {p.number for p in read}
        warnings += [
            f"第 {n} 页为扫描图片，已用文字识别读取（page {n} has no text: its picture was read "
            "by OCR）"
            if n in done
            else f"第 {n} 页为扫描图片，超出识别页数上限，未读取（page {n} has no text and "
            "needs OCR）"
            for n in scanned
        ]
        warnings += confidence_warnings(read)
        info = ofd.info
        metadata = Metadata(
            title=info.title or None,
            author=info.author or None,
            subject=info.subject or None,
            keywords="、".join(info.keywords) or None,
            creator=info.creator or None,
            created=info.creation_date or None,
            modified=info.mod_date or None,
            other={f"custom.{k}": v for k, v in info.custom_data.items() if v},
        )
        return Document(
            text=builder.text,
            media_type=MediaType.OFD,
            sha256=source.sha256,
            size=len(source.data),
            blocks=builder.blocks,
            boxes=builder.boxes,
            metadata=metadata,
            page_count=len(pages),
            page_sizes=tuple(sizes),
            filename=source.filename,
            ocr_pages=tuple(scanned),
            warnings=tuple(str(w) for w in ofd.warnings) + tuple(warnings),
            ocr_confidence=tuple((p.number, p.confidence) for p in read),
        )

    def render_page(self, data: bytes, page: int, scale: float, max_pixels: int):
        """The page as the published PDF shows it, unredacted: a scanned page from its
        pictures, any other from its text (without reading the scans again)."""
        import hashlib

        from ingest.formats.pdf import render_pdf_page
        from ingest.textpdf import text_pdf

        limits = IngestLimits()
        source = Source(data, hashlib.sha256(data).hexdigest(), MediaType.OFD, "page.ofd")
        document = self.read(source, limits, ocr=False)
        if not 1 <= page <= document.page_count:
            raise CorruptDocument(f"the OFD has no page {page}")
        if page in document.ocr_pages:
            return scanned_page(data, document, page, scale, max_pixels, limits)
        return render_pdf_page(text_pdf(document), page, scale, max_pixels)


#: A page of text whose pictures cover this much of it may hold a scan beside its text.
LARGE_PICTURES = 0.3


def _unread_pictures(pictures, texts: list[int], pages) -> list[str]:
    """Pages of text with large pictures: what the pictures say is neither read nor
    published (the published PDF carries a page's text only), so the reviewer is told."""
    large = [
        n
        for n in texts
        if pictures.coverage(n, pages[n - 1].width, pages[n - 1].height) > LARGE_PICTURES
    ]
    return [
        f"第 {n} 页除文字外还有大幅图片（可能是扫描内容），图片未识别，发布件中不含该图片"
        f"（page {n} has text and large pictures: the pictures are not read and not published）"
        for n in large
    ]


def scanned_page(
    data: bytes, document: Document, page: int, scale: float, max_pixels: int, limits: IngestLimits
):
    """A scanned page drawn from its pictures at ``scale`` pixels per point (capped)."""
    from ingest.formats.ofd_images import OfdPictures
    from ingest.formats.pdf import capped_scale

    width, height = document.page_sizes[page - 1]
    factor = capped_scale(width, height, scale, max_pixels)
    pictures = OfdPictures(data)
    try:
        return pictures.draw(page, width / MM, height / MM, factor * MM, limits)
    finally:
        pictures.close()
