"""PDF: remove the glyphs under redacted spans from the content stream, cover the gap
with a labelled box, and scrub everything else that can carry the words.

Library: pikepdf (MPL-2.0) edits the content streams and the object tree; pdfminer
(already under pdfplumber) says where each glyph is; reportlab draws the boxes and
labels; pypdfium2 (BSD/Apache, a pdfplumber dependency) renders pages that must be
rasterised. PyMuPDF is not used: it is AGPL.

Each removed glyph becomes a TJ displacement of exactly its advance, so every glyph
left on the line stays where it was and the page's text still extracts in order. A
page is rasterised instead (boxes burned into the pixels, labels drawn on top) when its
text cannot be edited safely: text inside form XObjects, Type 3 fonts, vertical
writing, encodings with codes of varying length, rotated pages, or text the edit did
not remove. The log says which pages and why.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass

import pikepdf

from core.datamodel import Category, Document, MediaType, Redaction, RedactionEntry
from redact.marks import MarkStyle
from redact.writers import Written
from redact.writers.pdf_glyphs import TextOp, locate_glyphs

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
RASTER_DPI = 200
_DROP_ANNOTS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/Popup"}


@dataclass(frozen=True)
class Box:
    """A rectangle in pdfminer page space (origin bottom-left of the MediaBox)."""

    x0: float
    y0: float
    x1: float
    y1: float
    category: Category

    def covers(self, bbox: tuple[float, float, float, float]) -> bool:
        """Does this box cover a good part of a glyph? (Neighbours only touch its edge.)"""
        gx0, gy0, gx1, gy1 = bbox
        w = max(0.0, min(self.x1, gx1) - max(self.x0, gx0))
        h = max(0.0, min(self.y1, gy1) - max(self.y0, gy0))
        area = max((gx1 - gx0) * (gy1 - gy0), 1e-6)
        return w * h >= 0.3 * area


def write_pdf(document: Document, original: bytes, redactions: list[Redaction], style: MarkStyle):
    boxes, entries = _boxes(document, redactions)
    removed = {document.text[r.start : r.end] for r in redactions}
    data, rasterised, scrubbed = _write(original, boxes, removed, style, force_raster={})
    return data, entries, scrubbed, rasterised


def rasterise_all(
    document: Document, original: bytes, redactions: list[Redaction], style: MarkStyle
):
    """The fallback when an edited file still shows removed text: every page with a
    redaction becomes a picture."""
    boxes, _ = _boxes(document, redactions)
    removed = {document.text[r.start : r.end] for r in redactions}
    force = {number: "text remained after editing" for number in boxes}
    data, rasterised, _ = _write(original, boxes, removed, style, force_raster=force)
    return data, rasterised


def _boxes(document: Document, redactions: list[Redaction]):
    boxes: dict[int, list[Box]] = {}
    entries: list[RedactionEntry] = []
    for number, r in enumerate(redactions, start=1):
        rects = document.boxes_for(r.span)
        for rect in rects:
            height = document.page_sizes[rect.page - 1][1]
            boxes.setdefault(rect.page, []).append(
                Box(rect.x0, height - rect.bottom, rect.x1, height - rect.top, r.category)
            )
        page = rects[0].page if rects else None
        entries.append(
            RedactionEntry.of(
                number, r, page=page, location=None if rects else "annotation or form field"
            )
        )
    return boxes, entries


def _write(
    original: bytes,
    boxes: dict[int, list[Box]],
    removed: set[str],
    style: MarkStyle,
    force_raster: dict[int, str],
):
    pdf = pikepdf.open(io.BytesIO(original))
    located = locate_glyphs(original, set(boxes) - set(force_raster))
    rasterise = dict(force_raster)
    for number, page_boxes in sorted(boxes.items()):
        if number in rasterise:
            continue
        reason = _edit_page(pdf, pdf.pages[number - 1], located[number], page_boxes, removed)
        if reason:
            rasterise[number] = reason
    for number in sorted(rasterise):
        _rasterise(pdf, number, original, boxes[number])
    _overlay_marks(pdf, boxes, style)
    scrubbed = _scrub_document(pdf, removed, style)
    out = io.BytesIO()
    # A fresh file: no incremental-update history, unreachable objects dropped.
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue(), tuple(sorted(rasterise.items())), scrubbed


def _edit_page(pdf, page, ops: list[TextOp], page_boxes: list[Box], removed: set[str]) -> str:
    """Rewrite the text operators of the page and of the forms it draws; return why not,
    when that cannot be done safely."""
    if int(page.obj.get("/Rotate", 0)) % 360:
        return "rotated page"
    doomed: dict[tuple[str, ...], dict[int, set[int]]] = {}
    for op in ops:
        hit = {i for i, g in enumerate(op.glyphs) if any(b.covers(g.bbox) for b in page_boxes)}
        if not hit:
            continue
        if len(op.stream) > 1:
            return "text inside a nested form XObject"
        if not op.supported:
            return op.why_not
        doomed.setdefault(op.stream, {})[op.index] = hit
    for box in page_boxes:
        if not any(box.covers(g.bbox) for op in ops for g in op.glyphs):
            return "no glyph found under a redaction box (text drawn as paths?)"
    for stream, hits in doomed.items():
        stream_ops = [op for op in ops if op.stream == stream]
        if stream:
            reason = _edit_form(pdf, page, stream[0], stream_ops, hits, removed)
        else:
            content = _rewritten(pikepdf.parse_content_stream(page), stream_ops, hits, removed)
            reason = (
                ""
                if content is not None
                else "the content stream and the text interpreter disagree"
            )
            if content is not None:
                page.obj.Contents = pdf.make_stream(content)
        if reason:
            return reason
    return ""


def _edit_form(pdf, page, name: str, ops: list[TextOp], hits, removed: set[str]) -> str:
    """Give this page its own rewritten copy of a form XObject (others may share it)."""
    resources = page.obj.get("/Resources")
    xobjects = resources.get("/XObject") if resources is not None else None
    form = xobjects.get("/" + name) if xobjects is not None else None
    if form is None:
        return "a form XObject the page does not name"
    # Drawn twice, the interpreter numbered its operators on from the first drawing.
    content = _rewritten(pikepdf.parse_content_stream(form), ops, hits, removed)
    if content is None:
        return "a form XObject drawn more than once"
    copy = pikepdf.Stream(pdf, content)
    for key, value in form.items():
        if key not in ("/Length", "/Filter", "/DecodeParms"):
            copy[key] = value
    own_xobjects = pikepdf.Dictionary({k: v for k, v in xobjects.items()})
    own_xobjects["/" + name] = copy
    own_resources = pikepdf.Dictionary({k: v for k, v in resources.items()})
    own_resources.XObject = own_xobjects
    page.obj.Resources = own_resources
    return ""


def _rewritten(
    instructions, ops: list[TextOp], hits: dict[int, set[int]], removed: set[str]
) -> bytes | None:
    """The content stream with the doomed glyphs taken out; None when the stream's text
    operators do not line up one to one with what the interpreter saw."""
    shown = [i for i in instructions if str(i.operator) in TEXT_SHOWING]
    if len(shown) != len(ops):
        return None
    out = []
    index = 0
    for instruction in instructions:
        operator = str(instruction.operator)
        if operator in TEXT_SHOWING:
            if index in hits:
                out.extend(_rewrite(instruction, ops[index], hits[index]))
            else:
                out.append(instruction)
            index += 1
        elif operator in {"BDC", "DP"} and _mentions(instruction.operands, removed):
            # A marked-content property list with /ActualText or /Alt naming the text.
            out.append(
                pikepdf.ContentStreamInstruction(
                    [instruction.operands[0]],
                    pikepdf.Operator("BMC" if operator == "BDC" else "MP"),
                )
            )
        else:
            out.append(instruction)
    return pikepdf.unparse_content_stream(out)


def _rewrite(instruction, op: TextOp, doomed: set[int]) -> list:
    operator = str(instruction.operator)
    operands = list(instruction.operands)
    seq = list(operands[0]) if operator == "TJ" else [operands[-1]]
    step = 2 if op.multibyte else 1
    array: list = []
    chunk = b""
    glyph = 0

    def push_number(value: float) -> None:
        if array and isinstance(array[-1], float):
            array[-1] += value
        else:
            array.append(value)

    strings = iter(op.drawn)
    for item in seq:
        if isinstance(item, pikepdf.String):
            raw = bytes(item)
            drawn = next(strings)
            for k in range(0, len(raw), step):
                code = raw[k : k + step]
                if not drawn[k // step]:  # draws no glyph: nothing to remove, keep it as it is
                    chunk += code
                    continue
                if glyph in doomed:
                    if chunk:
                        array.append(pikepdf.String(chunk))
                        chunk = b""
                    spacing = op.charspace + (op.wordspace if step == 1 and code == b" " else 0.0)
                    push_number(-(op.glyphs[glyph].width * 1000 + spacing * 1000 / op.fontsize))
                else:
                    chunk += code
                glyph += 1
        else:
            if chunk:
                array.append(pikepdf.String(chunk))
                chunk = b""
            push_number(float(item))
    if chunk:
        array.append(pikepdf.String(chunk))
    show = pikepdf.ContentStreamInstruction([pikepdf.Array(array)], pikepdf.Operator("TJ"))
    if operator == "'":
        return [pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")), show]
    if operator == '"':
        return [
            pikepdf.ContentStreamInstruction([operands[0]], pikepdf.Operator("Tw")),
            pikepdf.ContentStreamInstruction([operands[1]], pikepdf.Operator("Tc")),
            pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")),
            show,
        ]
    return [show]


def _mentions(obj, removed: set[str]) -> bool:
    if isinstance(obj, pikepdf.String):
        text = _text(obj)
        return any(s and s in text for s in removed)
    if isinstance(obj, pikepdf.Dictionary | dict):
        return any(_mentions(v, removed) for v in obj.values())
    if isinstance(obj, pikepdf.Array | list):
        return any(_mentions(v, removed) for v in obj)
    return False


def _text(value: pikepdf.String) -> str:
    try:
        return str(value)
    except UnicodeDecodeError:
        return bytes(value).decode("latin-1")


def _rasterise(pdf, number: int, original: bytes, page_boxes: list[Box]) -> None:
    """Replace the page by a picture of the original with the boxes burned in."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    scale = RASTER_DPI / 72
    rendered = pdfium.PdfDocument(original)
    try:
        image = rendered[number - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        rendered.close()
    page = pdf.pages[number - 1]
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    width, height = x1 - x0, y1 - y0
    draw = ImageDraw.Draw(image)
    for box in page_boxes:
        draw.rectangle(
            [
                box.x0 * scale - 1,
                (height - box.y1) * scale - 1,
                box.x1 * scale + 1,
                (height - box.y0) * scale + 1,
            ],
            fill=(0, 0, 0),
        )
    raw = zlib.compress(image.tobytes(), 6)
    picture = pikepdf.Stream(
        pdf,
        raw,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(GkPage=picture))
    page.obj.Contents = pdf.make_stream(
        f"q {width:.4f} 0 0 {height:.4f} {x0:.4f} {y0:.4f} cm /GkPage Do Q".encode()
    )
    for key in ("/Annots", "/Thumb", "/PieceInfo", "/StructParents"):
        if key in page.obj:
            del page.obj[key]


def _overlay_marks(pdf, boxes: dict[int, list[Box]], style: MarkStyle) -> None:
    """Opaque boxes with a short label, drawn over the gaps (vector, on top)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    for number, page_boxes in sorted(boxes.items()):
        page = pdf.pages[number - 1]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        buffer = io.BytesIO()
        sheet = canvas.Canvas(buffer, pagesize=(x1 - x0, y1 - y0))
        for box in page_boxes:
            sheet.setFillColorRGB(0, 0, 0)
            sheet.rect(
                box.x0 - 0.5,
                box.y0 - 0.5,
                box.x1 - box.x0 + 1,
                box.y1 - box.y0 + 1,
                stroke=0,
                fill=1,
            )
            label, size = _fit(style, box, font, pdfmetrics)
            # The CID font's encoding has no U+00B7; the katakana middle dot looks the same.
            label = label.replace("·", "・")
            if label:
                sheet.setFillColorRGB(1, 1, 1)
                sheet.setFont(font, size)
                sheet.drawString(
                    box.x0 + 0.5, box.y0 + (box.y1 - box.y0 - size) / 2 + 0.15 * size, label
                )
        sheet.showPage()
        sheet.save()
        overlay = pikepdf.open(io.BytesIO(buffer.getvalue()))
        page.add_overlay(overlay.pages[0])


def _fit(style: MarkStyle, box: Box, font: str, pdfmetrics) -> tuple[str, float]:
    height = box.y1 - box.y0
    for label in (style.text(box.category), style.short):
        size = min(height * 0.8, 12.0)
        width = pdfmetrics.stringWidth(label, font, size)
        if width > box.x1 - box.x0 - 1:
            size *= (box.x1 - box.x0 - 1) / width
        if size >= 4:
            return label, size
    return "", 0.0


def _scrub_document(pdf, removed: set[str], style: MarkStyle) -> tuple[str, ...]:
    done: list[str] = []
    if pdf.trailer.get("/Info") is not None and len(pdf.trailer.Info):
        done.append(
            "document information (" + ", ".join(str(k)[1:] for k in pdf.trailer.Info) + ")"
        )
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Producer=pikepdf.String("Gongkai")))
    root = pdf.Root
    for key, what in (
        ("/Metadata", "XMP metadata"),
        ("/PieceInfo", "application data"),
        ("/OpenAction", "open action"),
        ("/AA", "document actions"),
    ):
        if key in root:
            del root[key]
            done.append(what)
    names = root.get("/Names")
    if names is not None:
        for key, what in (("/EmbeddedFiles", "embedded files"), ("/JavaScript", "JavaScript")):
            if key in names:
                del names[key]
                done.append(what)
    dropped = 0
    for page in pdf.pages:
        for key in ("/Thumb", "/PieceInfo", "/AA"):
            if key in page.obj:
                del page.obj[key]
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = pikepdf.Array()
        for annot in annots:
            subtype = str(annot.get("/Subtype", ""))
            if (
                subtype in _DROP_ANNOTS
                or _mentions(annot, removed)
                or "/JS" in str(annot.get("/A", {}))
            ):
                dropped += 1
                continue
            kept.append(annot)
        page.obj.Annots = kept
    if dropped:
        done.append(
            f"{dropped} annotation(s) or form field(s) holding removed text, files or scripts"
        )
    form = root.get("/AcroForm")
    if form is not None and "/Fields" in form:
        fields = [f for f in form.Fields if not _mentions(f, removed)]
        if len(fields) != len(form.Fields):
            form.Fields = pikepdf.Array(fields)
    hits = _sweep_strings(pdf, removed, style)
    if hits:
        done.append(f"{hits} string(s) elsewhere in the file (bookmarks, tags, alt text)")
    return tuple(done)


def _sweep_strings(pdf, removed: set[str], style: MarkStyle) -> int:
    """Replace removed strings in every string object: outline titles, structure-tree
    /ActualText and /Alt, field values — wherever they sit outside content streams."""
    wanted = sorted((s for s in removed if s.strip()), key=len, reverse=True)
    if not wanted:
        return 0
    pattern = re.compile("|".join(re.escape(s) for s in wanted))
    hits = 0

    def visit(container, seen: set) -> None:
        nonlocal hits
        if isinstance(container, pikepdf.Dictionary | pikepdf.Stream):
            objgen = container.objgen
            if objgen != (0, 0):
                if objgen in seen:
                    return
                seen.add(objgen)
            items = list(container.items())
        elif isinstance(container, pikepdf.Array):
            items = list(enumerate(container))
        else:
            return
        for key, value in items:
            if isinstance(value, pikepdf.String):
                text = _text(value)
                if pattern.search(text):
                    container[key] = pikepdf.String(pattern.sub(style.short, text))
                    hits += 1
            elif key not in ("/Parent", "/P"):
                visit(value, seen)

    visit(pdf.Root, set())
    return hits


class PdfRedaction:
    def write(self, document, original, spans, style) -> Written:
        if not document.ocr_pages:
            data, entries, scrubbed, rasterised = write_pdf(document, original, spans, style)
            return Written(data, MediaType.PDF, tuple(entries), tuple(scrubbed), tuple(rasterised))
        # Pages read by OCR have no text to edit: their redactions are burned into a
        # picture of the page, and their remaining text comes back as an invisible layer.
        boxes, entries = _boxes(document, spans)
        removed = {document.text[r.start : r.end] for r in spans}
        force = {n: "scanned page: redactions burned into the image" for n in boxes
                 if n in document.ocr_pages}  # fmt: skip
        data, rasterised, scrubbed = _write(original, boxes, removed, style, force_raster=force)
        data = _with_text_layers(document, spans, data, sorted(force), style)
        return Written(data, MediaType.PDF, tuple(entries), scrubbed, tuple(rasterised))

    def reread_areas(self, document, spans, output) -> str:
        from redact.writers.scan import reread_areas

        return reread_areas(document, spans, output)

    def rewrite(self, document, original, spans, style) -> Written:
        """Every page with a redaction becomes a picture: nothing of its text remains."""
        boxes, entries = _boxes(document, spans)
        removed = {document.text[r.start : r.end] for r in spans}
        force = {number: "text remained after editing" for number in boxes}
        data, rasterised, scrubbed = _write(original, boxes, removed, style, force_raster=force)
        return Written(data, MediaType.PDF, tuple(entries), scrubbed, tuple(rasterised))

    def extract(self, output: bytes) -> tuple[dict[str, str], list[str]]:
        from redact.verify import pdf_texts

        return pdf_texts(output)


REDACTION = PdfRedaction()


def _with_text_layers(document, spans, data: bytes, pages: list[int], style) -> bytes:
    """The remaining OCR text of each rasterised scanned page, as an invisible layer."""
    if not pages:
        return data
    from redact.writers.scan import text_layer_overlay

    pdf = pikepdf.open(io.BytesIO(data))
    for number in pages:
        overlay = pikepdf.open(io.BytesIO(text_layer_overlay(document, spans, number, style)))
        pdf.pages[number - 1].add_underlay(overlay.pages[0])
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
