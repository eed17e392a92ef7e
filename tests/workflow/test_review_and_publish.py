"""Two-step review, the publication queue and revocation, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from core.datamodel import MediaType
from core.errors import (
    Conflict,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotReady,
    PublicationBlocked,
)
from ingest import extract_bytes
from redact.verify import extract_all, squash
from store.records import VersionRecord
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf
from workflow import intake, publish, review
from workflow.review import FindingDecision
from workflow.users import Actor, Role, create_user


def decide_all_as_suggested(office, doc_id):
    with office.runtime.session() as session:
        findings = review.findings_of(session, doc_id, office.reviewer)
        decisions = [
            FindingDecision(f.id, "keep", f.action_reason or "公务人员履职信息")
            if f.suggested_action == "keep"
            else FindingDecision(f.id, "redact")
            for f in findings
        ]
        review.decide_findings(session, doc_id, office.reviewer, decisions)
        return findings


def test_review_clear_publish_and_revoke(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        with pytest.raises(NotReady, match="初审"):
            review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        with pytest.raises(NotReady, match="finding"):
            review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        with pytest.raises(Forbidden):  # a drafter cannot decide findings
            review.decide_matching(
                session, doc_id, office.drafter, decision="redact", category="mobile_phone"
            )

    findings = decide_all_as_suggested(office, doc_id)
    private = {f.text for f in findings if f.suggested_action != "keep"}
    assert {"张晓燕", "13907745678"} <= private

    with office.runtime.session() as session:
        with pytest.raises(IllegalTransition):  # not cleared yet
            publish.release(session, doc_id, office.publisher)
        document = review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        assert document.state == "cleared"
        assert document.category  # taken from the suggestion
        with pytest.raises(Forbidden):  # reviewers do not release
            publish.release(session, doc_id, office.reviewer)
        publish.release(session, doc_id, office.publisher)

    assert publish.publish_document(office.runtime, doc_id) == "published"
    assert publish.publish_document(office.runtime, doc_id) == "published"  # idempotent

    target = office.runtime.settings.publication_target
    index = json.loads((target / "index.json").read_text(encoding="utf-8"))
    [item] = index["items"]
    assert item["doc_number"] == "贺人社报〔2021〕8号" and item["attribute"] == "主动公开"
    published = (target / item["file"]).read_bytes()
    text = extract_bytes(published, filename="x.docx").text
    for value in private:
        assert value not in text
    assert "关于申请拨付2021年就业补助资金的请示" in text
    meta = json.loads((target / str(doc_id) / "meta.json").read_text(encoding="utf-8"))
    assert {r["category"] for r in meta["redactions"]} >= {"person_name", "mobile_phone"}
    assert all(r["reviewer"] == "reviewer" for r in meta["redactions"])

    successor = office.upload(render_pdf(NOTICE), "通知.pdf")
    with office.runtime.session() as session:
        with pytest.raises(InvalidInput):
            publish.revoke(
                session,
                doc_id,
                office.publisher,
                kind="删除",
                effective=date(2026, 1, 1),
                target=target,
            )
        publish.revoke(
            session,
            doc_id,
            office.publisher,
            kind="废止",
            effective=date(2026, 12, 1),
            successor_id=successor,
            target=target,
        )
    index = json.loads((target / "index.json").read_text(encoding="utf-8"))
    assert index["items"][0]["revocation"] == {
        "kind": "废止",
        "effective": "2026-12-01",
        "successor_document_id": successor,
    }


def test_a_secret_document_can_never_be_cleared(office):
    doc_id = office.upload(render_docx(SECRET), "通报.docx")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        document = intake.get_document(session, doc_id, office.reviewer)
        assert document.publication_blocked
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        with pytest.raises(PublicationBlocked):
            review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        with pytest.raises(InvalidInput, match="ground"):
            review.decide_attribute(session, doc_id, office.reviewer, attribute="不予公开")
        document = review.decide_attribute(
            session, doc_id, office.reviewer, attribute="不予公开", ground="国家秘密"
        )
        assert document.state == "withheld"
        with pytest.raises(PublicationBlocked):
            publish.release(session, doc_id, office.publisher)


def test_findings_rules(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        findings = review.findings_of(session, doc_id, office.reviewer)
        phone = next(f for f in findings if f.text == "13907745678")
        with pytest.raises(InvalidInput, match="reason"):
            review.decide_findings(
                session, doc_id, office.reviewer, [FindingDecision(phone.id, "keep")]
            )
        with pytest.raises(InvalidInput):
            review.decide_findings(
                session, doc_id, office.reviewer, [FindingDecision(phone.id, "maybe")]
            )

    with office.runtime.session() as session:
        text = intake.get_document(session, doc_id, office.reviewer).current.parsed["text"]
        start = text.index("叁佰贰拾万元")
        added = review.add_finding(
            session,
            doc_id,
            office.reviewer,
            start=start,
            end=start + 6,
            category="deny_list",
            reason="金额未定",
        )
        assert added.text == "叁佰贰拾万元" and added.decision == "redact"
        with pytest.raises(InvalidInput):
            review.add_finding(
                session, doc_id, office.reviewer, start=5, end=10**6, category="person_name"
            )
        changed = review.decide_matching(
            session, doc_id, office.reviewer, decision="redact", text="张晓燕"
        )
        assert [f.text for f in changed] == ["张晓燕"]
        [changed] = review.decide_findings(
            session,
            doc_id,
            office.reviewer,
            [FindingDecision(phone.id, "redact", category="landline_phone")],
        )
        assert changed.category == "landline_phone"


def test_a_failed_check_at_publication_sends_the_document_back(office):
    doc_id = office.upload(render_pdf(NOTICE), "通知.pdf")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        publish.release(session, doc_id, office.publisher)
        # The reviewed text no longer matches what the file reads as: nothing may go out.
        version = session.scalar(select(VersionRecord))
        version.parsed = {**version.parsed, "text": version.parsed["text"] + "。"}
    assert publish.publish_document(office.runtime, doc_id) == "in_review"
    with office.runtime.session() as session:
        [publication] = publish.publications_of(session, doc_id, office.publisher)
        assert publication.state == "failed" and "differently" in publication.error
    assert not (office.runtime.settings.publication_target / str(doc_id)).exists()


def test_four_eyes_and_reopen(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        with pytest.raises(Forbidden):  # a reviewer does not make the 初审
            review.propose_attribute(session, doc_id, office.reviewer, "依申请公开")
        admin = Actor.of(
            create_user(session, username="chief", role=Role.ADMIN, office="保密办")[0]
        )
        review.propose_attribute(session, doc_id, admin, "依申请公开")
        with pytest.raises(Conflict, match="someone other"):
            review.decide_attribute(session, doc_id, admin, attribute="依申请公开")
        document = review.decide_attribute(session, doc_id, office.reviewer, attribute="依申请公开")
        assert document.state == "on_application"
        with pytest.raises(Conflict):  # decisions change only in review
            review.decide_matching(
                session,
                doc_id,
                office.reviewer,
                decision="keep",
                reason="x",
                text="张晓燕",
                undecided_only=False,
            )
        with pytest.raises(InvalidInput):
            review.reopen(session, doc_id, office.reviewer, " ")
        assert (
            review.reopen(session, doc_id, office.reviewer, "申请人补充材料").state == "in_review"
        )


def test_published_pdf_passes_the_leak_check(office):
    data = render_pdf(REQUEST)
    doc_id = office.upload(data, "请示.pdf")
    findings = decide_all_as_suggested(office, doc_id)
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        publish.release(session, doc_id, office.publisher)
    assert publish.publish_document(office.runtime, doc_id) == "published"
    target = office.runtime.settings.publication_target
    path = target / str(doc_id) / f"{doc_id}-v1.pdf"
    removed = [squash(f.text) for f in findings if f.suggested_action != "keep"]
    texts, _ = extract_all(MediaType.PDF, path.read_bytes())
    assert removed and texts
    for tool, text in texts.items():
        assert not [value for value in removed if value in squash(text)], tool
