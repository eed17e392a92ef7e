"""Review: findings decided one by one or in bulk, suggestions accepted, decisions
undone, missed spans added, the attribute proposed (初审) and decided (复审).

Decisions may carry the document ``version`` and each finding's ``revision`` they were
made on; a stale one (a newer version, or someone else decided since) is a 409."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentActor, DocumentId, FindingId, SessionDep
from api.schemas import (
    AcceptSuggestionsIn,
    AttributeDecisionIn,
    DocumentSummary,
    FindingDecisionsIn,
    FindingOut,
    MatchingDecisionIn,
    NewFindingIn,
    ProposalIn,
    ReopenIn,
    SingleDecisionIn,
    UndoIn,
)
from workflow import review
from workflow.review import FindingDecision

router = APIRouter(prefix="/api/v1/documents/{document_id}", tags=["review"])


def _value(enum_or_none):
    return enum_or_none.value if enum_or_none is not None else None


@router.get("/findings", response_model=list[FindingOut])
def list_findings(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep
) -> list[FindingOut]:
    return [FindingOut.model_validate(f) for f in review.findings_of(session, document_id, actor)]


@router.post("/findings", response_model=FindingOut, status_code=status.HTTP_201_CREATED)
def add_finding(
    document_id: DocumentId, body: NewFindingIn, actor: CurrentActor, session: SessionDep
) -> FindingOut:
    """A span the detector missed: it is marked for removal."""
    finding = review.add_finding(
        session,
        document_id,
        actor,
        start=body.start,
        end=body.end,
        category=_value(body.category),
        reason=body.reason,
        version=body.version,
    )
    return FindingOut.model_validate(finding)


@router.post("/findings/{finding_id}/decision", response_model=FindingOut)
def decide_finding(
    document_id: DocumentId,
    finding_id: FindingId,
    body: SingleDecisionIn,
    actor: CurrentActor,
    session: SessionDep,
) -> FindingOut:
    """``redact`` confirms the finding; ``keep`` rejects it and needs a reason."""
    decision = FindingDecision(
        finding_id, body.decision, body.reason, _value(body.category), body.revision
    )
    [finding] = review.decide_findings(
        session, document_id, actor, [decision], version=body.version
    )
    return FindingOut.model_validate(finding)


@router.post("/findings/decisions", response_model=list[FindingOut])
def decide_findings(
    document_id: DocumentId, body: FindingDecisionsIn, actor: CurrentActor, session: SessionDep
) -> list[FindingOut]:
    """Several decisions at once: all are applied, or none."""
    decisions = [
        FindingDecision(d.finding_id, d.decision, d.reason, _value(d.category), d.revision)
        for d in body.decisions
    ]
    return [
        FindingOut.model_validate(f)
        for f in review.decide_findings(
            session, document_id, actor, decisions, version=body.version
        )
    ]


@router.post("/findings/accept-suggestions", response_model=list[FindingOut])
def accept_suggestions(
    document_id: DocumentId, body: AcceptSuggestionsIn, actor: CurrentActor, session: SessionDep
) -> list[FindingOut]:
    """Decide every undecided finding (of ``category``) as the policy suggests: removed,
    or kept with the policy's reason. Those it leaves for review stay undecided."""
    expected = None
    if body.expected is not None:
        expected = {seen.finding_id: seen.revision for seen in body.expected}
    findings = review.accept_suggestions(
        session,
        document_id,
        actor,
        category=_value(body.category),
        expected=expected,
        version=body.version,
    )
    return [FindingOut.model_validate(f) for f in findings]


@router.post("/findings/undo", response_model=list[FindingOut])
def undo(
    document_id: DocumentId, body: UndoIn, actor: CurrentActor, session: SessionDep
) -> list[FindingOut]:
    """Put findings back as they were before a decision (``decision`` null: undecided).
    Recorded as a new decision; nothing is deleted."""
    restore = [
        FindingDecision(r.finding_id, r.decision, r.reason, _value(r.category), r.revision)
        for r in body.restore
    ]
    findings = review.undo_decisions(session, document_id, actor, restore, version=body.version)
    return [FindingOut.model_validate(f) for f in findings]


@router.post("/findings/decide-matching", response_model=list[FindingOut])
def decide_matching(
    document_id: DocumentId, body: MatchingDecisionIn, actor: CurrentActor, session: SessionDep
) -> list[FindingOut]:
    """All findings of one category, or every occurrence of the same name."""
    findings = review.decide_matching(
        session,
        document_id,
        actor,
        decision=body.decision,
        reason=body.reason,
        category=_value(body.category),
        text=body.text,
        undecided_only=body.undecided_only,
    )
    return [FindingOut.model_validate(f) for f in findings]


@router.post("/proposal", response_model=DocumentSummary)
def propose_attribute(
    document_id: DocumentId, body: ProposalIn, actor: CurrentActor, session: SessionDep
) -> DocumentSummary:
    """初审: the drafting office proposes the attribute."""
    document = review.propose_attribute(
        session, document_id, actor, body.attribute.value, _value(body.ground)
    )
    return DocumentSummary.of(document)


@router.post("/decision", response_model=DocumentSummary)
def decide_attribute(
    document_id: DocumentId, body: AttributeDecisionIn, actor: CurrentActor, session: SessionDep
) -> DocumentSummary:
    """复审: the reviewer decides. 主动公开 clears the document for publication once every
    finding is decided; 不予公开 needs its ground; 依申请公开 files it for applications."""
    document = review.decide_attribute(
        session,
        document_id,
        actor,
        attribute=body.attribute.value,
        ground=_value(body.ground),
        category=body.category,
        version=body.version,
    )
    return DocumentSummary.of(document)


@router.post("/reopen", response_model=DocumentSummary)
def reopen(
    document_id: DocumentId, body: ReopenIn, actor: CurrentActor, session: SessionDep
) -> DocumentSummary:
    return DocumentSummary.of(review.reopen(session, document_id, actor, body.reason))
