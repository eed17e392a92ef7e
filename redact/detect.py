"""The detection pass: every recogniser of the registry over a document, overlaps
resolved, each survivor judged by the policy, a firmly judged name carried to all its
mentions, and what names no person left out of the reviewer's way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from core.datamodel import Block, Category, Document, Element, Finding
from redact import extents, mentions
from redact.context import AnalysisContext, NerFn
from redact.policy import Policy
from redact.recognizers.base import Candidate
from redact.recognizers.ner import NAME as NER_NAME
from redact.recognizers.registry import RecognizerRegistry
from redact.spans import Spans
from redact.text import simplified

#: How far before a finding the policy reads its cues, and after it (the policy reads
#: only a few characters after, but a certificate number after a name —
#: (执法证号05071197053) — needs the whole of it).
BEFORE, AFTER = 24, 24


@dataclass
class Detector:
    registry: RecognizerRegistry
    policy: Policy

    @classmethod
    def build(cls, policy: Policy, ner: NerFn | None = None, extra: Path | None = None) -> Detector:
        """The default registry over ``policy``: built-in recognisers, ``ner`` if given,
        and the office's YAML recognisers in ``extra``."""
        from redact.recognizers import default_registry

        return cls(default_registry(policy, ner, extra), policy)

    def detect(self, document: Document) -> list[Finding]:
        return self.detect_text(document.text, document.blocks, document.elements)

    def detect_text(
        self, text: str, blocks: Sequence[Block] = (), elements: Sequence[Element] = ()
    ) -> list[Finding]:
        context = AnalysisContext(simplified(text), blocks, elements)
        return _as_written(self._detect(context), text)

    def detect_texts(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Many short texts at once: the NER reads them in one batch (``prime``), which
        is most of the time on short texts."""
        contexts = [AnalysisContext(simplified(text)) for text in texts]
        for recognizer in self.registry.recognizers:
            if (prime := getattr(recognizer, "prime", None)) is not None:
                prime(contexts)
        return [_as_written(self._detect(c), text) for c, text in zip(contexts, texts, strict=True)]

    def _detect(self, context: AnalysisContext) -> list[Finding]:
        text = context.text
        candidates = extents.settle(self.registry.analyze(context), text)
        judged = [self._judge(c, context) for c in resolve_overlaps(candidates)]
        findings = [f for f, _ in judged]
        firm = {i: strength for i, (_, strength) in enumerate(judged)}
        findings = mentions.propagate(findings, firm, text)
        # Places, organisations and credit codes name no person: they are not decisions.
        return [f for f in findings if f.category.personal]

    def _judge(self, c: Candidate, context: AnalysisContext) -> tuple[Finding, int]:
        text = context.text
        block = context.block_at(c.start)
        element = context.element_at(c.start, c.end)
        decision = self.policy.decide(
            category=c.category,
            text=text[c.start : c.end],
            score=c.score,
            before=text[max(0, c.start - BEFORE) : c.start],
            after=text[c.end : c.end + AFTER],
            line_prefix=text[block.start : c.start] if block else "",
            element=element.name if element else None,
            kind=context.kind,
            facts=c.facts,
        )
        finding = Finding(
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
        return finding, decision.strength


def _as_written(findings: list[Finding], text: str) -> list[Finding]:
    """Findings of a text read in Simplified (``simplified``: offset for offset), with
    their text as the document writes it."""
    if all(f.text == text[f.start : f.end] for f in findings):
        return findings
    return [replace(f, text=text[f.start : f.end]) for f in findings]


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: higher score, then longer, then the
    pattern recognisers (validated) over the NER. Overlapping addresses are one address,
    as long as the longest reading of it."""
    ranked = sorted(
        _merge_addresses(candidates),
        key=lambda c: (-c.score, -(c.end - c.start), c.recognizer == NER_NAME, c.start),
    )
    kept: Spans[Candidate] = Spans()
    for candidate in ranked:
        kept.take(candidate.start, candidate.end, candidate)
    return kept.values()


def _merge_addresses(candidates: list[Candidate]) -> list[Candidate]:
    addresses = sorted(
        (c for c in candidates if c.category == Category.ADDRESS and not c.facts.get("masked")),
        key=lambda c: c.start,
    )
    merged: list[Candidate] = []
    for c in addresses:
        last = merged[-1] if merged else None
        if last is not None and c.start < last.end:
            best = max(last, c, key=lambda x: x.score)
            merged[-1] = replace(best, start=last.start, end=max(last.end, c.end))
        else:
            merged.append(c)
    others = [c for c in candidates if c.category != Category.ADDRESS or c.facts.get("masked")]
    return others + merged
