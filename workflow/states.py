"""A document's states, the only moves between them, and the one door they go through.

uploaded → processing → in_review → cleared | withheld | on_application;
cleared → queued → published → revoked. ``failed`` holds a document whose processing
failed until it is retried; nothing in it is lost.

No code assigns a state: ``Machine.move`` checks the move against its table, sets the
state and writes the audit entry in the caller's transaction, so a state never changes
without its record and a record never describes a move that was not allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from core.errors import IllegalTransition
from workflow import audit


class State(StrEnum):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    FAILED = "failed"
    IN_REVIEW = "in_review"
    CLEARED = "cleared"
    WITHHELD = "withheld"
    ON_APPLICATION = "on_application"
    QUEUED = "queued"
    PUBLISHED = "published"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.UPLOADED: "已上传",
    State.PROCESSING: "处理中",
    State.FAILED: "处理失败",
    State.IN_REVIEW: "审查中",
    State.CLEARED: "已通过（待发布）",
    State.WITHHELD: "不予公开",
    State.ON_APPLICATION: "依申请公开",
    State.QUEUED: "发布队列中",
    State.PUBLISHED: "已发布",
    State.REVOKED: "已撤销",
}

#: Where each state may go. Back to in_review: a reviewer reopens a decision, or the
#: publisher's leak check failed. Back to processing: a new version was uploaded.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.UPLOADED: frozenset({State.PROCESSING}),
    State.PROCESSING: frozenset({State.IN_REVIEW, State.FAILED}),
    State.FAILED: frozenset({State.PROCESSING}),
    State.IN_REVIEW: frozenset(
        {State.CLEARED, State.WITHHELD, State.ON_APPLICATION, State.PROCESSING}
    ),
    State.CLEARED: frozenset({State.QUEUED, State.IN_REVIEW, State.PROCESSING}),
    State.WITHHELD: frozenset({State.IN_REVIEW, State.PROCESSING}),
    State.ON_APPLICATION: frozenset({State.IN_REVIEW, State.PROCESSING}),
    State.QUEUED: frozenset({State.PUBLISHED, State.IN_REVIEW}),
    State.PUBLISHED: frozenset({State.REVOKED}),
    State.REVOKED: frozenset(),
}

#: States in which a reviewer's decisions can still change.
REVIEWABLE = frozenset({State.IN_REVIEW})


@dataclass(frozen=True)
class Machine:
    """A state machine over records with a ``state`` column and an ``id``."""

    #: What its records are called in messages (文件, 申请).
    noun: str
    states: type[StrEnum]
    transitions: Mapping[Any, frozenset]
    #: The state a new record starts in.
    initial: Any
    #: What the audit entry points at: the record's id as a document or an application.
    subject: str = "document"

    def check(self, current: str, target) -> None:
        state = self.states(current)
        if target not in self.transitions[state]:
            allowed = "、".join(s.value for s in sorted(self.transitions[state])) or "none"
            raise IllegalTransition(
                f"{self.noun}处于“{_label(state)}”，不能转为“{_label(target)}”"
                f"（state {state.value} cannot move to {target.value}; from here: {allowed}）"
            )

    def move(
        self,
        session: Session,
        record,
        target,
        *,
        actor: str,
        action: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Check the move, make it and record it: the only way a state changes."""
        current = record.state
        self.check(current, target)
        record.state = target.value
        self._record(session, record, actor, action, {"state": current, **(before or {})}, after)

    def start(
        self,
        session: Session,
        record,
        *,
        actor: str,
        action: str,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Put a new record (already added to the session) in its initial state."""
        if record.state is not None:
            raise IllegalTransition(f"{self.noun}已有状态“{record.state}”，不能重新开始")
        record.state = self.initial.value
        session.flush()
        self._record(session, record, actor, action, None, after)

    def _record(self, session, record, actor, action, before, after) -> None:
        subject = {"application_id": record.id} if self.subject == "application" else {}
        audit.record(
            session,
            actor=actor,
            action=action,
            document_id=None if subject else record.id,
            before=before,
            after={"state": record.state, **(after or {})},
            **subject,
        )


def _label(state) -> str:
    return getattr(state, "label", state.value)


#: Documents. Processing starts at once, so a new document begins in ``processing``.
DOCUMENTS = Machine("文件", State, TRANSITIONS, State.PROCESSING)


def check_transition(current: str, target: State) -> None:
    DOCUMENTS.check(current, target)


class ApplicationState(StrEnum):
    """A 政府信息公开申请 from registration to its archive (第二十七条 onward)."""

    RECEIVED = "received"  # 办理中: the reply clock runs
    CORRECTION = "correction"  # 待补正: the clock waits for the corrected application
    CONSULTATION = "consultation"  # 征求意见中: the days do not count
    REPLIED = "replied"  # 已答复
    DELIVERED = "delivered"  # 已送达
    CLOSED = "closed"  # 已办结
    ARCHIVED = "archived"  # 已归档

    @property
    def label(self) -> str:
        return APPLICATION_STATE_LABELS[self]


APPLICATION_STATE_LABELS = {
    ApplicationState.RECEIVED: "办理中",
    ApplicationState.CORRECTION: "待补正",
    ApplicationState.CONSULTATION: "征求意见中",
    ApplicationState.REPLIED: "已答复",
    ApplicationState.DELIVERED: "已送达",
    ApplicationState.CLOSED: "已办结",
    ApplicationState.ARCHIVED: "已归档",
}

#: A consultation ends before the reply (its answer is what the reply weighs); an
#: application waiting for its 补正 is answered only by 其他处理 (逾期不补正).
APPLICATION_TRANSITIONS: dict[ApplicationState, frozenset[ApplicationState]] = {
    ApplicationState.RECEIVED: frozenset(
        {ApplicationState.CORRECTION, ApplicationState.CONSULTATION, ApplicationState.REPLIED}
    ),
    ApplicationState.CORRECTION: frozenset({ApplicationState.RECEIVED, ApplicationState.REPLIED}),
    ApplicationState.CONSULTATION: frozenset({ApplicationState.RECEIVED}),
    ApplicationState.REPLIED: frozenset({ApplicationState.DELIVERED}),
    ApplicationState.DELIVERED: frozenset({ApplicationState.CLOSED}),
    ApplicationState.CLOSED: frozenset({ApplicationState.ARCHIVED}),
    ApplicationState.ARCHIVED: frozenset(),
}

APPLICATIONS = Machine(
    "申请",
    ApplicationState,
    APPLICATION_TRANSITIONS,
    ApplicationState.RECEIVED,
    subject="application",
)
