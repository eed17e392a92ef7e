"""Learning from the office: retrain the disclosure classifier on the attributes its
reviewers decided (复审), and replace the active model only when that is no worse.

The held-out slice comes from the office's own decisions only: that is the data the
model must serve. A corpus given with them is used for training, never for judging.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sklearn.model_selection import train_test_split
from sqlalchemy import select

from classify.dataset import Labelled
from classify.model import evaluate, load_model, train
from core.datamodel import DisclosureAttribute, Ground
from core.errors import GongkaiError, NotReady
from store.records import DocumentRecord
from workflow import audit
from workflow import parsed as stored_parse
from workflow.runtime import Runtime
from workflow.users import SYSTEM

log = logging.getLogger(__name__)

#: Fewer decided documents of an attribute than this, and there is nothing to hold out.
MIN_PER_ATTRIBUTE = 4


@dataclass(frozen=True)
class Retrained:
    replaced: bool
    version: str
    documents: int
    held_out: int
    new_accuracy: float
    new_macro_f1: float
    active_version: str | None
    active_accuracy: float | None
    active_macro_f1: float | None


def decided_examples(runtime: Runtime) -> list[Labelled]:
    """Every document whose attribute a reviewer decided, from its stored parse."""
    out = []
    with runtime.session() as session:
        rows = [
            (
                d.current.sha256,
                d.current.filename,
                d.current.media_type,
                d.attribute,
                d.ground,
                d.category,
            )
            for d in session.scalars(
                select(DocumentRecord).where(DocumentRecord.attribute.is_not(None))
            )
        ]
    for sha256, filename, media_type, attribute, ground, category in rows:
        try:
            document = stored_parse.load(runtime, sha256, filename, media_type).document
        except GongkaiError as exc:  # a file the parser no longer reads is skipped, said
            log.warning("decided document skipped", extra={"sha256": sha256, "code": exc.code})
            continue
        out.append(
            Labelled(
                document,
                DisclosureAttribute(attribute),
                Ground(ground) if ground else None,
                category,
            )
        )
    return out


def retrain_from_decisions(
    runtime: Runtime,
    *,
    corpus: list[Labelled] = (),
    holdout: float = 0.25,
    seed: int = 0,
) -> Retrained:
    decided = decided_examples(runtime)
    counts = {a: sum(1 for x in decided if x.attribute == a) for a in DisclosureAttribute}
    usable = {a: n for a, n in counts.items() if n >= MIN_PER_ATTRIBUTE}
    if len(usable) < 2:
        raise NotReady(
            f"retraining needs at least {MIN_PER_ATTRIBUTE} decided documents of two "
            f"attributes; decided so far: " + "，".join(f"{a.value} {n}" for a, n in counts.items())
        )
    decided = [x for x in decided if x.attribute in usable]
    labels = [x.attribute.value for x in decided]
    fit_part, held = train_test_split(
        decided, test_size=holdout, stratify=labels, random_state=seed
    )
    candidate = train(
        [*fit_part, *corpus],
        seed=seed,
        sources=["reviewers' decisions", *(["corpus"] if corpus else [])],
    )
    new = evaluate(candidate, held)
    active = load_model(runtime.settings.classifier_path)
    old = evaluate(active, held) if active is not None else None
    replaced = old is None or (
        new["accuracy"] >= old["accuracy"] and _macro_f1(new) >= _macro_f1(old)
    )
    candidate.meta["held_out_decisions"] = {"documents": len(held), **new}
    if replaced:
        candidate.save(runtime.settings.classifier_path)
    result = Retrained(
        replaced=replaced,
        version=candidate.version,
        documents=len(fit_part) + len(corpus),
        held_out=len(held),
        new_accuracy=new["accuracy"],
        new_macro_f1=_macro_f1(new),
        active_version=active.version if active else None,
        active_accuracy=old["accuracy"] if old else None,
        active_macro_f1=_macro_f1(old) if old else None,
    )
    with runtime.session() as session:
        audit.record(
            session,
            actor=SYSTEM.username,
            action="classifier.replace" if replaced else "classifier.keep",
            before={"version": result.active_version, "accuracy": result.active_accuracy},
            after={
                "candidate": result.version,
                "accuracy": result.new_accuracy,
                "macro_f1": result.new_macro_f1,
                "held_out": result.held_out,
                "trained_on": result.documents,
            },
        )
    return result


def _macro_f1(metrics: dict) -> float:
    scores = [c["f1"] for c in metrics["per_class"].values() if c["support"]]
    return round(sum(scores) / len(scores), 4) if scores else 0.0
