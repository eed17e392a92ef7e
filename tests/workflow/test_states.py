"""Only the moves of the state machine are possible; every other one is refused."""

from __future__ import annotations

from itertools import pairwise

import pytest

from core.errors import IllegalTransition
from workflow.states import (
    APPLICATION_TRANSITIONS,
    APPLICATIONS,
    TRANSITIONS,
    ApplicationState,
    State,
    check_transition,
)


def test_the_path_to_publication_is_allowed():
    path = [
        State.UPLOADED,
        State.PROCESSING,
        State.IN_REVIEW,
        State.CLEARED,
        State.QUEUED,
        State.PUBLISHED,
        State.REVOKED,
    ]
    for current, target in pairwise(path):
        check_transition(current.value, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (State.IN_REVIEW, State.QUEUED),  # release before clearing
        (State.WITHHELD, State.QUEUED),  # a withheld document is never published
        (State.PROCESSING, State.CLEARED),
        (State.PUBLISHED, State.IN_REVIEW),  # revoke it instead
        (State.REVOKED, State.PUBLISHED),
        (State.FAILED, State.IN_REVIEW),  # only a retry leaves failed
    ],
)
def test_illegal_moves_are_refused_with_a_clear_error(current, target):
    with pytest.raises(IllegalTransition) as info:
        check_transition(current.value, target)
    assert current.value in info.value.message and target.value in info.value.message


def test_every_state_has_its_moves_and_revoked_is_final():
    assert set(TRANSITIONS) == set(State)
    assert TRANSITIONS[State.REVOKED] == frozenset()
    assert State.PUBLISHED not in {
        t for s, ts in TRANSITIONS.items() if s != State.QUEUED for t in ts
    }


def test_an_application_goes_from_registration_to_archive_and_nowhere_else():
    A = ApplicationState
    assert set(APPLICATION_TRANSITIONS) == set(A)
    for current, target in pairwise(
        [
            A.RECEIVED,
            A.CORRECTION,
            A.RECEIVED,
            A.CONSULTATION,
            A.RECEIVED,
            A.REPLIED,
            A.DELIVERED,
            A.CLOSED,
            A.ARCHIVED,
        ]
    ):
        APPLICATIONS.check(current.value, target)
    for current, target in [
        (A.CONSULTATION, A.REPLIED),  # the consultation ends first
        (A.REPLIED, A.RECEIVED),  # an answer is not taken back
        (A.RECEIVED, A.CLOSED),  # closed only once delivered
        (A.ARCHIVED, A.RECEIVED),
    ]:
        with pytest.raises(IllegalTransition) as info:
            APPLICATIONS.check(current.value, target)
        assert "申请" in info.value.message and target.value in info.value.message
    assert APPLICATION_TRANSITIONS[A.ARCHIVED] == frozenset()


def test_no_code_but_the_machine_assigns_a_document_state():
    """The one door: ``Machine.move``/``start`` are the only writers of ``.state`` on a
    document or an application (publication and batch records have their own small
    lifecycles); the walk covers the applications' modules as every other."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed_owners = {"publication", "batch", "item", "job"}
    offenders = []
    for package in ("workflow", "api", "cli", "store", "classify", "redact", "ingest"):
        for path in (root / package).rglob("*.py"):
            if path == root / "workflow" / "states.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                targets = node.targets if isinstance(node, ast.Assign) else []
                for target in targets:
                    if isinstance(target, ast.Attribute) and target.attr == "state":
                        owner = ast.unparse(target.value)
                        if not any(word in owner for word in allowed_owners):
                            offenders.append(f"{path.relative_to(root)}:{node.lineno} {owner}")
    assert offenders == []
