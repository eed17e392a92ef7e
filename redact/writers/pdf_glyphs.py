"""Where every glyph of a page is, per text-showing operator, as pdfminer sees it.

pdfminer interprets the content stream exactly as for ingest (same fonts, same
matrices), so its glyph boxes are the boxes of the document model. This device records
them per operator, in the order the operators run, together with the text state an
exact rewrite needs (font size, spacing, scaling).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser


@dataclass
class Glyph:
    cid: int
    bbox: tuple[float, float, float, float]  # pdfminer page space: x0, y0, x1, y1
    width: float  # in text-space units (w0 / 1000)


@dataclass
class TextOp:
    """One Tj / TJ / ' / " as it ran: which stream (page, or XObject names), its index
    among that stream's text operators, its glyphs, and the text state."""

    stream: tuple[str, ...]
    index: int
    glyphs: list[Glyph] = field(default_factory=list)
    #: Per string operand, per code: did it draw a glyph? (A code the font's CMap does
    #: not map draws none, and pdfminer yields no character for it.)
    drawn: list[list[bool]] = field(default_factory=list)
    fontsize: float = 0.0
    charspace: float = 0.0
    wordspace: float = 0.0
    multibyte: bool = False
    supported: bool = True
    why_not: str = ""


class _Recorder(PDFLayoutAnalyzer):
    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        self.ops: list[TextOp] = []
        self.stack: list[str] = []
        self.counts: dict[tuple[str, ...], int] = {}
        self.current: TextOp | None = None

    def begin_figure(self, name, bbox, matrix) -> None:
        super().begin_figure(name, bbox, matrix)
        self.stack.append(str(name))

    def end_figure(self, name) -> None:
        super().end_figure(name)
        self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        stream = tuple(self.stack)
        index = self.counts.get(stream, 0)
        self.counts[stream] = index + 1
        font = textstate.font
        op = TextOp(
            stream,
            index,
            fontsize=textstate.fontsize,
            charspace=textstate.charspace,
            wordspace=textstate.wordspace,
            multibyte=bool(font and font.is_multibyte()),
        )
        if font is None:
            op.supported, op.why_not = False, "text without a font"
        elif font.is_vertical():
            op.supported, op.why_not = False, "vertical writing"
        elif type(font).__name__ == "PDFType3Font":
            op.supported, op.why_not = False, "a Type 3 font (glyphs drawn as procedures)"
        elif not textstate.fontsize or not textstate.scaling:
            op.supported, op.why_not = False, "zero font size or scaling"
        for item in seq:
            if isinstance(item, bytes) and font is not None:
                width = 2 if op.multibyte else 1
                flags = [
                    bool(list(font.decode(item[k : k + width]))) for k in range(0, len(item), width)
                ]
                op.drawn.append(flags)
                if len(item) % width or sum(flags) != len(list(font.decode(item))):
                    op.supported, op.why_not = False, "a font encoding with codes of varying length"
        self.ops.append(op)
        self.current = op
        super().render_string(textstate, seq, ncs, graphicstate)
        self.current = None

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        item = self.cur_item._objs[-1]
        if self.current is not None and isinstance(item, LTChar):
            self.current.glyphs.append(Glyph(cid, item.bbox, font.char_width(cid)))
        return adv


def locate_glyphs(data: bytes, page_numbers: set[int]) -> dict[int, list[TextOp]]:
    """Text operators with their glyphs for the given pages (1-based)."""
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    rsrcmgr = PDFResourceManager()
    out: dict[int, list[TextOp]] = {}
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number not in page_numbers:
            continue
        recorder = _Recorder(rsrcmgr)
        PDFPageInterpreter(rsrcmgr, recorder).process_page(page)
        out[number] = recorder.ops
    return out
