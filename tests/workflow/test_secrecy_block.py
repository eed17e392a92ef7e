"""A 密级, in any of the forms that once went out, never reaches ``published`` — on
either database — and a new version without it does not unblock the document: only an
audited 解密 by an admin does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import Conflict, Forbidden, PublicationBlocked
from store.records import AuditRecord, DocumentRecord
from workflow import declassify, publish, review
from workflow.review import FindingDecision
from workflow.users import Actor, Role, create_user

BODY = (
    "某某局文件\n某人发〔2021〕1号\n关于印发某某管理办法的通知\n各单位：\n"
    "现将办法印发给你们，请遵照执行。\n某某局\n2021年5月6日\n（此件公开发布）\n"
)
VARIANTS = [
    "秘 密★1年",
    "机\u3000密★5年",
    "秘密*1年",
    "秘密☆1年",
    "秘密＊1年",
    "秘\u200b密★1年",
    "【秘密】",
    "000123 秘密★1年",
    "密级：内部",  # unclear: blocks too
]


def try_to_publish(office, doc_id) -> str:
    """Everything a reviewer and a publisher could do to get it out: the refusal."""
    with office.runtime.session() as session:
        review.propose_attribute(session, doc_id, office.drafter, "主动公开")
        findings = review.findings_of(session, doc_id, office.reviewer)
        if findings:
            review.decide_findings(
                session,
                doc_id,
                office.reviewer,
                [FindingDecision(f.id, "keep", "测试") for f in findings],
            )
    with office.runtime.session() as session, pytest.raises(PublicationBlocked) as refused:
        review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
    return refused.value.message


def state_of(office, doc_id) -> str:
    with office.runtime.session() as session:
        return session.get(DocumentRecord, doc_id).state


@pytest.mark.parametrize("marking", VARIANTS)
def test_no_variant_reaches_publication(office, marking):
    doc_id = office.upload(f"{marking}\n{BODY}".encode(), "通知.txt")
    message = try_to_publish(office, doc_id)
    assert "密级" in message and "第十四条" in message
    with office.runtime.session() as session, pytest.raises(PublicationBlocked):
        publish.release(session, doc_id, office.publisher)
    assert state_of(office, doc_id) == "in_review"


@pytest.fixture
def admin(office) -> Actor:
    with office.runtime.session() as session:
        user, _ = create_user(session, username="chief", role=Role.ADMIN, office="保密办")
        return Actor.of(user)


def test_the_block_outlives_a_version_without_the_marking_until_declassified(office, admin):
    doc_id = office.upload(f"秘密★1年\n{BODY}".encode(), "通知.txt")
    # The drafter drops the marking and uploads again.
    office.upload(BODY.encode(), "通知.txt", document_id=doc_id)
    message = try_to_publish(office, doc_id)
    assert "第 1 版" in message and "秘密★1年" in message

    with office.runtime.session() as session:
        with pytest.raises(Forbidden):
            declassify.declassify(session, doc_id, office.reviewer, basis="保密期限已满")
        record = declassify.declassify(session, doc_id, admin, basis="保密期限已满，定密机关通知")
        assert record.covers_version == 2
        with pytest.raises(Conflict):  # nothing left to lift
            declassify.declassify(session, doc_id, admin, basis="再次")
    with office.runtime.session() as session:
        document = review.decide_attribute(session, doc_id, office.reviewer, attribute="主动公开")
        assert document.state == "cleared"
        entry = session.scalar(
            select(AuditRecord).where(AuditRecord.action == "document.declassify")
        )
        assert entry.actor == "chief" and entry.after["basis"].startswith("保密期限已满")
        publish.release(session, doc_id, office.publisher)
    assert publish.publish_document(office.runtime, doc_id) == "published"


def test_a_marking_on_a_later_version_blocks_again(office, admin):
    doc_id = office.upload(f"机密★5年\n{BODY}".encode(), "通知.txt")
    with office.runtime.session() as session:
        declassify.declassify(session, doc_id, admin, basis="已解密")
        assert not session.get(DocumentRecord, doc_id).publication_blocked
    office.upload(f"秘密★1年\n{BODY}\n补充。".encode(), "通知.txt", document_id=doc_id)
    message = try_to_publish(office, doc_id)
    assert "第 2 版" in message and "秘密★1年" in message
