"""The 答复告知书 from the office's template (markup and control characters stay text,
unknown blanks are refused), bad input answered as problems, `gongkai report annual`."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
import schemathesis
from docx import Document
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from cli.main import main
from core.errors import InvalidInput
from tests.conftest import API_TOKEN, make_settings
from workflow import letters
from workflow.application_types import REPLY
from workflow.placeholders import check, fill

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def test_a_letter_states_its_reply_basis_and_remedy_and_keeps_markup_as_text():
    templates = letters.load_templates()
    letter = letters.compose(
        templates,
        office="办公室",
        reference="2026-0007",
        applicant="<b>周明远</b>\x00",
        received_on=date(2026, 3, 2),
        description="请公开 & 提供《关于…的请示》<script>",
        reply=REPLY["withhold_6"],
        reason="属于请示报告，依据第十六条第二款可以不予公开。",
        replied_on=date(2026, 3, 20),
        documents=[],
    )
    pdf = letters.to_pdf(letter)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        text = "".join(p.extract_text() or "" for p in opened.pages).replace("\n", "")
    for words in (
        "<b>周明远</b>",
        "<script>",
        "第十六条第二款",
        "行政复议",
        "六个月内",
        "2026年3月20日",
    ):
        assert words in text, words
    docx = Document(io.BytesIO(letters.to_docx(letter)))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "<b>周明远</b>：" in body and "\x00" not in body
    assert "过程性信息" in body and "××市人民政府" in body
    assert "公开申请，申请获取" in body  # the template's lines join without a space


def test_an_office_template_with_its_own_name_and_an_unknown_blank(tmp_path):
    source = letters.DEFAULT_LETTERS.read_text(encoding="utf-8")
    own = source.replace(
        "offices: {}", "offices:\n  办公室:\n    office_name: 贺州市人力资源和社会保障局"
    )
    path = tmp_path / "letters.yaml"
    path.write_text(own, encoding="utf-8")
    templates = letters.load_templates(path)
    assert templates.office("办公室")["机关名称"] == "贺州市人力资源和社会保障局"
    assert templates.office("财务科")["机关名称"] == "××市××局"
    assert 'other_3: "{理由}"' in source
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        source.replace('other_3: "{理由}"', 'other_3: "{理由.__class__}"'), encoding="utf-8"
    )
    with pytest.raises(letters.LettersError, match="未知的填空项"):
        letters.load_templates(broken)


def test_blanks_are_names_not_code():
    assert fill("{年度}年{x.__class__}{未知}", {"年度": 2026}) == "2026年{x.__class__}{未知}"
    with pytest.raises(InvalidInput):
        check("{年度}{未知}", ["年度"], "模板")


def test_bad_input_is_a_problem(tmp_path):
    with TestClient(create_app(make_settings(tmp_path))) as http:
        body = {
            "received_on": "2026-03-02",
            "channel": "网络",
            "applicant_type": "natural_person",
            "applicant": {"name": "某人"},
            "description": "某文件",
        }
        app = http.post("/api/v1/applications", headers=AUTH, json=body).json()["id"]
        cases = [
            ("/api/v1/applications", {**body, "received_on": "2999-01-01"}, 422, "invalid_input"),
            ("/api/v1/applications", {**body, "channel": "飞鸽"}, 422, "invalid_request"),
            (
                "/api/v1/applications",
                {**body, "applicant": {"name": "\x00\x01"}},
                422,
                "invalid_request",  # refused by the request's schema: no control characters
            ),
            (
                f"/api/v1/applications/{app}/reply",
                {"reply_type": "withhold_9"},
                422,
                "invalid_request",
            ),
            (
                f"/api/v1/applications/{app}/reply",
                {"reply_type": "withhold_1"},
                422,
                "invalid_input",
            ),
            # 予以公开 without a document must say where the information is to be had.
            (f"/api/v1/applications/{app}/reply", {"reply_type": "grant"}, 422, "invalid_input"),
            (
                f"/api/v1/applications/{app}/reply",
                {"reply_type": "grant", "replied_on": "2026-03-01"},
                422,
                "invalid_input",
            ),
            (
                f"/api/v1/applications/{app}/extension",
                {"days": 21, "approver": "x", "reason": "y"},
                422,
                "invalid_request",
            ),
            (f"/api/v1/applications/{app}/delivery", {"method": "邮寄"}, 409, "illegal_transition"),
            (
                f"/api/v1/applications/{app}/consultations/end",
                {"outcome": "agreed"},
                409,
                "conflict",
            ),
            (f"/api/v1/applications/{app}/documents", {"document_id": 999}, 404, "not_found"),
            ("/api/v1/applications/999999/close", {}, 404, "not_found"),
        ]
        for path, payload, status, code in cases:
            response = http.post(path, headers=AUTH, json=payload)
            assert response.status_code == status, (path, payload, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["code"] == code, (path, response.text)
        inputs = http.put(
            "/api/v1/reports/annual/2026/inputs",
            headers=AUTH,
            json={"narrative": {"problems": "{不存在的数}"}},
        )
        assert inputs.status_code == 422 and "未知的填空项" in inputs.json()["detail"]
        # Nothing above changed the application.
        trail = http.get(f"/api/v1/applications/{app}/audit", headers=AUTH).json()
        assert [e["action"] for e in trail] == ["application.register"]


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("fuzz")))
    with TestClient(app) as http:
        http.post(
            "/api/v1/applications",
            headers=AUTH,
            json={
                "received_on": "2026-03-02",
                "channel": "网络",
                "applicant_type": "business",
                "applicant": {"name": "某公司"},
                "description": "某文件",
            },
        )
    return app


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/applications", "POST"),
        ("/api/v1/applications/{application_id}/reply", "POST"),
        ("/api/v1/applications/{application_id}/extension", "POST"),
        ("/api/v1/applications/{application_id}/consultations", "POST"),
        ("/api/v1/reports/annual/{year}/inputs", "PUT"),
        ("/api/v1/catalogue", "GET"),
    ],
)
def test_no_server_errors(fuzzed_app, path, method):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operation = schema[path][method]

    @given(data=st.data())
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(data):
        case = data.draw(operation.as_strategy())
        if case.path_parameters and "application_id" in case.path_parameters:
            case.path_parameters["application_id"] = data.draw(st.sampled_from([1, 2, 10**6]))
        response = case.call(headers=AUTH)
        assert response.status_code < 500, (case.body, response.text)

    run()


def test_the_report_command_writes_each_format(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GONGKAI_ENVIRONMENT", "test")
    from core.config import get_settings

    get_settings.cache_clear()
    try:
        for suffix in ("docx", "xlsx", "html"):
            out = tmp_path / f"report.{suffix}"
            assert main(["report", "annual", "--year", "2025", "--out", str(out)]) == 0
            assert out.stat().st_size > 1000
        assert "2025年政府信息公开工作年度报告" in (tmp_path / "report.html").read_text("utf-8")
        assert main(["report", "annual", "--year", "2025", "--out", str(tmp_path / "x.pdf")]) == 2
        assert "invalid_input" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_an_application_is_registered_even_when_the_classifier_cannot_load(tmp_path):
    settings = make_settings(tmp_path)
    settings.classifier_path.mkdir(parents=True)
    (settings.classifier_path / "ACTIVE").write_text("v1")  # points at nothing
    with TestClient(create_app(settings)) as http:
        response = http.post(
            "/api/v1/applications",
            headers=AUTH,
            json={
                "received_on": "2026-03-02",
                "channel": "网络",
                "applicant_type": "natural_person",
                "applicant": {"name": "某人"},
                "description": "某文件",
            },
        )
        assert response.status_code == 201, response.text
        suggestion = response.json()["suggestion"]
        assert suggestion["attribute"] is None and suggestion["note"].startswith("无法给出建议")
        assert suggestion["error_code"] == "model_incompatible"
