"""The rule layer: explicit, readable reasons, each citing its article.

Each rule looks at one thing — a marking, the document type in the title, personal
data found — and returns hits. A hit argues for an attribute with a strength; the
suggestion takes the strongest, and shows where hits disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.datamodel import (
    Action,
    Category,
    DisclosureAttribute,
    Document,
    ElementName,
    Evidence,
    Finding,
    Ground,
)

A = DisclosureAttribute

#: How much a hit settles the question.
DECISIVE = 0.97  # a 密级 marking: never published
MARKING = 0.93  # the office's own 附注 marking
TYPE = 0.75  # the document type says it (请示, 会议纪要 …)
HINT = 0.6  # a lean (通知 to the public, a 公示)


@dataclass(frozen=True)
class Hit:
    attribute: DisclosureAttribute | None
    strength: float
    evidence: Evidence
    ground: Ground | None = None
    blocks_publication: bool = False


Rule = Callable[[Document, Sequence[Finding]], list[Hit]]


def secrecy_marking(document: Document, _findings) -> list[Hit]:
    element = document.element(ElementName.SECRECY)
    if element is None:
        return []
    # An unclear marking blocks as a clear one does: only an audited 解密 lifts it.
    unclear = element.details.get("unclear")
    explanation = (
        f"疑似密级标志“{element.value}”：{unclear}；确认前不得公开"
        if unclear
        else f"标有密级“{element.value}”：国家秘密，不得公开"
    )
    evidence = Evidence(
        "密级标志",
        explanation,
        "第十四条",
        A.WITHHELD,
        element.start,
        element.end,
    )
    return [Hit(A.WITHHELD, DECISIVE, evidence, Ground.STATE_SECRET, blocks_publication=True)]


def disclosure_marking(document: Document, _findings) -> list[Hit]:
    element = document.element(ElementName.DISCLOSURE_MARKING)
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
    return [Hit(attribute, MARKING, evidence)]


@dataclass(frozen=True)
class TypeRule:
    name: str
    pattern: str
    attribute: DisclosureAttribute
    ground: Ground | None
    article: str
    explanation: str
    strength: float = TYPE


TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule(
        "请示",
        r"请示$",
        A.WITHHELD,
        Ground.PROCESS,
        "第十六条第二款",
        "请示属于过程性信息（请示报告）",
    ),
    TypeRule(
        "会议纪要",
        r"(会议)?纪要$|讨论记录|会议记录",
        A.WITHHELD,
        Ground.PROCESS,
        "第十六条第二款",
        "会议纪要、讨论记录属于过程性信息",
    ),
    TypeRule(
        "征求意见稿",
        r"征求意见稿|讨论稿|送审稿|草案|初稿|修改稿",
        A.WITHHELD,
        Ground.PROCESS,
        "第十六条第二款",
        "征求意见稿、讨论稿属于过程性信息",
    ),
    TypeRule(
        "内部事务",
        r"任免|任职|免职|干部|考核|考察|人事|内部管理|后勤|机关.*(管理|制度)|值班|请假|培训班学员",
        A.WITHHELD,
        Ground.INTERNAL,
        "第十六条第一款",
        "人事管理、后勤管理、内部工作流程属于内部事务信息",
    ),
    TypeRule(
        "处罚决定",
        r"处罚决定|行政处理决定|责令.*决定书",
        A.WITHHELD,
        Ground.ENFORCEMENT,
        "第十六条第二款",
        "行政执法案卷信息，可以不予公开（法律法规要求公开的除外）",
    ),
    TypeRule(
        "规范性文件",
        r"(办法|规定|实施意见|实施细则|细则|规则|暂行规定|管理办法)[”\"》）)]*(的通知)?$",
        A.PROACTIVE,
        None,
        "第二十条第（一）项",
        "面向社会的办法、规定属于规范性文件，应主动公开",
    ),
    TypeRule("政策解读", r"解读", A.PROACTIVE, None, "第十九条", "政策解读应主动公开", HINT),
    TypeRule(
        "公示公告",
        r"公示$|公告$|通告$",
        A.PROACTIVE,
        None,
        "第十九条",
        "公示、公告需要公众广泛知晓",
        HINT,
    ),
)


def document_type(document: Document, _findings) -> list[Hit]:
    title = document.element(ElementName.TITLE)
    if title is None:
        return []
    hits = []
    for rule in TYPE_RULES:
        match = re.search(rule.pattern, title.value)
        if match:
            evidence = Evidence(
                f"文种：{rule.name}",
                f"标题“{title.value}”：{rule.explanation}",
                rule.article,
                rule.attribute,
                title.start,
                title.end,
            )
            hits.append(Hit(rule.attribute, rule.strength, evidence, rule.ground))
    return hits


def personal_data(document: Document, findings: Sequence[Finding]) -> list[Hit]:
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


RULES: tuple[Rule, ...] = (secrecy_marking, disclosure_marking, document_type, personal_data)
