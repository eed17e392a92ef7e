"""The statistical NER as one recogniser among the others: names, places, organisations.

It runs block by block (a paragraph, cell or note, which no sentence crosses), in
windows of bounded length so a one-line file of a million characters costs time in
proportion and never memory beyond a window; windows overlap, and a span belongs to
the window where it starts away from the edges, so no name is cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.datamodel import Category, ElementName
from redact.context import AnalysisContext, NerFn
from redact.names import common_words, is_masked_name, looks_like_name, not_a_name, squeeze
from redact.recognizers.address import is_street_level
from redact.recognizers.base import Candidate
from redact.spans import Occupied

NAME = "NerRecognizer"
#: Characters the NER reads at once, and how far consecutive windows overlap.
WINDOW, OVERLAP = 400, 100
_SCORES = {"PER": 0.85, "LOC": 0.8, "ORG": 0.6}
#: Elements written to a formula (贺人社报〔2021〕8号, 秘密★1年, the issuing agency's mark):
#: they name no private person, and the NER misreads their abbreviations (贺 for 贺州).
#: A document number wherever it stands (also on the title's line, where no element
#: says so): 安林罚决字〔2024〕第67号, 国办发〔2019〕6号, 龙林草罚决字(2025)第01064号 —
#: no name or address is read inside one.
_DOC_NUMBER = re.compile(
    # (A number alone on its line may lack its 号: 包昆府复决字〔2023〕第25.)
    r"[\u4e00-\u9fff]{1,10}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d{1,6}\s*(?:[号號]|[ \t]*$)"
    # …and a court's case number: （2018）赣0728民初1608号.
    r"|[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*[\u4e00-\u9fff]{1,2}\d{0,4}[\u4e00-\u9fff]{1,4}\d{1,6}\s*[号號]",
    re.MULTILINE,
)
FORMULAIC = frozenset(
    {
        ElementName.COPY_NUMBER,
        ElementName.SECRECY,
        ElementName.URGENCY,
        ElementName.ISSUER_MARK,
        ElementName.DOC_NUMBER,
        ElementName.DATE,
        ElementName.PRINTED_BY,
        ElementName.PRINTED_DATE,
    }
)
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
_EDGE = set(" \t\n\u3000，。、；：:;,.！？!?（）()“”\"'《》【】")


class NerRecognizer:
    name = NAME

    def __init__(self, ner: NerFn, window: int = WINDOW, overlap: int = OVERLAP) -> None:
        if not 0 <= overlap < window // 2:
            raise ValueError("the overlap must be less than half the window")
        self.ner, self.window, self.overlap = ner, window, overlap

    def spans(self, context: AnalysisContext) -> list[tuple[int, int, str]]:
        """The NER's spans over the whole text, computed once per document."""
        if context.ner_spans is None:
            self.prime([context])
        return context.ner_spans

    def prime(self, contexts: list[AnalysisContext]) -> None:
        """Compute the spans of several texts in one call to the NER (it batches)."""
        todo = [c for c in contexts if c.ner_spans is None]
        pieces = [(c, piece) for c in todo for piece in self._pieces(c)]
        found = self.ner([c.text[p[0] : p[1]] for c, p in pieces]) if pieces else []
        for context in todo:
            context.ner_spans = []
        for (context, (start, _end, low, high)), spans in zip(pieces, found, strict=True):
            context.ner_spans.extend(
                (start + s, start + e, label) for s, e, label in spans if low <= start + s < high
            )

    def _pieces(self, context: AnalysisContext) -> list[tuple[int, int, int, int]]:
        text = context.text
        # A block with fewer than two letters (page numbers, figures, a cell of 是 or A)
        # names nobody: the NER, most of the pass's time, skips it.
        return [
            piece
            for block in context.blocks
            if _TWO_LETTERS.search(text, block.start, block.end)
            for piece in self._windows(block.start, block.end)
        ]

    def _windows(self, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
        """(window start, window end, and the range of starts the window owns)."""
        if end - start <= self.window:
            yield start, end, start, end
            return
        step = self.window - self.overlap
        margin = self.overlap // 2
        at = start
        while True:
            stop = min(at + self.window, end)
            low = start if at == start else at + margin
            high = end if stop == end else stop - margin
            yield at, stop, low, high
            if stop == end:
                return
            at += step

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found = []
        numbers = Occupied(
            len(context.text), (m.span() for m in _DOC_NUMBER.finditer(context.text))
        )
        for start, end, label in self.spans(context):
            s, e = _trim(context.text, start, end)
            if s >= e:
                continue
            element = context.element_at(s, e)
            if element is not None and element.name in FORMULAIC:
                continue
            if not numbers.free(s, e):  # 安林罚决字〔2024〕第67号 beside the title: no name
                continue
            candidate = _candidate(context.text[s:e], s, e, label)
            if candidate is not None:
                found.append(candidate)
        return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The NER's spans sometimes take in punctuation at their edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _candidate(found: str, start: int, end: int, label: str) -> Candidate | None:
    """PER is a name; LOC a place, which is a personal address only at street level; ORG
    an organisation. Labels the detector does not know are ignored."""
    if label == "PER":
        name = squeeze(found)
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in name)
        if han < 2 or is_masked_name(name) or name in common_words() or not_a_name(name):
            # A surname alone, letters inside a code (JE5Q), a mask (the masks'
            # recogniser reads it) or a common word: no name.
            return None
        if not looks_like_name(name):
            # No surname (凯迪拉克, 乔木林): the NER may still be right; a reviewer decides.
            return Candidate(
                start,
                end,
                Category.PERSON_NAME,
                0.55,
                NAME,
                "NER 模型识别出的人名（但不像常见姓名）",
            )
        return Candidate(
            start, end, Category.PERSON_NAME, _SCORES["PER"], NAME, "NER 模型识别出的人名"
        )
    if label == "LOC":
        # A span across a sentence, or over a number's label, is the NER running on.
        runs_on = re.search(r"[，,。；;【】]|卡号|账号|帐号|电话|手机|号码|证号", found)
        if is_street_level(found) and not runs_on:
            return Candidate(
                start, end, Category.ADDRESS, _SCORES["LOC"], NAME, "NER 模型识别出的街道门牌地址"
            )
        return Candidate(
            start, end, Category.LOCATION, 0.6, NAME, "NER 模型识别出的地名（无街道门牌）"
        )
    if label == "ORG":
        return Candidate(
            start, end, Category.ORGANIZATION, _SCORES["ORG"], NAME, "NER 模型识别出的机构名称"
        )
    return None
