"""Assemble a document's text from blocks, keeping offsets (and PDF boxes) aligned."""

from __future__ import annotations

from collections.abc import Sequence

from core.datamodel import Block, BlockKind, CharBox, Location

#: Between two blocks; never part of a block's own span.
BLOCK_SEPARATOR = "\n"


class TextBuilder:
    def __init__(self, *, with_boxes: bool = False):
        self._pieces: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._boxes: list[CharBox | None] | None = [] if with_boxes else None

    def add(
        self,
        kind: BlockKind,
        text: str,
        location: Location,
        boxes: Sequence[CharBox | None] | None = None,
        *,
        holds: str | None = None,
    ) -> Block | None:
        """Append one block; blank blocks are dropped (they carry nothing to review)."""
        if not text.strip():
            return None
        if self._boxes is not None and (boxes is None or len(boxes) != len(text)):
            raise ValueError("a PDF block needs one box entry per character")
        if self._blocks:
            self._append(BLOCK_SEPARATOR, [None])
        start = self._length
        self._append(text, boxes)
        block = Block(kind, start, self._length, location, holds)
        self._blocks.append(block)
        return block

    def _append(self, text: str, boxes: Sequence[CharBox | None] | None) -> None:
        self._pieces.append(text)
        self._length += len(text)
        if self._boxes is not None:
            self._boxes.extend(boxes or [None] * len(text))

    @property
    def text(self) -> str:
        return "".join(self._pieces)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._blocks)

    @property
    def boxes(self) -> tuple[CharBox | None, ...]:
        return tuple(self._boxes or ())
