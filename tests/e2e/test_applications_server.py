"""An application end to end on a real server: once with the embedded default (SQLite,
jobs in the server) and once as production runs it (PostgreSQL, Redis, a separate
worker). Registered, partly disclosed with a truly redacted copy, answered with its
letter, delivered, closed and archived; then `gongkai report annual` counts it in its
Table 三 cell and `gongkai audit verify` finds the trail intact."""

from __future__ import annotations

import io
import subprocess

import httpx
from docx import Document
from openpyxl import load_workbook

from tests.docgen import REQUEST, render_docx
from tests.e2e.test_server import ADMIN_TOKEN, GONGKAI, _wait_for, service  # noqa: F401


def test_an_application_from_registration_to_the_annual_report(service, tmp_path):  # noqa: F811
    client = httpx.Client(base_url=service.url, timeout=60)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    who = {}
    for name, role in (("drafter", "drafter"), ("reviewer", "reviewer"), ("handler", "handler")):
        response = client.post(
            "/api/v1/users",
            headers=admin,
            json={"username": name, "role": role, "office": "办公室"},
        )
        assert response.status_code == 201, response.text
        who[name] = {"Authorization": f"Bearer {response.json()['token']}"}

    uploaded = client.post(
        "/api/v1/documents",
        headers=who["drafter"],
        files={"file": ("请示.docx", render_docx(REQUEST))},
    )
    doc = uploaded.json()["id"]
    _wait_for(client, f"/api/v1/documents/{doc}", who["reviewer"], "in_review")
    client.post(
        f"/api/v1/documents/{doc}/proposal",
        headers=who["drafter"],
        json={"attribute": "依申请公开"},
    ).raise_for_status()
    client.post(
        f"/api/v1/documents/{doc}/decision",
        headers=who["reviewer"],
        json={"attribute": "依申请公开"},
    ).raise_for_status()

    def step(method, path, body=None, expect=200):
        response = client.request(method, path, headers=who["handler"], json=body)
        assert response.status_code == expect, (path, response.text)
        return response

    app = step(
        "post",
        "/api/v1/applications",
        {
            "received_on": "2026-11-02",
            "channel": "当面",
            "applicant_type": "natural_person",
            "applicant": {"name": "周明远", "phone": "13800138000"},
            "description": "关于申请拨付2021年就业补助资金的请示",
        },
        expect=201,
    ).json()
    base = f"/api/v1/applications/{app['id']}"
    assert app["due_on"] == "2026-11-30"  # 3–6, 9–13, 16–20, 23–27 Nov (19), Mon 30 Nov
    found = step("get", "/api/v1/catalogue?q=公益性岗位补贴").json()["items"]
    assert [i["document_id"] for i in found] == [doc]
    step("post", f"{base}/documents", {"document_id": doc})
    step("post", f"{base}/documents/{doc}/review", {})
    findings = client.get(f"/api/v1/documents/{doc}/findings", headers=who["reviewer"]).json()
    decisions = [
        {"finding_id": f["id"], "decision": "keep", "reason": "履职信息"}
        if f["suggested_action"] == "keep"
        else {"finding_id": f["id"], "decision": "redact"}
        for f in findings
    ]
    client.post(
        f"/api/v1/documents/{doc}/findings/decisions",
        headers=who["reviewer"],
        json={"decisions": decisions},
    ).raise_for_status()
    client.post(
        f"/api/v1/documents/{doc}/decision",
        headers=who["reviewer"],
        json={"attribute": "依申请公开"},
    ).raise_for_status()
    step("post", f"{base}/documents/{doc}/copy")
    copy = step("get", f"{base}/documents/{doc}/copy").content
    text = "".join(p.text for p in Document(io.BytesIO(copy)).paragraphs)
    assert "13907745678" not in text and "就业补助资金" in text
    replied = step(
        "post",
        f"{base}/reply",
        {"reply_type": "partial", "reason": "联系人信息属于个人隐私。", "replied_on": "2026-11-20"},
    ).json()
    assert replied["state"] == "replied"
    assert step("get", f"{base}/letter?format=pdf").content.startswith(b"%PDF")
    step("post", f"{base}/delivery", {"method": "当面送达", "delivered_on": "2026-11-23"})
    step("post", f"{base}/close", {"on": "2026-11-23"})
    assert step("post", f"{base}/archive", {"on": "2026-11-24"}).json()["state"] == "archived"

    out = tmp_path / "2026.xlsx"
    made = subprocess.run(
        [GONGKAI, "report", "annual", "--year", "2026", "--out", str(out)],
        env=service.env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    sheet = load_workbook(out)["表三"]
    rows = {r[2] or r[1] or r[0]: r[3:10] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == (1, 0, 0, 0, 0, 0, 1)
    assert rows["一、本年新收政府信息公开申请数量"] == (1, 0, 0, 0, 0, 0, 1)
    check = subprocess.run(
        [GONGKAI, "audit", "verify"], env=service.env, capture_output=True, text=True
    )
    assert check.returncode == 0 and "intact" in check.stdout, check.stdout + check.stderr
