"""The rule layer: explicit, readable reasons, each citing its article.

Each rule looks at one thing — a marking, what the title or a short text says the
matter is, whom a document is addressed to, personal data found — and returns hits. A
hit argues for an attribute with a weight; ``suggest`` adds them to the law's default
(第五条) and shows the evidence on every side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from classify import law
from classify.reading import Reading
from core.datamodel import (
    Action,
    Category,
    DisclosureAttribute,
    ElementName,
    Evidence,
    Finding,
    Ground,
)

A = DisclosureAttribute


@dataclass(frozen=True)
class Hit:
    attribute: DisclosureAttribute | None
    weight: float  # natural-log odds added to ``attribute``'s score
    evidence: Evidence
    ground: Ground | None = None
    blocks_publication: bool = False
    #: Settles the attribute whatever else is found (a 密级 marking).
    decisive: bool = False


Rule = Callable[[Reading, Sequence[Finding]], list[Hit]]


def secrecy_marking(reading: Reading, _findings) -> list[Hit]:
    """Any 密级 element blocks, an unclear marking too: a reviewer's 保密审查 decides."""
    element = reading.document.element(ElementName.SECRECY)
    if element is None:
        return []
    # An unclear marking blocks as a clear one does: only an audited 解密 lifts it.
    unclear = element.details.get("unclear")
    if unclear:
        explanation = f"疑似密级标志“{element.value}”：{unclear}；按国家秘密处理，确认前不得公开"
    else:
        explanation = f"标有密级“{element.value}”：国家秘密，不得公开"
    evidence = Evidence("密级标志", explanation, "第十四条", A.WITHHELD, element.start, element.end)
    return [
        Hit(
            A.WITHHELD,
            law.MARKING_WEIGHT,
            evidence,
            Ground.STATE_SECRET,
            blocks_publication=True,
            decisive=True,
        )
    ]


def disclosure_marking(reading: Reading, _findings) -> list[Hit]:
    element = reading.document.element(ElementName.DISCLOSURE_MARKING)
    if element is None:
        return []
    attribute = A(element.value)
    article = {
        A.PROACTIVE: "第十九条、第二十条",
        A.ON_APPLICATION: "第二十七条",
        A.WITHHELD: "第十四条至第十六条",
    }[attribute]
    marking = element.details.get("marking", element.value)
    evidence = Evidence(
        "附注公开属性", f"文件自身标注“{marking}”", article, attribute, element.start, element.end
    )
    return [Hit(attribute, law.MARKING_WEIGHT, evidence)]


def _matches(reading: Reading, entry: law.Entry) -> re.Match[str] | None:
    """The first place ``entry`` applies in the subject, negations and 文种 position
    considered; None when it does not apply."""
    if entry.unless is not None and entry.unless.search(reading.subject):
        return None
    for match in entry.pattern.finditer(reading.subject):
        if entry.doc_type and reading.titled and not reading.at_end(match):
            continue
        if entry.attribute == A.WITHHELD and _negated(reading.subject, match):
            continue
        return match
    return None


def _negated(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 3) : match.start()]
    return bool(law.NEGATED.search(before) or law.EXCEPTED.match(text, match.end()))


def _entry_hit(reading: Reading, entry: law.Entry, match: re.Match[str], weight: float) -> Hit:
    start, end = reading.span(match)
    where = "描述" if reading.short else "标题"
    evidence = Evidence(
        entry.name,
        f"{where}中的“{match.group()}”：{entry.explanation}",
        entry.article,
        entry.attribute,
        start,
        end,
    )
    return Hit(entry.attribute, weight, evidence, entry.ground)


def proactive_scope(reading: Reading, _findings) -> list[Hit]:
    """第十九、二十、二十一条: what must be published. Past ``SCOPE_CAP`` a further item
    is shown but adds nothing: the scope is said once it is said."""
    hits, total = [], 0.0
    for entry in law.SCOPE:
        match = _matches(reading, entry)
        if match is None:
            continue
        weight = min(entry.weight, max(0.0, law.SCOPE_CAP - total))
        total += weight
        hits.append(_entry_hit(reading, entry, match, weight))
    return hits


def withholding_grounds(reading: Reading, _findings) -> list[Hit]:
    """第十四、十五、十六条, each ground once, at the first place it is named."""
    hits, seen = [], set()
    for entry in law.GROUNDS:
        if entry.name in seen:
            continue
        match = _matches(reading, entry)
        if match is not None:
            seen.add(entry.name)
            hits.append(_entry_hit(reading, entry, match, entry.weight))
    return hits


def individual_matter(reading: Reading, _findings) -> list[Hit]:
    hits = []
    for entry in law.INDIVIDUAL:
        match = _matches(reading, entry)
        if match is not None:
            hits.append(_entry_hit(reading, entry, match, entry.weight))
    return hits


def addressing(reading: Reading, _findings) -> list[Hit]:
    """主送机关: every subordinate body or the public (第十九条), or one party."""
    element = reading.addressee
    if element is None:
        return []
    value = element.value
    if law.PUBLIC_ADDRESSEE.search(value):
        explanation, attribute, weight = "主送社会公众：需要公众广泛知晓", A.PROACTIVE, 2.0
    elif law.BROAD_ADDRESSEE.search(value) or re.search(r"[、，,；;]", value):
        explanation = "主送各下级机关、各有关单位：面向一个地区或系统普遍适用，需要广泛知晓"
        attribute, weight = A.PROACTIVE, law.ADDRESSEE_WEIGHT
    elif len(value) <= 40:
        explanation = "只主送一个单位或个人：可能是特定对象的个别事项"
        attribute, weight = A.ON_APPLICATION, law.SINGLE_ADDRESSEE_WEIGHT
    else:
        return []
    article = "第十九条" if attribute == A.PROACTIVE else "第十三条"
    evidence = Evidence(
        "主送机关", f"主送“{value}”：{explanation}", article, attribute, element.start, element.end
    )
    return [Hit(attribute, weight, evidence)]


def personal_data(reading: Reading, findings: Sequence[Finding]) -> list[Hit]:
    """Personal data to redact does not decide the attribute: under 第三十七条 the rest
    can be published once it is removed. It is evidence, and a ground when withheld."""
    private = [f for f in findings if f.action == Action.REDACT and f.category.personal]
    if not private:
        return []
    kinds = sorted({f.category.label for f in private})
    first = private[0]
    evidence = Evidence(
        "个人信息",
        f"含有需删除的个人信息 {len(private)} 处（{'、'.join(kinds)}）：公开前须区分处理",
        "第十五条、第三十七条",
        None,
        first.start,
        first.end,
    )
    named_party = any(f.category in (Category.PERSON_NAME, Category.ID_CARD) for f in private)
    return [Hit(None, 0.0, evidence, Ground.PRIVACY if named_party else None)]


RULES: tuple[Rule, ...] = (
    secrecy_marking,
    disclosure_marking,
    withholding_grounds,
    individual_matter,
    proactive_scope,
    addressing,
    personal_data,
)
