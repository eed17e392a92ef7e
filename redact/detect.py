"""The detection pass: pattern recognisers and the NER over a document, overlaps
resolved, each survivor judged by the policy."""

from __future__ import annotations

import bisect
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
        candidates.extend(_held_by_block(text, blocks))  # issue 17: spreadsheet column headers
        if self.ner is not None:
            candidates.extend(self._ner(text, blocks, elements))
        starts = [b.start for b in blocks]  # blocks are in text order: found by bisection
        return [
            self._judge(c, text, blocks, elements, starts) for c in resolve_overlaps(candidates)
        ]

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
                        "on the office's deny-list",
                    )
                )
        return found

    def _judge(
        self,
        c: Candidate,
        text: str,
        blocks: Sequence[Block],
        elements: Sequence[Element],
        starts: Sequence[int] | None = None,
    ) -> Finding:
        block = _block_at(blocks, starts, c.start)
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


# --- issue 17 hook: what a block's source says it holds --------------------------------
# Ingest marks a block with the category its source states (a spreadsheet cell under a
# column headed 身份证号 holds an ID number). The whole block becomes a candidate, scored
# above the pattern recognisers' ambiguous finds, so the policy judges it like any other.
HEADER_RULE = "ColumnHeaderRule"


def _held_by_block(text: str, blocks: Sequence[Block]) -> list[Candidate]:
    found = []
    for block in blocks:
        if not block.holds:
            continue
        start, end = _trim(text, block.start, block.end)
        if start < end:
            category = Category(block.holds)
            found.append(
                Candidate(
                    start,
                    end,
                    category,
                    0.95,
                    HEADER_RULE,
                    f"所在列的列标题表明本列为{category.label}",
                )
            )
    return found


# ----------------------------------------------------------------------------------------


def _block_at(blocks: Sequence[Block], starts: Sequence[int] | None, offset: int) -> Block | None:
    """The block holding ``offset``. A spreadsheet has tens of thousands of blocks and
    findings: a scan of the blocks per finding took minutes (issue 17)."""
    if starts is None:
        return next((b for b in blocks if b.start <= offset < b.end), None)
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and blocks[index].start <= offset < blocks[index].end:
        return blocks[index]
    return None


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
            "a person's name, found by the NER model",
        )
    if label == "LOC":
        if is_street_level(found):
            return Candidate(
                start,
                end,
                Category.ADDRESS,
                _NER_SCORES["LOC"],
                NER_NAME,
                "a street address (has a street and a number), found by the NER model",
            )
        return Candidate(
            start,
            end,
            Category.LOCATION,
            0.6,
            NER_NAME,
            "a place name without street and number, found by the NER model",
        )
    if label == "ORG":
        return Candidate(
            start,
            end,
            Category.ORGANIZATION,
            _NER_SCORES["ORG"],
            NER_NAME,
            "an organisation's name, found by the NER model",
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
    # Kept spans never overlap, so sorted by start their neighbours alone can overlap a
    # new one: bisection instead of a scan of all kept (quadratic on a spreadsheet).
    kept_starts: list[int] = []
    kept: list[Candidate] = []
    for candidate in ranked:
        at = bisect.bisect_left(kept_starts, candidate.start)
        before = kept[at - 1] if at else None
        after = kept[at] if at < len(kept) else None
        if (before is None or before.end <= candidate.start) and (
            after is None or candidate.end <= after.start
        ):
            kept_starts.insert(at, candidate.start)
            kept.insert(at, candidate)
    return kept
