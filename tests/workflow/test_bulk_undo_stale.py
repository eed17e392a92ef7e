"""Decisions in bulk, undo, and stale decisions, on SQLite and PostgreSQL: accepting
the suggestions decides exactly what the policy suggested (with its reasons), an undo is
a new audited decision, and a decision made on an outdated page is refused."""

from __future__ import annotations

import pytest

from core.errors import Conflict, PublicationBlocked
from tests.docgen import REQUEST, SECRET, render_docx, render_pdf
from workflow import audit, intake, review
from workflow.readiness import release_refusal
from workflow.review import FindingDecision, guess_category
from workflow.users import Actor, Role, create_user


def findings(office, doc_id):
    with office.runtime.session() as session:
        return {f.text: f for f in review.findings_of(session, doc_id, office.reviewer)}


def test_accepting_the_suggestions_decides_what_the_policy_said(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    before = findings(office, doc_id)
    suggested = {t: f.suggested_action for t, f in before.items()}
    assert suggested["王建国"] == "keep" and suggested["张晓燕"] == "review"
    with office.runtime.session() as session:
        decided = review.accept_suggestions(session, doc_id, office.reviewer, version=1)
    assert {f.text for f in decided} == {t for t, a in suggested.items() if a != "review"}
    after = findings(office, doc_id)
    for text, finding in after.items():
        if suggested[text] == "review":
            assert finding.decision is None  # left for the reviewer
        else:
            assert finding.decision == suggested[text]
            assert finding.revision == 1
    # Kept with the policy's own reason: nobody typed it.
    assert after["王建国"].decision_reason == before["王建国"].action_reason
    assert "签发人" in after["王建国"].decision_reason
    with office.runtime.session() as session:
        [entry] = [
            e for e in audit.trail(session, doc_id) if e.action == "findings.accept_suggestions"
        ]
    assert entry.actor == "reviewer" and len(entry.after["decisions"]) == len(decided)


PENALTY = (
    "贺州市人力资源和社会保障局\n行政处罚决定书\n贺人社罚〔2021〕5号\n"
    "当事人：陈建华，男，住址：贺州市八步区建设中路18号3栋201室，联系电话：13907745678。\n"
    "经查，当事人拖欠劳动者工资共计人民币86000元。\n局长：张志强\n2021年6月8日\n"
)


def test_accepting_one_category_and_what_the_reviewer_was_shown(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        [name] = review.accept_suggestions(session, doc_id, office.reviewer, category="person_name")
    assert name.text == "王建国"  # 张晓燕 is for review: not accepted in bulk

    penalty = office.upload(PENALTY.encode(), "决定书.txt")
    shown = findings(office, penalty)
    party, chief = shown["陈建华"], shown["张志强"]
    # The page showed one finding; there are more: the picture changed since.
    with office.runtime.session() as session, pytest.raises(Conflict, match="有变化"):
        review.accept_suggestions(session, penalty, office.reviewer, expected={party.id: 0})
    assert findings(office, penalty)["陈建华"].decision is None  # nothing was decided
    with office.runtime.session() as session:
        decided = review.accept_suggestions(
            session,
            penalty,
            office.reviewer,
            expected={f.id: f.revision for f in shown.values()},
        )
    assert {f.text for f in decided} >= {"陈建华", "张志强"}
    after = findings(office, penalty)
    assert after["陈建华"].decision == "redact"
    assert after["张志强"].decision == "keep"
    assert after["张志强"].decision_reason == chief.action_reason


def test_undo_is_a_new_decision_and_nothing_is_deleted(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    phone = findings(office, doc_id)["13907745678"]
    with office.runtime.session() as session:
        review.decide_findings(
            session, doc_id, office.reviewer, [FindingDecision(phone.id, "redact", revision=0)]
        )
    with office.runtime.session() as session:
        [restored] = review.undo_decisions(
            session,
            doc_id,
            office.reviewer,
            [FindingDecision(phone.id, None, revision=1)],
            version=1,
        )
        assert restored.decision is None and restored.decided_by is None
        assert restored.revision == 2
    with office.runtime.session() as session:
        actions = [e.action for e in audit.trail(session, doc_id)]
        undo = [e for e in audit.trail(session, doc_id) if e.action == "findings.undo"][-1]
    assert actions[-2:] == ["findings.decide", "findings.undo"]
    assert undo.after["decisions"][0]["before"]["decision"] == "redact"
    with office.runtime.session() as session:
        assert audit.verify(session).ok


def test_a_decision_on_an_outdated_page_is_refused(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    name = findings(office, doc_id)["张晓燕"]
    with office.runtime.session() as session:
        second = Actor.of(
            create_user(session, username="second", role=Role.REVIEWER, office="保密办")[0]
        )
    # Both reviewers loaded the page at revision 0; the second one decides first.
    with office.runtime.session() as session:
        review.decide_findings(
            session, doc_id, second, [FindingDecision(name.id, "keep", "履职信息", revision=0)]
        )
    stale = [FindingDecision(name.id, "redact", revision=0)]
    with office.runtime.session() as session, pytest.raises(Conflict, match="second") as refused:
        review.decide_findings(session, doc_id, office.reviewer, stale)
    assert refused.value.code == "conflict" and refused.value.http_status == 409
    assert findings(office, doc_id)["张晓燕"].decision == "keep"  # not overwritten

    # A new version: decisions made on version 1 no longer apply.
    office.upload(render_pdf(REQUEST), "请示-修改.pdf", document_id=doc_id)
    with office.runtime.session() as session:
        assert intake.get_document(session, doc_id, office.reviewer).current.number == 2
        with pytest.raises(Conflict, match="第 2 版"):
            review.decide_findings(
                session, doc_id, office.reviewer, [FindingDecision(name.id, "redact")], version=1
            )
        with pytest.raises(Conflict, match="旧版本"):  # a finding of version 1
            review.decide_findings(
                session, doc_id, office.reviewer, [FindingDecision(name.id, "redact")]
            )


def test_an_added_span_gets_its_guessed_category_and_overlaps_are_refused(office):
    doc_id = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        text = intake.get_document(session, doc_id, office.reviewer).current.parsed["text"]
    start = text.index("妥否，请批示。")
    with office.runtime.session() as session:
        # A selection running into the next line: the line break is not part of it.
        added = review.add_finding(session, doc_id, office.reviewer, start=start, end=start + 8)
    assert added.text == "妥否，请批示。" and added.end == start + 7
    assert added.category == guess_category(added.text).value == "deny_list"
    assert added.decision == "redact" and added.source == "reviewer"
    at = text.index("张晓燕")
    with office.runtime.session() as session:
        with pytest.raises(Conflict, match=r"张晓燕.*重叠"):
            review.add_finding(session, doc_id, office.reviewer, start=at - 1, end=at + 2)
        with pytest.raises(Conflict, match="已是"):
            review.add_finding(session, doc_id, office.reviewer, start=at, end=at + 3)
        with pytest.raises(Conflict, match=r"妥否，请批示。.*重叠"):  # the one just added
            review.add_finding(session, doc_id, office.reviewer, start=start + 2, end=start + 9)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("440100198503021232", "id_card"),
        ("4401 0019 8503 0212 3X", "id_card"),
        ("13907745678", "mobile_phone"),
        ("0774-5123456", "landline_phone"),
        ("6222021234567890128", "bank_card"),
        ("zhang@example.cn", "email"),
        ("E12345678", "passport"),
        ("192.168.1.20", "ip_address"),
        ("桂J12345", "license_plate"),
        ("八步区城东路18号3栋201室", "address"),
        ("贺州市人力资源和社会保障局", "organization"),
        ("张晓燕", "person_name"),
        ("叁佰贰拾万元", "deny_list"),
    ],
)
def test_the_category_of_a_missed_span_is_guessed_from_its_shape(text, category):
    assert guess_category(text).value == category


def test_the_release_refusal_names_the_real_reason(office):
    secret = office.upload(render_docx(SECRET), "通报.docx")
    request = office.upload(render_docx(REQUEST), "请示.docx")
    with office.runtime.session() as session:
        document = intake.get_document(session, secret, office.publisher)
        refusal = release_refusal(document, review.findings_of(session, secret, office.publisher))
        assert "密级“秘密★1年”" in refusal and "未决定" not in refusal
        review.propose_attribute(session, secret, office.drafter, "主动公开")
        with pytest.raises(PublicationBlocked, match="秘密★1年"):
            review.decide_attribute(session, secret, office.reviewer, attribute="主动公开")
        document = intake.get_document(session, request, office.publisher)
        undecided = len(review.findings_of(session, request, office.publisher))
        assert release_refusal(document, document.current.findings) == (
            f"还在审查中：还有 {undecided} 处发现未决定，复审也未作出。"
        )
    with office.runtime.session() as session:
        review.accept_suggestions(session, request, office.reviewer)
        for f in review.findings_of(session, request, office.reviewer):
            if f.decision is None:
                review.decide_findings(
                    session, request, office.reviewer, [FindingDecision(f.id, "redact")]
                )
        review.propose_attribute(session, request, office.drafter, "不予公开", "个人隐私")
        review.decide_attribute(
            session, request, office.reviewer, attribute="不予公开", ground="个人隐私"
        )
        document = intake.get_document(session, request, office.publisher)
        assert release_refusal(document, []) == "复审决定不予公开（个人隐私），不发布。"
