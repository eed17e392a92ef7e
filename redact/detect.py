"""The detection pass: pattern recognisers and the NER over a document, overlaps
resolved, each survivor judged by the policy."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.datamodel import Block, BlockKind, Category, Document, Element, ElementName, Finding
from redact.policy import Policy
from redact.recognizers import Candidate, PatternRecognizer
from redact.recognizers.address import is_street_level
from redact.text import fold_width

#: (start, end, label) spans the NER found in one text.
NerFn = Callable[[Sequence[str]], list[list[tuple[int, int, str]]]]

NER_NAME = "NerRecognizer"
_NER_SCORES = {"PER": 0.85, "LOC": 0.8, "ORG": 0.6}
#: Elements written to a formula (贺人社报〔2021〕8号, 秘密★1年, the issuing agency's mark):
#: they name no private person, and the NER misreads their abbreviations (贺 for 贺州).
_FORMULAIC = frozenset(
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


@dataclass
class Detector:
    recognizers: Sequence[PatternRecognizer]
    policy: Policy
    ner: NerFn | None = None

    def detect(self, document: Document) -> list[Finding]:
        return self.detect_text(document.text, document.blocks, document.elements)

    def detect_text(
        self, text: str, blocks: Sequence[Block] = (), elements: Sequence[Element] = ()
    ) -> list[Finding]:
        blocks = blocks or line_blocks(text)
        folded = fold_width(text)
        candidates: list[Candidate] = []
        for recognizer in self.recognizers:
            candidates.extend(recognizer.analyze(folded))
        candidates.extend(self._deny_list(text))
        if self.ner is not None:
            candidates.extend(self._ner(text, blocks, elements))
        return [self._judge(c, text, blocks, elements) for c in resolve_overlaps(candidates)]

    def _ner(
        self, text: str, blocks: Sequence[Block], elements: Sequence[Element]
    ) -> list[Candidate]:
        """The NER runs block by block: a paragraph, cell or note, which no sentence crosses."""
        found: list[Candidate] = []
        # A block with no letter at all (page numbers, tables of figures) holds no name,
        # place or organisation: the NER, most of the pass's time, skips it.
        blocks = [b for b in blocks if any(ch.isalpha() for ch in text[b.start : b.end])]
        texts = [text[b.start : b.end] for b in blocks]
        for block, spans in zip(blocks, self.ner(texts), strict=True):
            for start, end, label in spans:
                s, e = _trim(text, block.start + start, block.start + end)
                candidate = _ner_candidate(text[s:e], s, e, label) if s < e else None
                element = _enclosing(elements, s, e)
                if candidate is not None and (element is None or element.name not in _FORMULAIC):
                    found.append(candidate)
        return found

    def _deny_list(self, text: str) -> list[Candidate]:
        found = []
        for term in self.policy.deny_list:
            for match in re.finditer(re.escape(term), text):
                found.append(
                    Candidate(
                        match.start(),
                        match.end(),
                        Category.DENY_LIST,
                        1.0,
                        "DenyListRecognizer",
                        "在本机关的禁用词表中",
                    )
                )
        return found

    def _judge(
        self, c: Candidate, text: str, blocks: Sequence[Block], elements: Sequence[Element]
    ) -> Finding:
        block = next((b for b in blocks if b.start <= c.start < b.end), None)
        element = _enclosing(elements, c.start, c.end)
        decision = self.policy.decide(
            category=c.category,
            text=text[c.start : c.end],
            score=c.score,
            before=text[max(0, c.start - 24) : c.start],
            after=text[c.end : c.end + 12],
            line_prefix=text[block.start : c.start] if block else "",
            element=element.name if element else None,
        )
        return Finding(
            c.start,
            c.end,
            c.category,
            text[c.start : c.end],
            c.score,
            c.recognizer,
            c.explanation,
            decision.legal_basis,
            decision.action,
            decision.reason,
        )


def _enclosing(elements: Sequence[Element], start: int, end: int) -> Element | None:
    """The GB/T 9704 element a span lies in, if any."""
    return next((e for e in elements if e.start <= start and end <= e.end), None)


_EDGE = set(" \t\n\u3000，。、；：:;,.！？!?（）()“”\"'《》【】")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The NER's spans sometimes take in punctuation at their edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _ner_candidate(found: str, start: int, end: int, label: str) -> Candidate | None:
    """PER is a name; LOC a place, which is a personal address only at street level; ORG
    an organisation. Labels the detector does not know are ignored."""
    if label == "PER":
        if len(found) < 2:
            return None  # a surname or an abbreviation alone names nobody
        return Candidate(
            start,
            end,
            Category.PERSON_NAME,
            _NER_SCORES["PER"],
            NER_NAME,
            "人名（由命名实体识别模型发现）",
        )
    if label == "LOC":
        if is_street_level(found):
            return Candidate(
                start,
                end,
                Category.ADDRESS,
                _NER_SCORES["LOC"],
                NER_NAME,
                "门牌地址（有街路和门牌号，由命名实体识别模型发现）",
            )
        return Candidate(
            start,
            end,
            Category.LOCATION,
            0.6,
            NER_NAME,
            "地名（没有街路和门牌号，由命名实体识别模型发现）",
        )
    if label == "ORG":
        return Candidate(
            start,
            end,
            Category.ORGANIZATION,
            _NER_SCORES["ORG"],
            NER_NAME,
            "机构名称（由命名实体识别模型发现）",
        )
    return None


def line_blocks(text: str) -> tuple[Block, ...]:
    """Blocks for bare text: its non-empty lines (a sentence does not cross a line)."""
    return tuple(
        Block(BlockKind.PARAGRAPH, m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)
    )


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: higher score, then longer, then the
    pattern recognisers (validated) over the NER."""
    ranked = sorted(
        candidates,
        key=lambda c: (-c.score, -(c.end - c.start), c.recognizer == NER_NAME, c.start),
    )
    kept: list[Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end))
