"""依申请公开 in a real browser against a real server: the handler registers an
application on the page, finds the document in the catalogue, sends it to review, makes
the applicant's redacted copy, answers 部分公开 and records delivery and closing; a
reviewer's page shows the application without the applicant's details."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.docgen import REQUEST, render_docx
from tests.e2e.test_server import ADMIN_TOKEN, Service
from tests.e2e.test_web import ARTIFACTS, browser, sign_in  # noqa: F401  (fixture)


@pytest.fixture
def office(tmp_path: Path):
    service = Service(tmp_path)
    service.serve()
    client = httpx.Client(base_url=service.url, timeout=60)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    tokens = {}
    for name, role in (("drafter", "drafter"), ("reviewer", "reviewer"), ("handler", "handler")):
        response = client.post(
            "/api/v1/users",
            headers=admin,
            json={"username": name, "role": role, "office": "办公室", "password": f"{name}-pw-1"},
        )
        tokens[name] = response.json()["token"]
    drafter = {"Authorization": f"Bearer {tokens['drafter']}"}
    doc = client.post(
        "/api/v1/documents", headers=drafter, files={"file": ("请示.docx", render_docx(REQUEST))}
    ).json()["id"]
    client.post(
        f"/api/v1/documents/{doc}/proposal", headers=drafter, json={"attribute": "依申请公开"}
    ).raise_for_status()
    reviewer = {"Authorization": f"Bearer {tokens['reviewer']}"}
    client.post(
        f"/api/v1/documents/{doc}/decision", headers=reviewer, json={"attribute": "依申请公开"}
    ).raise_for_status()
    yield service, tokens, doc, client
    service.stop()


def test_register_and_answer_an_application_on_the_page(browser, office):  # noqa: F811
    service, tokens, doc, client = office
    page = sign_in(browser, service, "handler")
    page.get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name="登记新申请").click()
    page.fill("input[name=received_on]", "2026-11-02")
    page.select_option("select[name=channel]", "邮寄")
    page.fill("input[name='applicant.name']", "周明远")
    page.fill("input[name='applicant.phone']", "13800138000")
    page.fill("input[name='applicant.address']", "北京市朝阳区建国路88号")
    page.fill("textarea[name=description]", "贺人社报〔2021〕8号文件全文")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/ui/applications/*")
    # 20 working days from Tue 3 Nov 2026 (no holidays in November): 3–6, 9–13, 16–20,
    # 23–27 (19), Mon 30 Nov.
    assert "答复期限 2026-11-30" in page.inner_text("#deadline")
    app_id = int(page.url.rsplit("/", 1)[1])

    # Extended on 20 Nov by 20 working days: Dec 1–4, 7–11, 14–18, 21–25 (19), Mon 28 Dec.
    page.get_by_text("补正、征求意见、延期").click()
    extension = page.locator("form[aria-label=延期答复]")
    extension.locator("input[name=approver]").fill("王主任")
    extension.locator("input[name=reason]").fill("需要会商")
    extension.locator("input[name=on]").fill("2026-11-20")
    page.get_by_role("button", name="延期", exact=True).click()
    page.locator("#deadline", has_text="2026-12-28").wait_for()
    assert "批准人：王主任" in page.inner_text("main")
    page.locator("#notices", has_text="延期答复告知书").wait_for()  # its PDF and DOCX

    page.fill("input[name=q]", "贺人社报[2021]8号")
    page.get_by_role("button", name="检索").click()
    page.get_by_role("button", name="列入本申请").click()
    page.locator("#attached", has_text="就业补助资金").wait_for()
    page.get_by_role("button", name="制作申请人副本").click()
    page.locator("#status", has_text="保密审查").wait_for()
    page.get_by_role("button", name="送保密审查").click()
    page.locator("#attached", has_text="审查中").wait_for()

    # The reviewers decide the findings and the attribute again (their own page).
    reviewer = {"Authorization": f"Bearer {tokens['reviewer']}"}
    findings = client.get(f"/api/v1/documents/{doc}/findings", headers=reviewer).json()
    decisions = [
        {"finding_id": f["id"], "decision": "keep", "reason": "履职信息"}
        if f["suggested_action"] == "keep"
        else {"finding_id": f["id"], "decision": "redact"}
        for f in findings
    ]
    client.post(
        f"/api/v1/documents/{doc}/findings/decisions",
        headers=reviewer,
        json={"decisions": decisions},
    ).raise_for_status()
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    client.post(
        f"/api/v1/documents/{doc}/decision", headers=admin, json={"attribute": "依申请公开"}
    ).raise_for_status()

    page.reload()
    page.get_by_role("button", name="制作申请人副本").click()
    page.locator("#attached", has_text="已制作副本").wait_for()
    page.select_option("#reply-type", "partial")
    page.get_by_role("button", name="答复并生成告知书").click()
    page.wait_for_selector("#letter")
    assert "部分公开" in page.inner_text("#letter")
    page.get_by_role("button", name="记录送达").click()
    page.locator("#app-state", has_text="已送达").wait_for()
    page.get_by_role("button", name="办结").click()
    page.locator("#app-state", has_text="已办结").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "application-page.png"))

    handler = {"Authorization": f"Bearer {tokens['handler']}"}
    app = client.get(f"/api/v1/applications/{app_id}", headers=handler).json()
    assert app["state"] == "closed" and app["reply_type"] == "partial"
    assert app["applicant"]["phone"] == "13800138000"
    letter = client.get(f"/api/v1/applications/{app_id}/letter?format=pdf", headers=handler)
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")

    # A reviewer reads the application without the applicant's details.
    seen = sign_in(browser, service, "reviewer")
    seen.goto(f"{service.url}/ui/applications/{app_id}")
    text = seen.inner_text("main")
    assert "申请人信息仅办理人员可见" in text
    assert "周明远" not in text and "13800138000" not in text
