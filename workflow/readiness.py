"""What a document still needs before it can be released, said the way the reviewer
page says it: the real reason, in Chinese, most fundamental first (a 密级 before any
count of undecided findings)."""

from __future__ import annotations

from store.records import DocumentRecord, FindingRecord
from workflow.declassify import blocked_reason
from workflow.states import State


def release_refusal(document: DocumentRecord, findings: list[FindingRecord]) -> str | None:
    """Why the document cannot be released now, or None when it can."""
    state = State(document.state)
    if document.publication_blocked:
        return f"{blocked_reason(document)}。"
    if state is State.CLEARED:
        return None
    if state is State.IN_REVIEW:
        undecided = sum(1 for f in findings if f.decision is None)
        if undecided:
            return f"还在审查中：还有 {undecided} 处发现未决定，复审也未作出。"
        if document.proposed_attribute is None:
            return "还在审查中：拟稿处室尚未提出初审意见。"
        return "还在审查中：尚未作出复审决定（主动公开）。"
    if state is State.WITHHELD:
        ground = f"（{document.ground}）" if document.ground else ""
        return f"复审决定不予公开{ground}，不发布。"
    if state is State.ON_APPLICATION:
        return "复审决定依申请公开：列入依申请公开目录，不主动发布。"
    if state is State.QUEUED:
        return "已在发布队列中，正在发布。"
    if state is State.PUBLISHED:
        return "已发布。"
    if state is State.REVOKED:
        return "已发布后撤销（修改/废止/失效），不能再发布。"
    if state is State.FAILED:
        return "处理失败，须先重新处理。"
    return f"文件处于“{state.label}”，尚不能发布。"
