"""Two-step review (初审/复审): the drafting office proposes the attribute, a reviewer
decides every finding and the attribute. Every decision lands in the audit trail.

A document is cleared only when every finding has a decision and the attribute is
主动公开; a document with a 密级 marking can never be cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.datamodel import (
    PRIVACY_BASIS,
    TRADE_SECRET_BASIS,
    Category,
    DisclosureAttribute,
    Ground,
)
from core.errors import Conflict, InvalidInput, NotFound, NotReady, PublicationBlocked
from store.records import DocumentRecord, FindingRecord, utcnow
from workflow import audit
from workflow.declassify import blocked_reason
from workflow.intake import get_document
from workflow.states import DOCUMENTS, State
from workflow.users import Actor, Permission

REDACT, KEEP = "redact", "keep"
DECISIONS = (REDACT, KEEP)

_TARGET_STATE = {
    DisclosureAttribute.PROACTIVE: State.CLEARED,
    DisclosureAttribute.ON_APPLICATION: State.ON_APPLICATION,
    DisclosureAttribute.WITHHELD: State.WITHHELD,
}


@dataclass(frozen=True)
class FindingDecision:
    finding_id: int
    decision: str  # redact (confirm) or keep (reject, with a reason)
    reason: str | None = None
    category: str | None = None  # a changed category


def propose_attribute(
    session: Session,
    document_id: int,
    actor: Actor,
    attribute: str,
    ground: str | None = None,
) -> DocumentRecord:
    """初审: the drafting office's proposal, which the reviewer then confirms or changes."""
    actor.require(Permission.PROPOSE)
    document = _in_review(session, document_id, actor)
    attribute_, ground_ = _attribute_and_ground(attribute, ground)
    before = {
        "proposed_attribute": document.proposed_attribute,
        "proposed_ground": document.proposed_ground,
    }
    document.proposed_attribute = attribute_.value
    document.proposed_ground = ground_.value if ground_ else None
    document.proposed_by = actor.id
    audit.record(
        session,
        actor=actor.username,
        action="attribute.propose",
        document_id=document.id,
        before=before,
        after={"proposed_attribute": attribute_.value, "proposed_ground": document.proposed_ground},
    )
    return document


def decide_findings(
    session: Session, document_id: int, actor: Actor, decisions: list[FindingDecision]
) -> list[FindingRecord]:
    """Decide several findings at once, all or none."""
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    if not decisions:
        raise InvalidInput("no decisions given")
    findings = {f.id: f for f in document.current.findings}
    changed = []
    for item in decisions:
        finding = findings.get(item.finding_id)
        if finding is None:
            raise NotFound(f"document {document_id} has no finding {item.finding_id}")
        changed.append(_decide(finding, item, actor))
    audit.record(
        session,
        actor=actor.username,
        action="findings.decide",
        document_id=document.id,
        after={"decisions": changed},
    )
    return [findings[item.finding_id] for item in decisions]


def decide_matching(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    decision: str,
    reason: str | None = None,
    category: str | None = None,
    text: str | None = None,
    undecided_only: bool = True,
) -> list[FindingRecord]:
    """Bulk: every finding of one category, or every occurrence of the same text."""
    if category is None and text is None:
        raise InvalidInput("say which findings: a category, a text, or both")
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    matching = [
        f
        for f in document.current.findings
        if (category is None or f.category == category)
        and (text is None or f.text == text)
        and not (undecided_only and f.decision is not None)
    ]
    if not matching:
        return []
    return decide_findings(
        session,
        document_id,
        actor,
        [FindingDecision(f.id, decision, reason) for f in matching],
    )


def add_finding(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    start: int,
    end: int,
    category: str,
    reason: str | None = None,
) -> FindingRecord:
    """A span the detector missed, marked by the reviewer: decided for removal."""
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    category_ = _category(category)
    text = (document.current.parsed or {}).get("text", "")
    if not 0 <= start < end <= len(text):
        raise InvalidInput(f"span {start}..{end} is outside the text (0..{len(text)})")
    finding = FindingRecord(
        version_id=document.current.id,
        start=start,
        end=end,
        category=category_.value,
        text=text[start:end],
        score=1.0,
        recognizer="reviewer",
        explanation=reason or "marked by a reviewer",
        legal_basis=_basis(category_),
        suggested_action=REDACT,
        action_reason="",
        source="reviewer",
        decision=REDACT,
        decision_reason=reason,
        decided_by=actor.id,
        decided_at=utcnow(),
    )
    session.add(finding)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="finding.add",
        document_id=document.id,
        after={"finding_id": finding.id, "start": start, "end": end, "category": category_.value},
    )
    return finding


