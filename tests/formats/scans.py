"""Scan-like pages: text drawn by reportlab, rendered by PDFium at 200 dpi, then made to
look scanned with Pillow (a slight skew, grain, a grey background)."""

from __future__ import annotations

import io
import random
import re

#: The private items the scan-like 公示 holds.
ID, PHONE, NAME = "440103198503021232", "13907745678", "陈建华"
SCAN_LINES = (
    "关于陈建华申请就业困难人员认定的公示",
    "申请人陈建华，公民身份号码440103198503021232，",
    "联系电话13907745678，经审核符合认定条件。",
    "公示期为五个工作日，如有异议请向本局反映。",
)
PAGE = (420.0, 298.0)  # A5 landscape: a short page keeps OCR in the tests quick
DPI = 200


def page_pdf(lines=SCAN_LINES, size=PAGE, text_page: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size)
    sheet.setFont("STSong-Light", 15)
    for n, line in enumerate(lines):
        sheet.drawString(36, size[1] - 60 - n * 30, line)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def scanned(lines=SCAN_LINES, *, skew: float = 0.4, noise: int = 18, seed: int = 1):
    """A PIL image of the page as a scanner would deliver it."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(page_pdf(lines))
    image = pdf[0].render(scale=DPI / 72).to_pil().convert("L")
    pdf.close()
    image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=255, expand=False)
    rng = random.Random(seed)
    pixels = image.load()
    for _ in range(image.width * image.height // 40):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-noise * 4, noise * 4)))
    return image.point(lambda v: int(v * 0.92) + 10).convert("RGB")


def as_file(image, kind: str, frames=()) -> bytes:
    out = io.BytesIO()
    if kind == "TIFF":
        image.save(out, format="TIFF", dpi=(DPI, DPI), save_all=True, append_images=list(frames),
                   compression="tiff_deflate")  # fmt: skip
    else:
        image.save(out, format=kind, dpi=(DPI, DPI))
    return out.getvalue()


def scanned_pdf(image, text_page_lines=None) -> bytes:
    """A PDF of the scan (an image, no text layer), after a born-digital page if given."""
    import pikepdf
    from PIL import Image  # noqa: F401  (the image is a PIL image)

    picture = io.BytesIO()
    image.save(picture, format="PDF", resolution=DPI)
    scan = pikepdf.open(io.BytesIO(picture.getvalue()))
    if text_page_lines is None:
        out = io.BytesIO()
        scan.save(out)
        return out.getvalue()
    pdf = pikepdf.open(io.BytesIO(page_pdf(text_page_lines)))
    pdf.pages.extend(scan.pages)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def redact_and_check(document, data: bytes):
    """Redact the ID and the phone of a read scan and check the published PDF: typed,
    leak-checked (OCR of the redacted areas too), its text layer without them and with
    the rest."""
    import pdfplumber

    from core.datamodel import Category, MediaType, Redaction
    from redact import apply, build_detector

    findings = build_detector(use_ner=False).detect(document)
    found = {f.text for f in findings}
    assert ID in found and PHONE in found
    spans = [
        Redaction(m.start(), m.end(), Category.ID_CARD)
        for value in (ID, PHONE)
        for m in re.finditer(value, document.text)
    ]
    redacted = apply(document, spans, original=data)
    assert redacted.media_type == MediaType.PDF and redacted.verification["ok"]
    assert "ocr-redacted-areas" in redacted.verification["tools"]
    with pdfplumber.open(io.BytesIO(redacted.data)) as pdf:
        layer = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert ID not in layer and PHONE not in layer
    assert "联系电话" in layer and "公示期为五个工作日" in layer  # the rest stays searchable
    return redacted
