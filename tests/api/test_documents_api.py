"""The HTTP API: authorised, bounded, and answering errors as problem details."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import make_settings
from tests.docgen import NOTICE, REQUEST, render_docx, render_pdf


@pytest.fixture
def client(db_settings):
    with TestClient(create_app(db_settings)) as client:
        yield client


def upload(client, auth, name, data, content_type="application/octet-stream"):
    return client.post(
        "/api/v1/documents", headers=auth, files={"file": (name, data, content_type)}
    )


def test_upload_list_and_read(client, auth):
    pdf = render_pdf(NOTICE)
    response = upload(client, auth, "通知.pdf", pdf)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "parsed"
    assert created["doc_number"] == "贺人社发〔2020〕102号"
    assert created["page_count"] == 2

    again = upload(client, auth, "copy.pdf", pdf)
    assert again.status_code == 200
    assert again.json()["id"] == created["id"]

    assert upload(client, auth, "请示.docx", render_docx(REQUEST)).status_code == 201
    listing = client.get("/api/v1/documents", headers=auth).json()
    assert listing["count"] == 2

    detail = client.get(f"/api/v1/documents/{created['id']}", headers=auth).json()
    names = [e["name"] for e in detail["parsed"]["elements"]]
    assert "disclosure_marking" in names
    assert detail["parsed"]["schema_version"] == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/documents"), ("get", "/api/v1/documents/1"), ("post", "/api/v1/documents")],
)
def test_every_document_route_needs_the_token(client, method, path):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp5"}):
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_bad_file_gets_a_problem_and_is_kept(client, auth):
    response = upload(client, auth, "scan.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 100)
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "corrupt_document"
    assert problem["type"] == "urn:gongkai:error:corrupt_document"
    document = client.get(f"/api/v1/documents/{problem['document_id']}", headers=auth).json()
    assert document["status"] == "failed"
    assert document["error_code"] == "corrupt_document"


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("empty.pdf", b"", 422, "empty_file"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, 415, "unsupported_file_type"),
        ("notice.pdf", "只是文本".encode(), 415, "disguised_file"),
    ],
)
def test_refused_files(client, auth, name, data, status, code):
    response = upload(client, auth, name, data)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_missing_document_is_404_problem(client, auth):
    response = client.get("/api/v1/documents/999999", headers=auth)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_upload_over_the_limit_is_refused_while_streaming(tmp_path, auth):
    app = create_app(make_settings(tmp_path, max_upload_bytes=100_000))
    with TestClient(app) as client:
        big = render_pdf(NOTICE) + b"%" * 200_000
        response = upload(client, auth, "big.pdf", big)
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
        listing = client.get("/api/v1/documents", headers=auth).json()
        assert listing["count"] == 0


def test_production_refuses_to_start_without_a_token(tmp_path):
    with pytest.raises(RuntimeError, match="GONGKAI_API_TOKEN"):
        create_app(make_settings(tmp_path, environment="production", api_token=None))
