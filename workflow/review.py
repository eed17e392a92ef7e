"""Two-step review (初审/复审): the drafting office proposes the attribute, a reviewer
decides every finding and the attribute. Every decision lands in the audit trail.

A document is cleared only when every finding has a decision and the attribute is
主动公开; a document with a 密级 marking can never be cleared.

A decision names what it was made on: the document's version and each finding's
revision as the reviewer's page showed them. One made on a page loaded before a new
version, or before someone else decided the same finding, is refused (``Conflict``), so
two reviewers never overwrite each other silently. Nothing is ever deleted: undoing a
decision is a new decision, recorded like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
from store.records import DocumentRecord, FindingRecord, UserRecord, utcnow
from workflow import audit
from workflow.declassify import blocked_reason
from workflow.intake import get_document
from workflow.states import DOCUMENTS, REVIEWABLE, State
from workflow.users import Actor, Permission

REDACT, KEEP = "redact", "keep"
DECISIONS = (REDACT, KEEP)

_TARGET_STATE = {
    DisclosureAttribute.PROACTIVE: State.CLEARED,
    DisclosureAttribute.ON_APPLICATION: State.ON_APPLICATION,
    DisclosureAttribute.WITHHELD: State.WITHHELD,
}


#: Why a finding is kept when the policy gave no reason of its own: what a reviewer
#: would type for it. Accepting the suggestions uses these, so nobody types them.
DEFAULT_KEEP_REASONS = {
    Category.PERSON_NAME: "履职信息",
    Category.LANDLINE_PHONE: "机关公开的联系方式",
    Category.EMAIL: "机关公开的联系方式",
    Category.ADDRESS: "机关公开的办公地址",
    Category.ORGANIZATION: "机构名称，不属个人信息",
    Category.LOCATION: "地名，不属个人信息",
    Category.CREDIT_CODE: "机构的统一社会信用代码，依法公开",
}
FALLBACK_KEEP_REASON = "经审查可以公开"


@dataclass(frozen=True)
class FindingDecision:
    finding_id: int
    #: redact (confirm) or keep (reject, with a reason); None only when undoing back to
    #: undecided.
    decision: str | None
    reason: str | None = None
    category: str | None = None  # a changed category
    #: The finding's revision the decision was made on; None skips the check (API
    #: clients that do not track it).
    revision: int | None = None


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
    session: Session,
    document_id: int,
    actor: Actor,
    decisions: list[FindingDecision],
    *,
    version: int | None = None,
    action: str = "findings.decide",
) -> list[FindingRecord]:
    """Decide several findings at once, all or none. ``version`` is the document
    version the decisions were made on (None: not checked)."""
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    _check_version(document, version)
    if not decisions:
        raise InvalidInput("没有要记录的决定（no decisions given）")
    findings = {f.id: f for f in document.current.findings}
    targets = []
    for item in decisions:
        finding = findings.get(item.finding_id)
        if finding is None:
            _missing(session, document, item.finding_id)
        _check_revision(session, finding, item.revision)
        targets.append((finding, item))
    undo = action == "findings.undo"
    changed = [_decide(finding, item, actor, undo=undo) for finding, item in targets]
    audit.record(
        session,
        actor=actor.username,
        action=action,
        document_id=document.id,
        after={"version": document.current.number, "decisions": changed},
    )
    return [finding for finding, _ in targets]


def accept_suggestions(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    category: str | None = None,
    expected: dict[int, int] | None = None,
    version: int | None = None,
) -> list[FindingRecord]:
    """Take the policy's suggestion for every undecided finding (of one category):
    remove what it says to remove, keep what it says to keep with its reason. Findings
    it left for review stay undecided.

    ``expected`` maps the findings the reviewer was shown (and asked about) to their
    revisions: if the set has changed since, nothing is decided and ``Conflict`` says so.
    """
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    _check_version(document, version)
    plan = suggested_decisions(document.current.findings, category)
    if expected is not None:
        planned = {item.finding_id for item in plan}
        if planned != set(expected):
            raise Conflict(
                f"自您打开页面后，可按建议处理的发现已有变化（您确认的是 {len(expected)} 处，"
                f"现在是 {len(planned)} 处），未作任何改动，请刷新页面"
                "（the findings to accept changed since the page was loaded）"
            )
        plan = [replace(item, revision=expected[item.finding_id]) for item in plan]
    if not plan:
        return []
    return decide_findings(
        session, document_id, actor, plan, version=version, action="findings.accept_suggestions"
    )


def suggested_decisions(
    findings: list[FindingRecord], category: str | None = None
) -> list[FindingDecision]:
    """What accepting the suggestions would decide: for each undecided finding whose
    policy action is redact or keep, that action (keep with the policy's reason, or the
    category's default one). The page counts these before it asks."""
    plan = []
    for f in findings:
        if f.decision is not None or (category is not None and f.category != category):
            continue
        if f.suggested_action == REDACT:
            plan.append(FindingDecision(f.id, REDACT, None, None, f.revision))
        elif f.suggested_action == KEEP:
            plan.append(FindingDecision(f.id, KEEP, default_keep_reason(f), None, f.revision))
    return plan


def default_keep_reason(finding: FindingRecord) -> str:
    """The reason to record when a reviewer keeps a finding without typing one."""
    if finding.suggested_action == KEEP and finding.action_reason:
        return finding.action_reason
    try:
        return DEFAULT_KEEP_REASONS.get(Category(finding.category), FALLBACK_KEEP_REASON)
    except ValueError:
        return FALLBACK_KEEP_REASON


def undo_decisions(
    session: Session,
    document_id: int,
    actor: Actor,
    restore: list[FindingDecision],
    *,
    version: int | None = None,
) -> list[FindingRecord]:
    """Undo: put findings back as they were before a decision (``decision`` None for
    undecided). A new, audited decision ("findings.undo"); nothing is removed."""
    return decide_findings(
        session, document_id, actor, restore, version=version, action="findings.undo"
    )


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
        raise InvalidInput("请指明哪些发现：类别、文字或两者（a category, a text, or both）")
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


#: The shapes of what a reviewer marks, most specific first: the category the page
#: offers for a span the detector missed.
GUESSES: tuple[tuple[re.Pattern, Category], ...] = tuple(
    (re.compile(pattern), category)
    for pattern, category in (
        (r"^\d{17}[\dXx]$|^\d{15}$", Category.ID_CARD),
        (r"^(?:\+?86)?1[3-9]\d{9}$", Category.MOBILE_PHONE),
        (r"^\(?0\d{2,3}\)?\d{7,8}$|^[2-9]\d{6,7}$", Category.LANDLINE_PHONE),
        (r"^\d{16,19}$", Category.BANK_CARD),
        (r"^[^@\s]+@[^@\s]+\.[^@\s]+$", Category.EMAIL),
        (r"^[EeGgDdSsPp][A-Za-z]?\d{7,8}$", Category.PASSPORT),
        (r"^[CcHhMmTt]\d{8}(?:\d{2})?$", Category.TRAVEL_PERMIT),
        (r"^(?:\d{1,3}\.){3}\d{1,3}$", Category.IP_ADDRESS),
        (
            r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}$",
            Category.LICENSE_PLATE,
        ),
        (
            r"\d{4}年\d{1,2}月(?:\d{1,2}日)?.*出?生|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$",
            Category.BIRTH_DATE,
        ),
        (r"(?:路|街|巷|弄|村|小区|大厦).*\d|\d+号|\d+室", Category.ADDRESS),
        (
            r"(?:局|厅|委员会|委|办公室|公司|中心|医院|学校|大学|银行|协会|研究所)$",
            Category.ORGANIZATION,
        ),
        (r"^[\u4e00-\u9fff·]{2,4}$", Category.PERSON_NAME),
    )
)


