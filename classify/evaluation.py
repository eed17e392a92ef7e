"""Measuring suggestions on labelled data: what an office would get, rules and model
together, on documents whose own markings are cut (``unmarked``) so that nothing reads
the answer.

``evaluate_suggestions`` scores the suggestion on a corpus; ``cross_validate`` trains a
model on each fold's rest and scores, on the same folds, the model alone, the rules
alone and the two together — the comparison that decides whether a model is worth
shipping; ``learning_curve`` does the same for growing shares of an office's data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from classify.categories import Categories
from classify.dataset import Labelled, unmarked
from classify.metrics import score
from classify.suggest import suggest
from core.datamodel import DisclosureAttribute

A = DisclosureAttribute


def predict(corpus: Sequence[Labelled], *, model=None, categories: Categories | None = None):
    """The suggestion for each item of ``corpus``, its markings cut."""
    return [
        suggest(unmarked(item.document), model=model, categories=categories, short=item.short)
        for item in corpus
    ]


def evaluate_suggestions(
    corpus: Sequence[Labelled], *, model=None, categories: Categories | None = None
) -> dict:
    """Accuracy, per-class figures, confusion matrix and calibration of the suggestion,
    and the errors that matter most: a 第十四条 item (国家秘密, 法律禁止, 三安全一稳定)
    suggested 主动公开, and a 密级-marked document not suggested 不予公开."""
    suggestions = predict(corpus, model=model, categories=categories)
    metrics = score(
        [item.attribute.value for item in corpus],
        [s.attribute.value for s in suggestions],
        [s.probabilities[s.attribute] for s in suggestions],
    )
    metrics["article_14_suggested_proactive"] = sum(
        1
        for item, s in zip(corpus, suggestions, strict=True)
        if item.attribute == A.WITHHELD
        and (item.article or "").startswith("第十四条")
        and s.attribute == A.PROACTIVE
    )
    metrics["suggested"] = {a.value: sum(s.attribute == a for s in suggestions) for a in A}
    return metrics


def stratified_folds(corpus: Sequence[Labelled], folds: int, seed: int) -> list[list[int]]:
    """Indexes of each fold, every attribute dealt round the folds in a shuffled order."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(folds)]
    at = 0
    for attribute in A:
        members = [i for i, item in enumerate(corpus) if item.attribute == attribute]
        rng.shuffle(members)
        for index in members:
            out[at % folds].append(index)
            at += 1
    return out


def cross_validate(corpus: Sequence[Labelled], *, folds: int = 5, seed: int = 0) -> dict:
    """Train on all folds but one, score on that one, for each fold; the predictions of
    all folds are pooled and scored once. Returns the figures of the model alone, of
    the rules alone and of the suggestion (rules and model)."""
    from classify.model import fit

    truth, by_model, by_rules, by_both = [], [], [], []
    confidence: dict[str, list[float]] = {"model": [], "rules": [], "suggestion": []}
    for held in stratified_folds(corpus, folds, seed):
        inside = set(held)
        rest = [item for i, item in enumerate(corpus) if i not in inside]
        test = [corpus[i] for i in held]
        if not test:
            continue
        model = fit(rest, seed=seed)
        probabilities = [model.predict_proba_one(unmarked(item.document)) for item in test]
        rules = predict(test)
        both = predict(test, model=model)
        truth += [item.attribute.value for item in test]
        for probs in probabilities:
            best = max(probs, key=probs.get)
            by_model.append(best.value)
            confidence["model"].append(probs[best])
        by_rules += [s.attribute.value for s in rules]
        by_both += [s.attribute.value for s in both]
        confidence["rules"] += [s.probabilities[s.attribute] for s in rules]
        confidence["suggestion"] += [s.probabilities[s.attribute] for s in both]
    return {
        "folds": folds,
        "model": score(truth, by_model, confidence["model"]),
        "rules": score(truth, by_rules, confidence["rules"]),
        "suggestion": score(truth, by_both, confidence["suggestion"]),
    }


def subsample(corpus: Sequence[Labelled], share: float, seed: int) -> list[Labelled]:
    """A stratified ``share`` of ``corpus``: at least two of every attribute it has, so
    the model can be calibrated."""
    rng = random.Random(seed)
    out = []
    for attribute in A:
        members = [item for item in corpus if item.attribute == attribute]
        rng.shuffle(members)
        out += members[: max(min(2, len(members)), round(share * len(members)))]
    return out


def learning_curve(
    fit_part: Sequence[Labelled],
    held: Sequence[Labelled],
    *,
    shares: Sequence[float] = (0.25, 0.5, 0.75, 1.0),
    seed: int = 0,
    extra: Sequence[Labelled] = (),
) -> list[dict]:
    """The suggestion's figures on ``held`` for a model trained on growing shares of
    ``fit_part`` (plus ``extra``, used whole): does more of the office's data help?"""
    from classify.model import fit

    points = []
    for share in shares:
        part = subsample(fit_part, share, seed)
        model = fit([*part, *extra], seed=seed)
        metrics = evaluate_suggestions(held, model=model)
        points.append(
            {
                "share": share,
                "documents": len(part) + len(extra),
                "accuracy": metrics["accuracy"],
                "macro_f1": metrics["macro_f1"],
            }
        )
    return points
