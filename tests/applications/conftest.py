"""An app on each database with one user per role, including the handler (依申请办理),
and small helpers that drive documents and applications through the HTTP API."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import API_TOKEN
from tests.docgen import DocSpec, render_docx

ROLES = (
    ("drafter", "drafter", "办公室"),
    ("reviewer", "reviewer", "保密办"),
    ("reviewer2", "reviewer", "保密办"),
    ("publisher", "publisher", "保密办"),
    ("handler", "handler", "办公室"),
    ("other_drafter", "drafter", "财务科"),
)

APPLICANT = {
    "name": "周明远",
    "id_document": "110105199003071237",
    "phone": "13800138000",
    "email": "zhou@example.com",
    "address": "北京市朝阳区建国路88号3单元502室",
    "postcode": "100022",
}


@dataclass
class Desk:
    http: TestClient
    tokens: dict[str, dict[str, str]]

    def __getattr__(self, name: str) -> dict[str, str]:
        try:
            return self.tokens[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def runtime(self):
        return self.http.app.state.runtime

    def ok(self, method: str, path: str, who: str = "handler", status: int = 200, **kwargs):
        response = self.http.request(method, path, headers=self.tokens[who], **kwargs)
        assert response.status_code == status, (method, path, response.text)
        return response.json() if "json" in response.headers.get("content-type", "") else response

    def document(self, spec: DocSpec, attribute: str = "依申请公开", ground=None) -> int:
        """Upload as the drafter, propose, and have the reviewer decide ``attribute``
        (findings left undecided unless 主动公开 needs them)."""
        response = self.http.post(
            "/api/v1/documents",
            headers=self.drafter,
            files={"file": (f"{spec.name}.docx", render_docx(spec))},
        )
        assert response.status_code in (200, 201), response.text
        doc = response.json()["id"]
        body = {"attribute": attribute, **({"ground": ground} if ground else {})}
        self.ok("post", f"/api/v1/documents/{doc}/proposal", "drafter", json=body)
        if attribute == "主动公开":
            self.decide_all(doc)
        self.ok("post", f"/api/v1/documents/{doc}/decision", "reviewer", json=body)
        return doc

    def decide_all(self, doc: int) -> list[dict]:
        findings = self.ok("get", f"/api/v1/documents/{doc}/findings", "reviewer")
        decisions = [
            {"finding_id": f["id"], "decision": "keep", "reason": "履职信息"}
            if f["suggested_action"] == "keep"
            else {"finding_id": f["id"], "decision": "redact"}
            for f in findings
            if f["decision"] is None
        ]
        if decisions:
            self.ok(
                "post",
                f"/api/v1/documents/{doc}/findings/decisions",
                "reviewer",
                json={"decisions": decisions},
            )
        return findings

    def register(self, received_on: str, applicant_type: str = "natural_person", **extra) -> dict:
        body = {
            "received_on": received_on,
            "channel": extra.pop("channel", "网络"),
            "applicant_type": applicant_type,
            "applicant": extra.pop("applicant", APPLICANT),
            "description": extra.pop("description", "请公开2021年就业补助资金的申请拨付文件"),
            "form": "电子文档",
            "delivery_wanted": "邮寄",
            **extra,
        }
        return self.ok("post", "/api/v1/applications", json=body, status=201)


@pytest.fixture
def desk(db_settings):
    with TestClient(create_app(db_settings)) as http:
        admin = {"Authorization": f"Bearer {API_TOKEN}"}
        tokens = {"admin": admin}
        for name, role, office in ROLES:
            response = http.post(
                "/api/v1/users",
                headers=admin,
                json={"username": name, "role": role, "office": office},
            )
            assert response.status_code == 201, response.text
            tokens[name] = {"Authorization": f"Bearer {response.json()['token']}"}
        yield Desk(http, tokens)


def page(desk, who: str, path: str):
    """``path`` as ``who`` sees it, signed in on the page with a password as a user is."""
    password = f"{who}-password"
    desk.http.put(
        f"/api/v1/users/{who}/password", headers=desk.tokens["admin"], json={"password": password}
    ).raise_for_status()
    desk.http.cookies.clear()
    form = desk.http.get("/ui/login").text
    csrf = re.search(r'name="login_csrf" value="([^"]+)"', form).group(1)
    signed_in = desk.http.post(
        "/ui/login", data={"username": who, "password": password, "login_csrf": csrf}
    )
    assert signed_in.status_code == 200, signed_in.text[:300]
    try:
        return desk.http.get(path, follow_redirects=False)
    finally:
        desk.http.cookies.clear()
