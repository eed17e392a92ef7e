"""Precision, recall and F1 per category, counting exact span matches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from redact.ner.corpus import LABELS, Example


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.tp + self.fn,
        }


def score_spans(
    pairs: Iterable[tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]],
) -> dict[str, Score]:
    """``pairs`` of (gold, predicted) span sets, one pair per sentence."""
    scores = {label: Score() for label in LABELS}
    for gold, predicted in pairs:
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in predicted if s[2] == label}
            scores[label].tp += len(g & p)
            scores[label].fp += len(p - g)
            scores[label].fn += len(g - p)
    return scores


def evaluate_pipeline(nlp, examples: list[Example], batch_size: int = 256) -> dict[str, Score]:
    docs = nlp.pipe((e.text for e in examples), batch_size=batch_size)
    pairs = (
        (set(example.entities), {(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents})
        for example, doc in zip(examples, docs, strict=True)
    )
    return score_spans(pairs)
