"""Learning from the office: retrain the disclosure classifier on what the office itself
labelled — the attributes its reviewers decided (复审), and, for ``--from-archive``, the
markings its back catalogue carries (附注 此件公开发布 / 此件依申请公开 / 此件不予公开,
密级) — and replace the active model only when that is no worse.

A quarter of the office's labelled documents is held out, stratified. On it, with their
markings cut, the suggestion with the candidate is compared with the suggestion the
office gets today (the active model's, or the rules alone): the candidate replaces it
only if its accuracy and macro F1 are both at least as high. A corpus given with them is
used for training, never for judging. Either outcome is an audit entry.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sklearn.model_selection import train_test_split
from sqlalchemy import select

from classify.dataset import Labelled
from classify.evaluation import evaluate_suggestions, learning_curve
from classify.model import fit, load_model
from core.datamodel import (
    DisclosureAttribute,
    Document,
    ElementName,
    Ground,
)
from core.errors import GongkaiError, NotReady
from store.records import DocumentRecord
from workflow import audit
from workflow import parsed as stored_parse
from workflow.runtime import Runtime
from workflow.states import State
from workflow.users import SYSTEM

log = logging.getLogger(__name__)

#: Fewer labelled documents of an attribute than this, and there is nothing to hold out.
MIN_PER_ATTRIBUTE = 4


@dataclass(frozen=True)
class Retrained:
    replaced: bool
    version: str
    documents: int  # trained on
    held_out: int
    new_accuracy: float
    new_macro_f1: float
    active_version: str | None
    active_accuracy: float | None
    active_macro_f1: float | None
    #: What the candidate was compared with: "rules" or "model <version>".
    baseline: str = "rules"
    baseline_accuracy: float = 0.0
    baseline_macro_f1: float = 0.0
    #: The candidate's suggestion on the held-out documents, per attribute.
    per_class: dict = field(default_factory=dict)
    learning_curve: list = field(default_factory=list)
    #: How many labelled documents came from where: "decisions", "markings".
    examples: dict = field(default_factory=dict)


def decided_examples(runtime: Runtime) -> list[Labelled]:
    """Every document whose attribute a reviewer decided."""
    return [item for item, origin in _labelled(runtime, markings=False) if origin == "decisions"]


def archive_examples(runtime: Runtime) -> list[tuple[Labelled, str]]:
    """Every processed document the office labelled: by a reviewer's decision where one
    was made (it is what counts), else by the document's own marking — its 密级 (不予公开,
    国家秘密) or its 附注. Each with where its label came from."""
    return list(_labelled(runtime, markings=True))


def _labelled(runtime: Runtime, *, markings: bool) -> Iterator[tuple[Labelled, str]]:
    with runtime.session() as session:
        query = select(DocumentRecord).where(
            DocumentRecord.state.not_in([State.FAILED.value, State.PROCESSING.value])
        )
        if not markings:
            query = query.where(DocumentRecord.attribute.is_not(None))
        rows = [
            (
                d.current.sha256,
                d.current.filename,
                d.current.media_type,
                d.current.parsed,
                d.attribute,
                d.ground,
                d.category,
            )
            for d in session.scalars(query.order_by(DocumentRecord.id))
        ]
    for sha256, filename, media_type, parsed, attribute, ground, category in rows:
        if attribute is None and not _has_marking(parsed):
            continue
        document = _stored(runtime, sha256, filename, media_type)
        if document is None:
            continue
        if attribute is not None:
            grounded = Ground(ground) if ground else None
            yield (
                Labelled(document, DisclosureAttribute(attribute), grounded, category),
                "decisions",
            )
            continue
        marked = _marking_label(document)
        if marked is not None:
            yield marked, "markings"


def _has_marking(parsed: dict | None) -> bool:
    """Cheaply, before rebuilding the document: does its stored parse carry a marking?"""
    if parsed is None:
        return True  # not known without parsing: let _marking_label decide
    names = {e.get("name") for e in parsed.get("elements", ())}
    return bool(names & {ElementName.SECRECY.value, ElementName.DISCLOSURE_MARKING.value})


def _marking_label(document: Document) -> Labelled | None:
    if document.element(ElementName.SECRECY) is not None:
        return Labelled(document, DisclosureAttribute.WITHHELD, Ground.STATE_SECRET)
    marking = document.element(ElementName.DISCLOSURE_MARKING)
    if marking is not None:
        return Labelled(document, DisclosureAttribute(marking.value))
    return None


def _stored(runtime, sha256, filename, media_type) -> Document | None:
    """The typed parse processing stored (``workflow.parsed``), if there is one."""
    try:
        return stored_parse.load(runtime, sha256, filename, media_type).document
    except GongkaiError as exc:  # a file the parser no longer reads is skipped, said
        log.warning("stored parse not usable", extra={"sha256": sha256, "code": exc.code})
        return None


def retrain_from_decisions(
    runtime: Runtime,
    *,
    corpus: Sequence[Labelled] = (),
    holdout: float = 0.25,
    seed: int = 0,
) -> Retrained:
    examples = [(item, "decisions") for item in decided_examples(runtime)]
    return _retrain(runtime, examples, corpus, holdout, seed, "decisions")


def retrain_from_archive(
    runtime: Runtime,
    *,
    corpus: Sequence[Labelled] = (),
    holdout: float = 0.25,
    seed: int = 0,
) -> Retrained:
    """Every marked document of the archive and every reviewer decision."""
    return _retrain(runtime, archive_examples(runtime), corpus, holdout, seed, "archive")


def _retrain(runtime, examples, corpus, holdout, seed, source: str) -> Retrained:
    labelled = [item for item, _ in examples]
    counts = Counter(item.attribute for item in labelled)
    usable = {a for a in DisclosureAttribute if counts[a] >= MIN_PER_ATTRIBUTE}
    if len(usable) < 2:
        what = "decided" if source == "decisions" else "labelled (decided or marked)"
        raise NotReady(
            f"retraining needs at least {MIN_PER_ATTRIBUTE} {what} documents of two "
            "attributes; so far: "
            + "，".join(f"{a.value} {counts[a]}" for a in DisclosureAttribute)
        )
    kept = [(item, origin) for item, origin in examples if item.attribute in usable]
    fit_part, held = train_test_split(
        [item for item, _ in kept],
        test_size=holdout,
        stratify=[item.attribute.value for item, _ in kept],
        random_state=seed,
    )
    sources = [{"decisions": "reviewers' decisions", "archive": "marked archive"}[source]]
    if source == "archive":
        sources.append("reviewers' decisions")
    if corpus:
        sources.append("corpus")
    candidate = fit([*fit_part, *corpus], seed=seed, sources=sources)
    new = evaluate_suggestions(held, model=candidate)
    active = load_model(runtime.settings.classifier_path)
    before = evaluate_suggestions(held, model=active)
    baseline = f"model {active.version}" if active is not None else "rules"
    replaced = new["accuracy"] >= before["accuracy"] and new["macro_f1"] >= before["macro_f1"]
    curve = learning_curve(fit_part, held, seed=seed, extra=corpus) if source == "archive" else []
    candidate.meta["held_out"] = {
        "documents": len(held),
        "baseline": baseline,
        "candidate": new,
        "before": before,
    }
    candidate.meta["learning_curve"] = curve
    candidate.meta["command"] = f"gongkai train classifier --from-{source}" + (
        " --data CORPUS.jsonl" if corpus else ""
    )
    if replaced:
        candidate.save(runtime.settings.classifier_path)
    result = Retrained(
        replaced=replaced,
        version=candidate.version,
        documents=len(fit_part) + len(corpus),
        held_out=len(held),
        new_accuracy=new["accuracy"],
        new_macro_f1=new["macro_f1"],
        active_version=active.version if active else None,
        active_accuracy=before["accuracy"] if active else None,
        active_macro_f1=before["macro_f1"] if active else None,
        baseline=baseline,
        baseline_accuracy=before["accuracy"],
        baseline_macro_f1=before["macro_f1"],
        per_class=new["per_class"],
        learning_curve=curve,
        examples=dict(Counter(origin for _, origin in kept)),
    )
    with runtime.session() as session:
        audit.record(
            session,
            actor=SYSTEM.username,
            action="classifier.replace" if replaced else "classifier.keep",
            before={
                "version": result.active_version,
                "baseline": baseline,
                "accuracy": result.baseline_accuracy,
                "macro_f1": result.baseline_macro_f1,
            },
            after={
                "candidate": result.version,
                "source": source,
                "accuracy": result.new_accuracy,
                "macro_f1": result.new_macro_f1,
                "held_out": result.held_out,
                "trained_on": result.documents,
                "examples": result.examples,
            },
        )
    return result
