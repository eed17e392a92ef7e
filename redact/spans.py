"""Non-overlapping spans, kept sorted: whether a new one is free is a look at its two
neighbours, not at all of them (a 10,000-row spreadsheet has tens of thousands)."""

from __future__ import annotations

import bisect
from typing import Generic, TypeVar

T = TypeVar("T")


class Spans(Generic[T]):
    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._values: list[T | None] = []

    def free(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self._starts, start)
        if at and self._ends[at - 1] > start:
            return False
        return not (at < len(self._starts) and self._starts[at] < end)

    def take(self, start: int, end: int, value: T | None = None) -> bool:
        """Keep ``[start, end)`` if it overlaps no kept span; whether it was kept."""
        if not self.free(start, end):
            return False
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
        self._values.insert(at, value)
        return True

    def values(self) -> list[T]:
        """The kept values, in text order."""
        return [v for v in self._values if v is not None]


class Occupied:
    """Which characters of a text some span already covers — spans may overlap each
    other here (candidates before they are resolved); a check costs the span's length."""

    def __init__(self, length: int, spans=()) -> None:
        self._marks = bytearray(length)
        for start, end in spans:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        return not any(self._marks[start:end])

    def take(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)
