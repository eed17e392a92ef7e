"""Property tests from the OpenAPI schema (schemathesis): whatever a client sends to
the upload and review endpoints, the answer is never a 5xx. Bounded in examples, so
the suite's time stays predictable."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from tests.conftest import API_TOKEN, make_settings
from tests.docgen import REQUEST, render_docx

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("fuzz")))
    with TestClient(app) as client:  # one document in review, so ids can hit something
        client.post(
            "/api/v1/documents", headers=AUTH, files={"file": ("r.docx", render_docx(REQUEST))}
        )
    return app


@pytest.mark.parametrize(
    ("path", "method", "examples"),
    [
        ("/api/v1/documents", "POST", 60),
        ("/api/v1/documents", "GET", 40),
        ("/api/v1/documents/{document_id}/findings", "POST", 40),
        ("/api/v1/documents/{document_id}/findings/decisions", "POST", 40),
        ("/api/v1/documents/{document_id}/decision", "POST", 40),
        ("/api/v1/documents/{document_id}/revoke", "POST", 30),
    ],
)
def test_no_server_errors(app, path, method, examples):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema[path][method]

    @given(data=st.data())
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(data):
        case = data.draw(operation.as_strategy())
        if case.path_parameters and "document_id" in case.path_parameters:
            case.path_parameters["document_id"] = data.draw(st.sampled_from([1, 2, 10**6]))
        response = case.call(headers=AUTH)
        assert response.status_code < 500, (case.body, response.text)
        if response.status_code >= 400:
            assert "application/problem+json" in str(response.headers.get("content-type"))

    check()
