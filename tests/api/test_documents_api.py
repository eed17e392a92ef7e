"""The HTTP API: authorised by role and office, bounded, answering problem details."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import Throttles
from tests.conftest import API_TOKEN, make_settings
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf


def test_upload_list_read_and_deduplicate(clients):
    pdf = render_pdf(NOTICE)
    response = clients.upload(clients.drafter, "通知.pdf", pdf)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["state"] == "in_review"  # processed in-process: no Redis configured
    assert created["doc_number"] == "贺人社发〔2020〕102号"
    assert created["page_count"] == 2
    assert created["office"] == "办公室"
    assert created["disclosure_due"] == "2020-04-02"

    again = clients.upload(clients.drafter, "copy.pdf", pdf)
    assert again.status_code == 200 and again.json()["id"] == created["id"]

    assert clients.upload(clients.drafter, "请示.docx", render_docx(REQUEST)).status_code == 201
    listing = clients.http.get("/api/v1/documents", headers=clients.drafter).json()
    assert listing["count"] == listing["total"] == 2
    in_review = clients.http.get(
        "/api/v1/documents?state=in_review&limit=1", headers=clients.reviewer
    ).json()
    assert in_review["count"] == 1 and in_review["total"] == 2

    detail = clients.http.get(f"/api/v1/documents/{created['id']}", headers=clients.reviewer).json()
    assert detail["suggestion"]["attribute"] == "主动公开"
    assert any(e["rule"] for e in detail["suggestion"]["evidence"])
    assert "disclosure_marking" in [e["name"] for e in detail["parsed"]["elements"]]
    assert all(f["decision"] is None for f in detail["findings"])


def test_a_damaged_file_is_kept_failed_with_its_reason_and_can_be_retried(clients):
    response = clients.upload(clients.drafter, "scan.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 100)
    assert response.status_code == 201
    document = response.json()
    assert document["state"] == "failed"
    assert document["error_code"] == "corrupt_document"
    retried = clients.http.post(
        f"/api/v1/documents/{document['id']}/retry", headers=clients.drafter
    )
    assert (
        retried.status_code == 200 and retried.json()["state"] == "failed"
    )  # same file, same fate
    again = clients.http.post(f"/api/v1/documents/{document['id']}/retry", headers=clients.reviewer)
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("empty.pdf", b"", 422, "empty_file"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, 415, "disguised_file"),
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 50, 415, "unsupported_file_type"),
        ("notice.pdf", "只是文本".encode(), 415, "disguised_file"),
    ],
)
def test_refused_files(clients, name, data, status, code):
    response = clients.upload(clients.drafter, name, data)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert clients.http.get("/api/v1/documents", headers=clients.drafter).json()["total"] == 0


def test_every_api_route_needs_a_valid_token(clients):
    paths = clients.http.get("/openapi.json").json()["paths"]
    checked = 0
    for path, methods in paths.items():
        if not path.startswith("/api/"):
            continue
        url = path.replace("{document_id}", "1").replace("{finding_id}", "1")
        for method in methods:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp5"}):
                # Wrong tokens from one address are throttled (tests/api/test_auth.py).
                clients.http.app.state.throttles = Throttles()
                response = clients.http.request(method, url, headers=headers)
                assert response.status_code == 401, (method, path, headers)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["www-authenticate"] == "Bearer"
            checked += 1
    assert checked >= 20


def test_each_role_is_refused_what_it_may_not_do(clients):
    doc = clients.upload(clients.drafter, "请示.docx", render_docx(REQUEST)).json()["id"]
    finding = clients.http.get(
        f"/api/v1/documents/{doc}/findings", headers=clients.reviewer
    ).json()[0]["id"]
    base = f"/api/v1/documents/{doc}"
    decide = {"decision": "redact"}
    refusals = [
        # (who, method, path, body)
        ("reviewer", "post", "/api/v1/documents", None),
        ("publisher", "post", "/api/v1/documents", None),
        ("reviewer", "post", f"{base}/proposal", {"attribute": "主动公开"}),
        ("publisher", "post", f"{base}/proposal", {"attribute": "主动公开"}),
        ("drafter", "post", f"{base}/findings/{finding}/decision", decide),
        ("publisher", "post", f"{base}/findings/{finding}/decision", decide),
        (
            "drafter",
            "post",
            f"{base}/findings/decisions",
            {"decisions": [{"finding_id": finding, **decide}]},
        ),
        (
            "drafter",
            "post",
            f"{base}/findings/decide-matching",
            {"decision": "redact", "category": "mobile_phone"},
        ),
        ("drafter", "post", f"{base}/findings", {"start": 0, "end": 2, "category": "person_name"}),
        ("drafter", "post", f"{base}/decision", {"attribute": "主动公开"}),
        ("publisher", "post", f"{base}/decision", {"attribute": "主动公开"}),
        ("drafter", "post", f"{base}/reopen", {"reason": "x"}),
        ("drafter", "post", f"{base}/release", None),
        ("reviewer", "post", f"{base}/release", None),
        ("drafter", "post", f"{base}/revoke", {"kind": "废止", "effective": "2026-12-01"}),
        ("reviewer", "post", f"{base}/revoke", {"kind": "废止", "effective": "2026-12-01"}),
        ("drafter", "get", f"{base}/audit", None),
        ("drafter", "get", "/api/v1/statistics", None),
        ("drafter", "get", "/api/v1/users", None),
        ("reviewer", "post", "/api/v1/users", {"username": "x", "role": "admin", "office": "x"}),
        ("publisher", "post", "/api/v1/users", {"username": "x", "role": "admin", "office": "x"}),
    ]
    for who, method, path, body in refusals:
        kwargs = {"json": body} if body is not None else {}
        if path == "/api/v1/documents":
            response = clients.upload(getattr(clients, who), "x.docx", render_docx(NOTICE))
        else:
            response = clients.http.request(method, path, headers=getattr(clients, who), **kwargs)
        assert response.status_code == 403, (who, method, path, response.text)
        assert response.json()["code"] == "forbidden"

    # Another office's drafter: the document does not exist for it.
    for method, path in (("get", base), ("get", f"{base}/findings"), ("post", f"{base}/proposal")):
        response = clients.http.request(
            method, path, headers=clients.other_drafter, json={"attribute": "主动公开"}
        )
        assert response.status_code == 404, (method, path)
    assert (
        clients.http.get(
            "/api/v1/documents?office=办公室", headers=clients.other_drafter
        ).status_code
        == 403
    )
    # Nothing above changed the document.
    assert clients.http.get(base, headers=clients.reviewer).json()["proposed_attribute"] is None


def test_review_to_publication_over_http(clients):
    doc = clients.upload(clients.drafter, "请示.docx", render_docx(REQUEST)).json()["id"]
    base = f"/api/v1/documents/{doc}"
    http = clients.http
    assert (
        http.post(
            f"{base}/proposal", headers=clients.drafter, json={"attribute": "主动公开"}
        ).status_code
        == 200
    )
    refused = http.post(
        f"{base}/decision", headers=clients.reviewer, json={"attribute": "主动公开"}
    )
    assert refused.status_code == 409 and refused.json()["code"] == "not_ready"
    findings = http.get(f"{base}/findings", headers=clients.reviewer).json()
    keep = [f for f in findings if f["suggested_action"] == "keep"]
    response = http.post(
        f"{base}/findings/decisions",
        headers=clients.reviewer,
        json={
            "decisions": [
                {"finding_id": f["id"], "decision": "keep", "reason": "履职信息"} for f in keep
            ]
        },
    )
    assert response.status_code == 200
    bulk = http.post(
        f"{base}/findings/decide-matching",
        headers=clients.reviewer,
        json={"decision": "redact", "category": "person_name"},
    )
    assert [f["text"] for f in bulk.json()] == ["张晓燕"]
    rest = [
        f
        for f in http.get(f"{base}/findings", headers=clients.reviewer).json()
        if f["decision"] is None
    ]
    for f in rest:
        single = http.post(
            f"{base}/findings/{f['id']}/decision",
            headers=clients.reviewer,
            json={"decision": "redact"},
        )
        assert single.status_code == 200 and single.json()["decision"] == "redact"
    cleared = http.post(
        f"{base}/decision", headers=clients.reviewer, json={"attribute": "主动公开"}
    )
    assert cleared.status_code == 200 and cleared.json()["state"] == "cleared"
    queue = http.get("/api/v1/queue", headers=clients.publisher).json()
    assert [q["id"] for q in queue] == [doc] and queue[0]["overdue"] is True
    release = http.post(f"{base}/release", headers=clients.publisher)
    assert release.status_code == 202 and release.json()["state"] == "published"
    again = http.post(f"{base}/release", headers=clients.publisher)  # idempotent
    assert again.status_code == 202 and again.json()["id"] == release.json()["id"]
    audit = http.get(f"{base}/audit", headers=clients.reviewer).json()
    assert [e["action"] for e in audit][-2:] == ["publication.release", "publication.publish"]
    stats = http.get("/api/v1/statistics", headers=clients.publisher).json()
    assert stats["by_state"] == {"published": 1}
    assert stats["findings_by_category"]["mobile_phone"] == {"redact": 1}


def test_bad_input_is_a_problem_not_a_crash(clients):
    doc = clients.upload(clients.drafter, "请示.docx", render_docx(REQUEST)).json()["id"]
    base = f"/api/v1/documents/{doc}"
    cases = [
        (clients.drafter, f"{base}/proposal", {"attribute": "公开"}, 422),
        (clients.drafter, f"{base}/proposal", {"attribute": "主动公开", "ground": "国家秘密"}, 422),
        (
            clients.reviewer,
            f"{base}/findings",
            {"start": 10, "end": 10**7, "category": "person_name"},
            422,
        ),
        (clients.reviewer, f"{base}/findings/999999/decision", {"decision": "redact"}, 404),
        (clients.reviewer, f"{base}/findings/decisions", {"decisions": []}, 422),
        (clients.reviewer, "/api/v1/documents/999999/decision", {"attribute": "主动公开"}, 404),
    ]
    for headers, path, body, status in cases:
        response = clients.http.post(path, headers=headers, json=body)
        assert response.status_code == status, (path, body, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_upload_over_the_limit_is_refused_while_streaming(tmp_path):
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    app = create_app(make_settings(tmp_path, max_upload_bytes=100_000))
    with TestClient(app) as client:
        big = render_pdf(NOTICE) + b"%" * 200_000
        response = client.post("/api/v1/documents", headers=auth, files={"file": ("big.pdf", big)})
        assert response.status_code == 413
        assert response.json()["code"] == "file_too_large"

        def chunks():  # no Content-Length: the limit must hold while the body streams
            yield (
                b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
                b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
            )
            for _ in range(40):
                yield b"x" * 10_000

        response = client.post(
            "/api/v1/documents",
            headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
            content=chunks(),
        )
        assert response.status_code == 413
        assert client.get("/api/v1/documents", headers=auth).json()["total"] == 0
    assert not list((tmp_path / "data" / "files").rglob(".upload-*"))


def test_production_needs_a_user_or_a_bootstrap_token(tmp_path):
    with pytest.raises(RuntimeError, match="gongkai user add"):
        create_app(make_settings(tmp_path, environment="production", api_token=None))


def test_secrecy_block_and_declassification_over_http(clients):
    data = "秘密☆1年\n某某局文件\n关于某事的通知\n各单位：\n正文。\n".encode()
    doc = clients.upload(clients.drafter, "通知.txt", data).json()
    assert doc["publication_blocked"] is True
    assert "秘密★1年" in doc["blocked_reason"] and "第 1 版" in doc["blocked_reason"]
    path = f"/api/v1/documents/{doc['id']}/declassify"
    for headers in (clients.drafter, clients.reviewer, clients.publisher):
        refused = clients.http.post(path, headers=headers, json={"basis": "到期"})
        assert refused.status_code == 403, refused.text
    empty = clients.http.post(path, headers=clients.admin, json={"basis": ""})
    assert empty.status_code == 422
    done = clients.http.post(path, headers=clients.admin, json={"basis": "保密期限已满"})
    assert done.status_code == 200 and done.json()["covers_version"] == 1
    after = clients.http.get(f"/api/v1/documents/{doc['id']}", headers=clients.reviewer).json()
    assert after["publication_blocked"] is False and after["blocked_reason"] is None


def test_control_characters_are_bad_input_not_a_crash(clients):
    """A NUL in an office, a reason or a query was a 500 on PostgreSQL (issue 14)."""
    cases = [
        ("post", "/api/v1/users", {"username": "x", "role": "drafter", "office": "办\x00公室"}),
        ("post", "/api/v1/suggest", {"text": "关于某事\x00的通知"}),
    ]
    for method, path, body in cases:
        response = clients.http.request(method, path, headers=clients.admin, json=body)
        assert response.status_code == 422, (path, response.text)
        assert "控制字符" in response.text
    listed = clients.http.get("/api/v1/documents?office=%00", headers=clients.admin)
    assert listed.status_code == 422 and listed.json()["code"] == "invalid_request"
    doc = clients.upload(clients.drafter, "请示.docx", render_docx(REQUEST)).json()["id"]
    reopen = clients.http.post(
        f"/api/v1/documents/{doc}/reopen", headers=clients.reviewer, json={"reason": "原因\x07"}
    )
    assert reopen.status_code == 422