def guess_category(text: str) -> Category:
    """The likeliest category of a span by its shape: digits as an ID number or phone,
    two to four Han characters as a name … (the page offers it; the reviewer decides)."""
    compact = re.sub(r"[\s\-－—·•]", "", text) if re.search(r"\d", text) else text.strip()
    for pattern, category in GUESSES:
        if pattern.search(compact):
            return category
    return Category.DENY_LIST


def add_finding(
    session: Session,
    document_id: int,
    actor: Actor,
    *,
    start: int,
    end: int,
    category: str | None = None,
    reason: str | None = None,
    version: int | None = None,
) -> FindingRecord:
    """A span the detector missed, marked by the reviewer: decided for removal. Without
    a category, the one its shape suggests. A span overlapping a finding is refused,
    naming that finding: the reviewer decides that one instead (or marks beside it)."""
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    _check_version(document, version)
    text = (document.current.parsed or {}).get("text", "")
    if not 0 <= start < end <= len(text):
        raise InvalidInput(
            f"选中的范围 {start}–{end} 不在正文内（span outside the text 0..{len(text)}）"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidInput("选中的只有空白（the span is only whitespace）")
    category_ = _category(category) if category else guess_category(text[start:end])
    for other in document.current.findings:
        if other.start < end and start < other.end:
            same = other.start == start and other.end == end
            raise Conflict(
                f"“{text[start:end]}”"
                + ("已是" if same else "与")
                + f"第 {_ordinal(document, other)} 处发现“{other.text}”（{_label(other.category)}）"
                + ("，请直接对它作决定" if same else _OVERLAP_HINT)
                + "（the span overlaps a finding）"
            )
    finding = FindingRecord(
        version_id=document.current.id,
        start=start,
        end=end,
        category=category_.value,
        text=text[start:end],
        score=1.0,
        recognizer="reviewer",
        explanation=reason or "审查人员添加",
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


def withdraw_added(
    session: Session, document_id: int, actor: Actor, finding_id: int, *, version=None
) -> FindingRecord:
    """Undo of an added span: the span stays on record, kept (not removed), with why."""
    [finding] = undo_decisions(
        session,
        document_id,
        actor,
        [FindingDecision(finding_id, KEEP, "审查人员撤销添加")],
        version=version,
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
    version: int | None = None,
) -> DocumentRecord:
    """复审: the reviewer's decision, which moves the document on.

    主动公开 needs every finding decided and no 密级 marking; 不予公开 needs its ground.
    """
    actor.require(Permission.REVIEW)
    document = _in_review(session, document_id, actor)
    _check_version(document, version)
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
            raise PublicationBlocked(
                f"{blocked_reason(document)}；请选择不予公开（国家秘密），或由管理员先登记解密"
            )
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
        raise Conflict(
            "文件已在发布队列中，只能发布后再撤销"
            "（the document is in the publication queue; it leaves it only by publishing）"
        )
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


def _decide(
    finding: FindingRecord, item: FindingDecision, actor: Actor, *, undo: bool = False
) -> dict:
    if item.decision not in DECISIONS and not (undo and item.decision is None):
        raise InvalidInput(
            f"决定只能是删除或保留（a decision is {' or '.join(DECISIONS)}, not {item.decision!r}）"
        )
    if item.decision == KEEP and not (item.reason and item.reason.strip()):
        raise InvalidInput(
            f"保留“{finding.text}”须说明理由（keeping a flagged span needs a reason）"
        )
    before = {
        "decision": finding.decision,
        "category": finding.category,
        "reason": finding.decision_reason,
    }
    if item.category is not None and item.category != finding.category:
        category = _category(item.category)
        finding.category = category.value
        finding.legal_basis = _basis(category)
    finding.decision = item.decision
    finding.decision_reason = item.reason if item.decision is not None else None
    if item.decision is None:
        finding.decided_by = finding.decided_at = None
    else:
        finding.decided_by, finding.decided_at = actor.id, utcnow()
    finding.revision = (finding.revision or 0) + 1
    return {
        "finding_id": finding.id,
        "before": before,
        "decision": finding.decision,
        "category": finding.category,
        "reason": finding.decision_reason,
        "revision": finding.revision,
    }


def _check_version(document: DocumentRecord, version: int | None) -> None:
    if version is not None and version != document.current.number:
        raise Conflict(
            f"文件已有第 {document.current.number} 版，您看到的是第 {version} 版；"
            "未作改动，请刷新页面后再决定"
            "（the document has a newer version than the one the decision was made on）"
        )


def _check_revision(session: Session, finding: FindingRecord, revision: int | None) -> None:
    if revision is None or revision == (finding.revision or 0):
        return
    who = session.get(UserRecord, finding.decided_by) if finding.decided_by else None
    by = f"已由 {who.username} " if who is not None else "已被"
    raise Conflict(
        f"“{finding.text}”{by}在您打开页面后改动过（现为{_decision_label(finding.decision)}），"
        "未作改动，请刷新页面查看"
        "（another reviewer decided this finding since the page was loaded）"
    )


def _missing(session: Session, document: DocumentRecord, finding_id: int):
    """A finding of an earlier version is a stale page; anything else is not found."""
    finding = session.get(FindingRecord, finding_id)
    if finding is not None and any(v.id == finding.version_id for v in document.versions):
        raise Conflict(
            f"文件已有第 {document.current.number} 版，这一处属于旧版本；请刷新页面"
            "（the finding belongs to an earlier version of the document）"
        )
    raise NotFound(f"文件中没有这一处发现（document {document.id} has no finding {finding_id}）")


def _decision_label(decision: str | None) -> str:
    return {REDACT: "删除", KEEP: "保留"}.get(decision, "未决")


def _label(category: str) -> str:
    try:
        return Category(category).label
    except ValueError:
        return category


def _ordinal(document: DocumentRecord, finding: FindingRecord) -> int:
    """The finding's number as the page lists it (by position, from 1)."""
    ordered = sorted(document.current.findings, key=lambda f: (f.start, f.id))
    return next(i for i, f in enumerate(ordered, 1) if f.id == finding.id)


def _in_review(session: Session, document_id: int, actor: Actor) -> DocumentRecord:
    """The document, locked for the change the caller makes, if it is in review."""
    document = get_document(session, document_id, actor, for_update=True)
    if document.state not in REVIEWABLE:
        label = State(document.state).label
        raise Conflict(
            f"文件处于“{label}”，审查决定不能再改动"
            + ("；如需改动，请先重新审查" if document.state in _REOPENABLE else "")
            + f"（the document is {document.state}, not in review）"
        )
    return document


_OVERLAP_HINT = "重叠，不能再添加；请对该处作决定，或只选中它旁边漏掉的文字"
_REOPENABLE = frozenset({State.CLEARED, State.WITHHELD, State.ON_APPLICATION})


def _attribute_and_ground(
    attribute: str, ground: str | None
) -> tuple[DisclosureAttribute, Ground | None]:
    try:
        attribute_ = DisclosureAttribute(attribute)
    except ValueError:
        choices = "、".join(a.value for a in DisclosureAttribute)
        raise InvalidInput(f"公开属性只能是{choices}（unknown attribute {attribute!r}）") from None
    if attribute_ is not DisclosureAttribute.WITHHELD:
        if ground:
            raise InvalidInput("只有不予公开才注明理由（a ground is given only for 不予公开）")
        return attribute_, None
    if not ground:
        raise InvalidInput("不予公开须注明理由（第十四、十五、十六条）（needs its legal ground）")
    try:
        return attribute_, Ground(ground)
    except ValueError:
        choices = "、".join(g.value for g in Ground)
        raise InvalidInput(f"不予公开理由只能是{choices}（unknown ground {ground!r}）") from None


def _category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise InvalidInput(f"没有这个类别（unknown finding category {value!r}）") from None


def _basis(category: Category) -> str:
    """The ground for removing a span a reviewer chose: an organisation's data is removed
    as 商业秘密, anything else as 个人隐私."""
    if category in (Category.CREDIT_CODE, Category.ORGANIZATION):
        return TRADE_SECRET_BASIS
    return PRIVACY_BASIS
