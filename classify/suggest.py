"""``suggest``: the attribute a document (or a short text) should get, with its reasons.

Scores start from the law's default — 第五条 以公开为常态、不公开为例外: 主动公开 leads,
不予公开 needs a ground — and every hit of the rules adds its weight; a trained model,
where the office has one, adds the log of its probabilities. The probabilities are the
softmax of the scores; a 密级 marking settles the attribute whatever the scores say.
Nothing else ever decides: no office's yearly shares, no fallback without evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from classify import law
from classify.categories import Categories, load_categories
from classify.reading import Reading, describe, read
from classify.rules import RULES, Hit
from core.datamodel import DisclosureAttribute, Document, Evidence, Finding, Suggestion

A = DisclosureAttribute
#: A model's probability is floored here before its log is taken: a model that never
#: saw an attribute must not make it impossible.
MODEL_FLOOR = 0.02
#: How much the model's log-probabilities count against the rules' weights: at 2 a
#: confident model (0.98 against 0.02) moves 7.8, enough to overrule a 第十六条 ground
#: that the office's own decisions keep overruling, not the document's own marking.
#: A model only serves once it was no worse than what it replaces (workflow.retrain).
MODEL_WEIGHT = 2.0
#: The share a decisive hit (a 密级 marking) leaves the other attributes, each.
DECISIVE_REST = 0.01
#: Hits at least this heavy that argue against the suggestion are listed as conflicts.
CONFLICT_WEIGHT = 1.5

_DEFAULT = Evidence(
    "公开为常态",
    "未发现第十四条至第十六条规定的不予公开情形：以公开为常态、不公开为例外",
    "第五条、第十三条",
    A.PROACTIVE,
)


def suggest(
    document: Document | str,
    findings: Sequence[Finding] = (),
    *,
    model=None,
    categories: Categories | None = None,
    short: bool | None = None,
) -> Suggestion:
    """``document`` is a parsed document, or a short text (a title, a catalogue item,
    an applicant's description), which is read whole. ``short`` forces either reading;
    by default a text without a document's structure and under 600 characters is short."""
    if isinstance(document, str):
        document, short = describe(document), True
    categories = categories or load_categories()
    reading = read(document, short)
    hits = [hit for rule in RULES for hit in rule(reading, findings)]
    scores = dict(law.DEFAULT_SCORES)
    for hit in hits:
        if hit.attribute is not None:
            scores[hit.attribute] += hit.weight
    model_probs = model.predict_proba_one(document) if model is not None else None
    if model_probs is not None:
        for attribute in scores:
            scores[attribute] += MODEL_WEIGHT * math.log(
                max(model_probs.get(attribute, 0.0), MODEL_FLOOR)
            )

    decisive = next((h for h in hits if h.decisive), None)
    if decisive is not None:
        attribute = decisive.attribute
        probabilities = {a: DECISIVE_REST for a in A}
        probabilities[attribute] = 1 - DECISIVE_REST * (len(A) - 1)
    else:
        probabilities = _softmax(scores)
        attribute = max(probabilities, key=probabilities.get)  # ties: 主动公开 first

    grounds = [h for h in hits if h.attribute == A.WITHHELD]
    evidence = sorted(hits, key=lambda h: -h.weight)
    shown = tuple(h.evidence for h in evidence)
    if not grounds:
        shown += (_DEFAULT,)
    return Suggestion(
        attribute,
        probabilities,
        _ground(attribute, hits),
        categories.of(reading.subject or None),
        shown,
        any(h.blocks_publication for h in hits),
        tuple(_conflicts(attribute, hits, model_probs)),
        "rules" if model is None else f"rules+model:{model.version}",
        _note(reading, attribute, hits, decisive, model),
    )


def _softmax(scores: dict[A, float]) -> dict[A, float]:
    top = max(scores.values())
    exp = {a: math.exp(s - top) for a, s in scores.items()}
    total = sum(exp.values())
    return {a: v / total for a, v in exp.items()}


def _note(reading: Reading, attribute: A, hits: list[Hit], decisive, model) -> str:
    if decisive is not None:
        return "文件标有密级：建议不予公开，且在保密审查解除前不得发布"
    if any(h.evidence.rule == "附注公开属性" for h in hits):
        return "依据文件自身的公开属性标注；其他依据一并列出"
    argued = [h for h in hits if h.attribute is not None and h.weight > 0]
    where = "描述" if reading.short else "文件"
    if not argued:
        return (
            f"{where}中未找到《条例》所列的公开范围或不予公开情形：按第五条“以公开为常态”"
            "建议主动公开，把握不大，请审核"
        )
    if model is not None:
        return f"依据《条例》条文与本单位模型（{model.version}）的判断；各方依据一并列出"
    return f"依据{where}中与《条例》条文对应的内容；支持与反对的依据一并列出"


def _conflicts(attribute: A, hits: list[Hit], model_probs) -> list[str]:
    out = []
    for hit in hits:
        if hit.attribute not in (None, attribute) and hit.weight >= CONFLICT_WEIGHT:
            out.append(
                f"{hit.evidence.rule}（{hit.evidence.article}）主张“{hit.attribute.value}”，"
                f"与建议“{attribute.value}”不一致"
            )
    if model_probs is not None:
        best = max(model_probs, key=model_probs.get)
        if best != attribute:
            out.append(
                f"模型倾向“{best.value}”（{model_probs[best]:.0%}），与建议“{attribute.value}”不一致"
            )
    return out


def _ground(attribute: A, hits: list[Hit]):
    if attribute != A.WITHHELD:
        return None
    grounded = [h for h in hits if h.ground is not None and h.attribute in (A.WITHHELD, None)]
    grounded.sort(key=lambda h: -h.weight)
    return grounded[0].ground if grounded else None