def decide_attribute(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    attribute: str,
    ground: str | None = None,
    category: str | None = None,
) -> DocumentRecord:
    """复审: the reviewer's decision, which moves the document on.

    主动公开 needs every finding decided and no 密级 marking; 不予公开 needs its ground.
    """
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    attribute_, ground_ = _attribute_and_ground(attribute, ground)
    if document.proposed_attribute is None:
        raise NotReady(
            "拟稿处室尚未提出初审意见"
            "（the drafting office has not proposed an attribute yet: 初审）"
        )
    if document.proposed_by is not None and document.proposed_by == actor.id:
        raise Conflict(
            "复审须由初审以外的人作出"
            "（the 复审 must be made by someone other than who made the 初审）"
        )
    target = _TARGET_STATE[attribute_]
    if attribute_ is DisclosureAttribute.PROACTIVE:
        if document.publication_blocked:
            raise PublicationBlocked(blocked_reason(document))
        undecided = sum(1 for f in document.current.findings if f.decision is None)
        if undecided:
            raise NotReady(
                f"还有 {undecided} 处发现未决定（{undecided} finding(s) still need a decision）"
            )
    DOCUMENTS.check(document.state, target)
    before = {
        "proposed_attribute": document.proposed_attribute,
        "suggested_attribute": (document.suggestion or {}).get("attribute"),
    }
    document.attribute = attribute_.value
    document.ground = ground_.value if ground_ else None
    document.category = category or (document.suggestion or {}).get("category")
    document.decided_by, document.decided_at = actor.id, utcnow()
    DOCUMENTS.move(
        session,
        document,
        target,
        actor=actor.username,
        action="attribute.decide",
        before=before,
        after={
            "attribute": document.attribute,
            "ground": document.ground,
            "ground_article": ground_.article if ground_ else None,
            "category": document.category,
        },
    )
    return document


def reopen(session: Session, document_id: int, actor: Actor, reason: str) -> DocumentRecord:
    """Take a decided document back into review, e.g. when new facts come to light."""
    actor.require(Permission.REVIEW)
    if not reason or not reason.strip():
        raise InvalidInput("请说明重新审查的原因（say why the document is reopened）")
    document = get_document(session, document_id, actor, for_update=True)
    DOCUMENTS.check(document.state, State.IN_REVIEW)
    if document.state == State.QUEUED:
        raise Conflict("the document is in the publication queue; it leaves it only by publishing")
    DOCUMENTS.move(
        session,
        document,
        State.IN_REVIEW,
        actor=actor.username,
        action="document.reopen",
        before={"attribute": document.attribute},
        after={"reason": reason},
    )
    return document


def findings_of(session: Session, document_id: int, actor: Actor) -> list[FindingRecord]:
    document = get_document(session, document_id, actor)
    query = select(FindingRecord).where(FindingRecord.version_id == document.current.id)
    return list(session.scalars(query.order_by(FindingRecord.start, FindingRecord.id)))


def _decide(finding: FindingRecord, item: FindingDecision, actor: Actor) -> dict:
    if item.decision not in DECISIONS:
        raise InvalidInput(f"a decision is {' or '.join(DECISIONS)}, not {item.decision!r}")
    if item.decision == KEEP and not (item.reason and item.reason.strip()):
        raise InvalidInput(
            f"保留第 {finding.id} 处须说明理由（keeping a flagged span needs a reason）"
        )
    before = {"decision": finding.decision, "category": finding.category}
    if item.category is not None and item.category != finding.category:
        category = _category(item.category)
        finding.category = category.value
        finding.legal_basis = _basis(category)
    finding.decision = item.decision
    finding.decision_reason = item.reason
    finding.decided_by, finding.decided_at = actor.id, utcnow()
    return {
        "finding_id": finding.id,
        "before": before,
        "decision": finding.decision,
        "category": finding.category,
        "reason": item.reason,
    }


def _in_review(session: Session, document_id: int, actor: Actor) -> DocumentRecord:
    """The document, locked for the change the caller makes, if it is in review."""
    document = get_document(session, document_id, actor, for_update=True)
    if document.state != State.IN_REVIEW:
        raise Conflict(
            f"the document is {State(document.state).label} ({document.state}), not in review"
        )
    return document


def _attribute_and_ground(
    attribute: str, ground: str | None
) -> tuple[DisclosureAttribute, Ground | None]:
    try:
        attribute_ = DisclosureAttribute(attribute)
    except ValueError:
        choices = "、".join(a.value for a in DisclosureAttribute)
        raise InvalidInput(f"unknown attribute {attribute!r}; one of {choices}") from None
    if attribute_ is not DisclosureAttribute.WITHHELD:
        if ground:
            raise InvalidInput("a ground is given only for 不予公开")
        return attribute_, None
    if not ground:
        raise InvalidInput("不予公开须注明理由（第十四、十五、十六条）（needs its legal ground）")
    try:
        return attribute_, Ground(ground)
    except ValueError:
        choices = "、".join(g.value for g in Ground)
        raise InvalidInput(f"unknown ground {ground!r}; one of {choices}") from None


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise InvalidInput(f"unknown finding category {value!r}") from None


def _basis(category: Category) -> str:
    """The ground for removing a span a reviewer chose: an organisation's data is removed
    as 商业秘密, anything else as 个人隐私."""
    if category in (Category.CREDIT_CODE, Category.ORGANIZATION):
        return TRADE_SECRET_BASIS
    return PRIVACY_BASIS
