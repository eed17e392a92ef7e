"""Retraining the classifier from the reviewers' decisions: replaced only when the
candidate is no worse on a held-out slice of those decisions, and recorded."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from sqlalchemy import select

from classify import active_model
from classify.dataset import Labelled
from core.datamodel import DisclosureAttribute
from core.errors import NotReady
from ingest import extract_bytes
from store.records import AuditRecord
from tests.docgen import NOTICE, REQUEST, Line, render_docx
from tests.workflow.test_review_and_publish import decide_all_as_suggested
from workflow import review
from workflow.retrain import retrain_from_decisions


def variant(spec, n: int):
    lines = tuple(
        Line("number", f"贺人社发〔2023〕{n}号") if line.role == "number" else line
        for line in spec.lines
    )
    return replace(spec, lines=(*lines, Line("body", f"本件为第{n}号文件。")))


def decide(office, spec, n: int, attribute: str) -> None:
    doc_id = office.upload(render_docx(variant(spec, n)), f"{spec.name}-{n}.docx")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, attribute)
        review.decide_attribute(session, doc_id, office.reviewer, attribute=attribute)


def test_retraining_from_decisions(office):
    with pytest.raises(NotReady, match="two attributes"):
        retrain_from_decisions(office.runtime)
    for n in range(1, 6):
        decide(office, NOTICE, n, "主动公开")
        decide(office, REQUEST, 100 + n, "依申请公开")

    first = retrain_from_decisions(office.runtime)
    assert first.replaced and first.active_version is None
    assert first.held_out == 3 and first.new_accuracy == 1.0  # a quarter of ten, rounded up
    model = active_model(office.runtime.settings.classifier_path)
    assert model.version == first.version

    # Extra training data that contradicts the office (labels at random) makes a worse
    # candidate: the active model stays.
    rng = random.Random(3)
    noise = [
        Labelled(
            extract_bytes(render_docx(variant(spec, 500 + n)), filename=f"n{n}.docx"),
            rng.choice([DisclosureAttribute.PROACTIVE, DisclosureAttribute.ON_APPLICATION])
            if n % 2
            else (
                DisclosureAttribute.ON_APPLICATION
                if spec is NOTICE
                else DisclosureAttribute.PROACTIVE
            ),
        )
        for n in range(40)
        for spec in (NOTICE, REQUEST)
    ]
    second = retrain_from_decisions(office.runtime, corpus=noise)
    assert not second.replaced, second
    assert second.new_accuracy < second.active_accuracy
    assert active_model(office.runtime.settings.classifier_path).version == first.version

    with office.runtime.session() as session:
        actions = session.scalars(
            select(AuditRecord.action).where(AuditRecord.action.like("classifier.%"))
        ).all()
    assert actions == ["classifier.replace", "classifier.keep"]
