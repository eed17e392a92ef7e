"""``suggest``: the attribute a document should get, with its reasons.

The rules speak first; a trained model, where an office has one, fills in where no rule
is sure, and every disagreement between them is listed. Without rules or model the
suggestion falls back to the prior of a real bureau's year and says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from classify.categories import Categories, load_categories
from classify.rules import MARKING, RULES, TYPE, Hit
from core.datamodel import DisclosureAttribute, Document, ElementName, Finding, Suggestion

A = DisclosureAttribute
#: 汕尾市人社局 2017 (../shared/seeds): 234 主动公开, 404 依申请公开, 210 不公开 of 848 documents.
PRIOR = {A.PROACTIVE: 234 / 848, A.ON_APPLICATION: 404 / 848, A.WITHHELD: 210 / 848}


def suggest(
    document: Document,
    findings: Sequence[Finding] = (),
    *,
    model=None,
    categories: Categories | None = None,
) -> Suggestion:
    categories = categories or load_categories()
    hits = [hit for rule in RULES for hit in rule(document, findings)]
    deciding = [h for h in hits if h.attribute is not None]
    title = document.element(ElementName.TITLE)
    category = categories.of(title.value if title else None)
    evidence = tuple(h.evidence for h in sorted(hits, key=lambda h: -h.strength))
    blocked = any(h.blocks_publication for h in hits)

    model_probs = model.predict_proba_one(document) if model is not None else None
    top = max(deciding, key=lambda h: h.strength, default=None)  # first of equals: rule order
    if top is not None and (top.strength >= TYPE or model_probs is None):
        attribute, probabilities = top.attribute, _spread(top.attribute, top.strength)
        source = "rules" if model is None else f"rules+model:{model.version}"
        note = (
            ""
            if model is None
            else "由规则决定；模型意见不同时列在“冲突”中"
        )
    elif model_probs is not None:
        attribute = max(model_probs, key=model_probs.get)
        probabilities, source = model_probs, f"rules+model:{model.version}"
        note = "没有规则能确定，由训练的模型决定"
    else:
        attribute, probabilities, source = max(PRIOR, key=PRIOR.get), dict(PRIOR), "rules"
        note = (
            "没有适用的规则，也没有安装训练的模型：以下概率是一个人社局一年的实际比例"
            "（234/404/210），不是关于本文件的证据"
        )
    conflicts = _conflicts(attribute, deciding, model_probs)
    ground = _ground(attribute, hits)
    return Suggestion(
        attribute,
        probabilities,
        ground,
        category,
        evidence,
        blocked,
        tuple(conflicts),
        source,
        note,
    )


def _spread(attribute: A, strength: float) -> dict[A, float]:
    """``strength`` for the attribute, the rest shared out in the prior's proportions."""
    others = {a: p for a, p in PRIOR.items() if a != attribute}
    total = sum(others.values())
    return {attribute: strength, **{a: (1 - strength) * p / total for a, p in others.items()}}


def _conflicts(attribute: A, hits: list[Hit], model_probs) -> list[str]:
    out = []
    for hit in hits:
        if hit.attribute != attribute and hit.strength >= MARKING - 0.3:
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
    grounded.sort(key=lambda h: -h.strength)
    return grounded[0].ground if grounded else None
