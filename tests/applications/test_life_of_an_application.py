"""An application from registration to archive over HTTP, on SQLite and PostgreSQL:
registered, consulted, extended, partly disclosed with a truly redacted copy, replied
with its letter, delivered, closed and archived — deadlines checked against calendars
counted by hand from the State Council's 2026 holiday notice."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
from docx import Document

from tests.applications.conftest import APPLICANT
from tests.docgen import REQUEST
from workflow import audit

# The 2026 days off and 调休 working days that matter below (国办发明电〔2025〕… notice,
# as in workflow/conf/holidays.yaml): 中秋 25–27 Sep, 国庆 1–7 Oct, Sun 20 Sep and
# Sat 10 Oct are working days; 春节 15–23 Feb with Sat 14 Feb a working day.


def test_registered_consulted_extended_partly_disclosed_replied_closed(desk):
    doc = desk.document(REQUEST)  # 依申请公开, findings not yet decided
    app = desk.register("2026-09-14")  # Monday
    base = f"/api/v1/applications/{app['id']}"
    assert app["state"] == "received" and app["reference"] == "2026-0001"
    # 20 working days from Tue 15 Sep: 15 16 17 18, Sun 20, 21 22 23 24 (9), 中秋 off,
    # 28 29 30 (12), 国庆 off, 8 9 Oct, Sat 10 Oct (15), 12 13 14 15 16 → Fri 16 Oct.
    assert app["due_on"] == "2026-10-16"
    # 补正 would have had to be asked by the 7th working day: 15 16 17 18 20 21 22.
    assert app["correction_notice_due"] == "2026-09-22"
    assert app["applicant"]["phone"] == APPLICANT["phone"]
    assert app["suggestion"]["attribute"] in ("主动公开", "依申请公开", "不予公开")

    # A third party is asked on Mon 21 Sep and answers on Thu 24 Sep: the working days
    # 22, 23, 24 Sep do not count, so the deadline moves three working days on, from
    # Fri 16 Oct to Wed 21 Oct. The consultation's own limit: 15 working days from 22 Sep
    # (22 23 24 28 29 30, 8 9 10 12 13 14 15 16 19 Oct) → Mon 19 Oct.
    consulted = desk.ok(
        "post",
        f"{base}/consultations",
        json={"kind": "third_party", "party": "张晓燕", "sent_on": "2026-09-21"},
    )
    assert consulted["state"] == "consultation"
    assert consulted["consultations"][0]["limit_on"] == "2026-10-19"
    replied_early = desk.http.post(
        f"{base}/reply", headers=desk.handler, json={"reply_type": "grant"}
    )
    assert replied_early.status_code == 409  # the consultation is still open
    ended = desk.ok(
        "post",
        f"{base}/consultations/end",
        json={"outcome": "objected", "answered_on": "2026-09-24"},
    )
    assert ended["state"] == "received" and ended["due_on"] == "2026-10-21"

    # Extended on 15 Oct by 20 working days, approved by the head of the office:
    # 22 23 26 27 28 29 30 Oct, 2 3 4 5 6 9 10 11 12 13 16 17 18 Nov → Wed 18 Nov.
    extended = desk.ok(
        "post",
        f"{base}/extension",
        json={"days": 20, "approver": "王主任", "reason": "需会商", "on": "2026-10-15"},
    )
    assert extended["due_on"] == "2026-11-18"
    assert extended["extension_approver"] == "王主任"
    # The 延期答复告知书, written when the extension was recorded, says why and until when.
    notice = desk.ok("get", f"{base}/notices/extension", params={"format": "docx"}).content
    told = "".join(p.text for p in Document(io.BytesIO(notice)).paragraphs)
    for words in (
        "延期答复告知书",
        "因需会商",
        "延长20个工作日",
        "2026年11月18日前",
        "第三十三条第二款",
    ):
        assert words in told, words
    assert desk.http.get(f"{base}/notices/correction", headers=desk.handler).status_code == 404
    again = desk.http.post(
        f"{base}/extension",
        headers=desk.handler,
        json={"days": 5, "approver": "王主任", "reason": "再延", "on": "2026-10-16"},
    )
    assert again.status_code == 409 and again.json()["code"] == "conflict"

    # Matching: the catalogue search finds the request by its 发文字号 and by its text.
    by_number = desk.ok("get", "/api/v1/catalogue", params={"q": "贺人社报〔2021〕8号"})
    by_text = desk.ok("get", "/api/v1/catalogue", params={"q": "公益性岗位补贴"})
    assert [i["document_id"] for i in by_number["items"]] == [doc]
    assert [i["document_id"] for i in by_text["items"]] == [doc]
    desk.ok("post", f"{base}/documents", json={"document_id": doc})

    # The copy needs every finding decided by the reviewers: send it to review first.
    refused = desk.http.post(f"{base}/documents/{doc}/copy", headers=desk.handler)
    assert refused.status_code == 409 and refused.json()["code"] == "not_ready"
    desk.ok("post", f"{base}/documents/{doc}/review", json={"note": "申请人要求提供全文"})
    assert desk.ok("get", f"/api/v1/documents/{doc}", "reviewer")["state"] == "in_review"
    findings = desk.decide_all(doc)
    desk.ok(
        "post", f"/api/v1/documents/{doc}/decision", "reviewer2", json={"attribute": "依申请公开"}
    )
    with_copy = desk.ok("post", f"{base}/documents/{doc}/copy")
    [attached] = with_copy["documents"]
    removed = [f for f in findings if f["suggested_action"] != "keep"]
    assert attached["has_copy"] and attached["redactions"] == len(removed) >= 2

    copy = desk.ok("get", f"{base}/documents/{doc}/copy").content
    text = "".join(p.text for p in Document(io.BytesIO(copy)).paragraphs)
    assert "13907745678" not in text and "张晓燕" not in text
    assert "关于申请拨付2021年就业补助资金的请示" in text
    log = desk.ok("get", f"{base}/documents/{doc}/copy", params={"part": "log.html"}).text
    assert "信息公开删除处理记录" in log and "13907745678" not in log

    # A copy with removals is a 部分公开 (第三十七条), never a 予以公开.
    grant = desk.http.post(f"{base}/reply", headers=desk.handler, json={"reply_type": "grant"})
    assert grant.status_code == 409
    replied = desk.ok(
        "post",
        f"{base}/reply",
        json={
            "reply_type": "partial",
            "reason": "其中联系人姓名和电话属于个人隐私，依据第十五条不予公开。",
            "replied_on": "2026-11-16",
        },
    )
    assert replied["state"] == "replied" and replied["reply_type"] == "partial"
    assert replied["reply_article"] == "第三十七条" and not replied["overdue"]
    assert replied["reply_label"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"

    pdf = desk.ok("get", f"{base}/letter", params={"format": "pdf"}).content
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        letter = "".join(page.extract_text() or "" for page in opened.pages).replace("\n", "")
    for words in ("政府信息公开申请答复告知书", "周明远", "第三十七条", "行政复议", "行政诉讼"):
        assert words in letter, words
    docx = desk.ok("get", f"{base}/letter", params={"format": "docx"}).content
    letter_docx = "".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "第三十七条" in letter_docx and "2026年11月16日" in letter_docx

    delivered = desk.ok(
        "post",
        f"{base}/delivery",
        json={"method": "邮寄", "delivered_on": "2026-11-18", "reference": "EMS1234567890"},
    )
    assert delivered["state"] == "delivered" and delivered["delivery_reference"] == "EMS1234567890"
    closed = desk.ok("post", f"{base}/close", json={"on": "2026-11-19"})
    archived = desk.ok(
        "post", f"{base}/archive", json={"on": "2026-11-20", "reference": "WS-2026-37"}
    )
    assert (closed["state"], archived["state"]) == ("closed", "archived")

    trail = desk.ok("get", f"{base}/audit", "reviewer")
    assert [e["action"] for e in trail] == [
        "application.register",
        "application.consultation_start",
        "application.consultation_end",
        "application.extend",
        "application.document_attach",
        "application.document_review",
        "application.copy",
        "application.reply",
        "application.deliver",
        "application.close",
        "application.archive",
    ]
    # The trail is read by reviewers too: it never carries the applicant's details.
    flat = str(trail)
    for value in APPLICANT.values():
        assert value not in flat
    with desk.runtime.session() as session:
        assert audit.verify(session).ok


def test_a_correction_restarts_the_clock_and_silence_ends_the_application(desk):
    # Received Fri 6 Feb 2026. The 补正 notice is due by the 7th working day: 9 10 11 12
    # 13, Sat 14 Feb, then 春节 15–23 Feb, Tue 24 Feb.
    first = desk.register("2026-02-06", applicant_type="business")
    assert first["correction_notice_due"] == "2026-02-24"
    base = f"/api/v1/applications/{first['id']}"
    waiting = desk.ok(
        "post",
        f"{base}/correction",
        json={"sent_on": "2026-02-10", "correct_by": "2026-03-06", "items": "请写明文件名称或文号"},
    )
    assert waiting["state"] == "correction" and waiting["due_on"] is None
    # The 补正告知书 says once what to correct and by when (第三十条), as PDF and DOCX.
    pdf = desk.ok("get", f"{base}/notices/correction").content
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        told = "".join(page.extract_text() or "" for page in opened.pages).replace("\n", "")
    for words in (
        "补正告知书",
        "请写明文件名称或文号",
        "2026年3月6日前",
        "第三十条",
        "2026年2月10日",
    ):
        assert words in told, words
    sent = desk.ok("get", f"{base}/audit", "handler")[-1]["after"]
    assert sent["notice"] == "correction" and len(sent["pdf_sha256"]) == 64
    assert desk.http.get(f"{base}/notices/correction").status_code == 401  # no one signed in
    # The corrected application arrives Mon 2 Mar: 20 working days from Tue 3 Mar →
    # 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Mon 30 Mar.
    received = desk.ok(
        "post",
        f"{base}/correction/received",
        json={"received_on": "2026-03-02", "description": "贺人社报〔2021〕8号文件"},
    )
    assert (
        received["due_on"] == "2026-03-30" and received["description"] == "贺人社报〔2021〕8号文件"
    )
    twice = desk.http.post(
        f"{base}/correction",
        headers=desk.handler,
        json={"sent_on": "2026-03-03", "correct_by": "2026-03-20", "items": "再补正"},
    )
    assert twice.status_code == 409  # 第三十条: 一次性告知

    # Another applicant never corrects: once the time given has passed, 其他处理 1.
    silent = desk.register("2026-04-07")
    base = f"/api/v1/applications/{silent['id']}"
    desk.ok(
        "post",
        f"{base}/correction",
        json={"sent_on": "2026-04-20", "correct_by": "2026-05-08", "items": "请说明所需信息"},
    )
    # Late notice (after 7 working days) is recorded so in the trail.
    entry = desk.ok("get", f"{base}/audit", "handler")[-1]
    assert entry["action"] == "application.correction_request" and entry["after"]["late_notice"]
    early = desk.http.post(
        f"{base}/reply",
        headers=desk.handler,
        json={"reply_type": "other_1", "reason": "逾期未补正", "replied_on": "2026-05-08"},
    )
    assert early.status_code == 409 and early.json()["code"] == "not_ready"
    done = desk.ok(
        "post",
        f"{base}/reply",
        json={"reply_type": "other_1", "reason": "逾期未补正", "replied_on": "2026-05-11"},
    )
    assert done["reply_label"].startswith("（六）其他处理 1.")


def test_the_queue_shows_what_is_due_earliest_first_with_overdue_marked(desk):
    today = date.today()
    late = desk.register("2026-01-05")  # due long ago
    soon = desk.register(today.isoformat())
    waiting = desk.register("2026-06-01")
    desk.ok(
        "post",
        f"/api/v1/applications/{waiting['id']}/correction",
        json={"sent_on": "2026-06-02", "correct_by": "2099-01-01", "items": "补正"},
    )
    answered = desk.register("2026-03-02")
    desk.ok(
        "post",
        f"/api/v1/applications/{answered['id']}/reply",
        json={"reply_type": "unable_1", "reason": "本机关未制作该信息", "replied_on": "2026-03-10"},
    )
    queue = desk.ok("get", "/api/v1/applications/queue", "reviewer")
    assert [q["id"] for q in queue] == [late["id"], soon["id"], waiting["id"]]
    assert queue[0]["overdue"] and queue[0]["working_days_left"] < 0
    assert not queue[1]["overdue"] and queue[1]["working_days_left"] == 20
    assert queue[2]["what"] == "补正期限" and queue[2]["due"] == "2099-01-01"
