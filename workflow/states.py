"""A document's states and the only moves between them.

uploaded → processing → in_review → cleared | withheld | on_application;
cleared → queued → published → revoked. ``failed`` holds a document whose processing
failed until it is retried; nothing in it is lost.
"""

from __future__ import annotations

from enum import StrEnum

from core.errors import IllegalTransition


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


def check_transition(current: str, target: State) -> None:
    state = State(current)
    if target not in TRANSITIONS[state]:
        allowed = "、".join(s.value for s in sorted(TRANSITIONS[state])) or "none"
        raise IllegalTransition(
            f"文件处于“{state.label}”，不能转为“{target.label}”"
            f"（a document in state {state.value} cannot move to {target.value}; "
            f"from here: {allowed}）"
        )
