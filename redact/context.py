"""What every recogniser reads: one document's text, computed once (after presidio's
``NlpArtifacts``).

The width-folded text, the blocks (a sentence does not cross one), the GB/T 9704
elements and the document's kind are shared by all recognisers; the NER's spans are
computed on first use and then shared too, so the NER runs once per document however
many recognisers read it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.datamodel import Block, BlockKind, Element
from redact.kinds import DocumentKind, document_kind
from redact.text import fold_width

#: (start, end, label) spans the NER found in each of several texts.
NerFn = Callable[[Sequence[str]], list[list[tuple[int, int, str]]]]


@dataclass
class AnalysisContext:
    text: str
    blocks: Sequence[Block] = ()
    elements: Sequence[Element] = ()
    kind: DocumentKind | None = None
    folded: str = ""
    #: The NER's (start, end, label) spans over ``text``, once some recogniser asked.
    ner_spans: list[tuple[int, int, str]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.blocks:
            self.blocks = line_blocks(self.text)
        # In text order, so the block at an offset is found by bisection: a spreadsheet
        # has tens of thousands of blocks and findings.
        self._by_start = sorted(self.blocks, key=lambda b: b.start)
        self._starts = [b.start for b in self._by_start]
        if not self.folded:
            self.folded = fold_width(self.text)
        if self.kind is None:
            self.kind = document_kind(self.text, self.elements)

    def block_at(self, offset: int) -> Block | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0:
            block = self._by_start[index]
            if block.start <= offset < block.end:
                return block
            if block.start < offset - 10_000:  # blocks nest rarely and never this far
                return None
            index -= 1
        return None

    def element_at(self, start: int, end: int) -> Element | None:
        """The GB/T 9704 element a span lies in, if any."""
        return next((e for e in self.elements if e.start <= start and end <= e.end), None)


def line_blocks(text: str) -> tuple[Block, ...]:
    """Blocks for bare text: its non-empty lines (a sentence does not cross a line)."""
    return tuple(
        Block(BlockKind.PARAGRAPH, m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)
    )
