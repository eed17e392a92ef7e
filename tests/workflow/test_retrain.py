"""Retraining the classifier from the reviewers' decisions and from a marked archive:
replaced only when the suggestion with the candidate is no worse on a held-out slice of
the office's labelled documents, and recorded."""

from __future__ import annotations

import random
from argparse import Namespace
from dataclasses import replace

import pytest
from sqlalchemy import select

from classify import active_model
from classify.dataset import Labelled
from cli.train_cmd import run_classifier
from core.datamodel import DisclosureAttribute, ElementName
from core.errors import NotReady
from ingest import extract_bytes
from store.records import AuditRecord
from tests.docgen import NOTICE, REQUEST, SECRET, Line, render_docx
from tests.workflow.test_review_and_publish import decide_all_as_suggested
from workflow import review
from workflow.retrain import retrain_from_decisions


def variant(spec, n: int):
    lines = tuple(
        Line("number", f"贺人社发〔2023〕{n}号") if line.role == "number" else line
        for line in spec.lines
    )
    return replace(spec, lines=(*lines, Line("body", f"本件为第{n}号文件。")))


def decide(office, spec, n: int, attribute: str, ground: str | None = None) -> None:
    doc_id = office.upload(render_docx(variant(spec, n)), f"{spec.name}-{n}.docx")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, attribute, ground)
        review.decide_attribute(
            session, doc_id, office.reviewer, attribute=attribute, ground=ground
        )


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


def with_marking(spec, n: int, marking: str | None):
    """A variant whose 附注 marking says ``marking`` (or carries none)."""
    spec = variant(spec, n)
    lines = tuple(line for line in spec.lines if not (line.role == "note" and "此件" in line.text))
    if marking:
        lines = (*lines, Line("note", f"（{marking}）"))
    return replace(spec, lines=lines)


def internal_notice(n: int):
    """A notice to one unit on an unnamed matter: nothing the rules can read decides it
    (their suggestion is the law's default, unsure); this office marks them 依申请公开."""
    lines = tuple(
        Line("title", "关于有关事项的通知")
        if line.role == "title"
        else Line("addressee", "市社会保险事业管理中心：")
        if line.role == "addressee"
        else line
        for line in with_marking(NOTICE, n, "此件依申请公开").lines
    )
    return replace(NOTICE, lines=lines)


def test_retraining_from_a_marked_archive(office, capsys):
    from workflow.retrain import archive_examples, retrain_from_archive

    for n in range(1, 6):
        office.upload(render_docx(with_marking(NOTICE, n, "此件公开发布")), f"n{n}.docx")
        office.upload(render_docx(internal_notice(100 + n)), f"r{n}.docx")
        office.upload(render_docx(with_marking(SECRET, 200 + n, None)), f"s{n}.docx")
    # Not labelled at all: no marking, no decision.
    office.upload(render_docx(with_marking(NOTICE, 300, None)), "plain.docx")
    # A reviewer's decision outranks the document's own marking.
    decide(office, NOTICE, 400, "不予公开", "内部事务信息")

    examples = archive_examples(office.runtime)
    origins = [origin for _, origin in examples]
    assert (origins.count("markings"), origins.count("decisions")) == (15, 1)
    labels = [item.attribute.value for item, _ in examples]
    assert (labels.count("主动公开"), labels.count("依申请公开"), labels.count("不予公开")) == (
        5,
        5,
        6,
    )
    secret = [item for item, _ in examples if item.document.element(ElementName.SECRECY)]
    assert len(secret) == 5 and all(item.attribute.value == "不予公开" for item in secret)

    result = retrain_from_archive(office.runtime)
    # The rules alone suggest the law's default for the office's 依申请公开 notices; a
    # model trained on the office's archive learns them.
    assert result.baseline == "rules" and result.active_version is None
    assert result.replaced
    assert result.new_accuracy > result.baseline_accuracy
    assert result.examples == {"markings": 15, "decisions": 1}
    assert result.held_out == 4
    assert set(result.per_class) == {"主动公开", "依申请公开", "不予公开"}
    sizes = [point["documents"] for point in result.learning_curve]
    assert len(sizes) == 4 and sizes == sorted(sizes) and sizes[-1] == result.documents
    model = active_model(office.runtime.settings.classifier_path)
    assert model.version == result.version
    card = (office.runtime.settings.classifier_path / result.version / "MODEL_CARD.md").read_text(
        encoding="utf-8"
    )
    assert "Learning curve" in card and "--from-archive" in card

    with office.runtime.session() as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "classifier.replace")
        ).one()
    assert entry.after["source"] == "archive" and entry.before["baseline"] == "rules"

    # The command prints the comparison, the per-attribute figures and the curve.
    args = Namespace(data=[], out=None, seed=0, from_archive=True, from_decisions=False)
    assert run_classifier(args, office.runtime.settings) == 0
    printed = capsys.readouterr().out
    assert f"suggestion with model {result.version} (today)" in printed
    assert all(name in printed for name in ("主动公开", "依申请公开", "不予公开"))
    assert printed.count("of the training part") == 4


def test_an_archive_without_enough_labels_is_not_ready(office):
    from workflow.retrain import retrain_from_archive

    for n in range(1, 4):
        office.upload(render_docx(with_marking(NOTICE, n, "此件公开发布")), f"n{n}.docx")
    with pytest.raises(NotReady, match="marked"):
        retrain_from_archive(office.runtime)
