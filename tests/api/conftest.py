"""An app on each database, and a signed-in client per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import API_TOKEN


@dataclass
class Clients:
    http: TestClient
    admin: dict[str, str]
    drafter: dict[str, str]
    reviewer: dict[str, str]
    publisher: dict[str, str]
    other_drafter: dict[str, str]  # another office

    def upload(self, headers, name, data, path="/api/v1/documents"):
        return self.http.post(
            path, headers=headers, files={"file": (name, data, "application/octet-stream")}
        )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def clients(db_settings):
    with TestClient(create_app(db_settings)) as http:
        admin = bearer(API_TOKEN)
        tokens = {}
        for name, role, office in (
            ("drafter", "drafter", "办公室"),
            ("reviewer", "reviewer", "保密办"),
            ("publisher", "publisher", "保密办"),
            ("other_drafter", "drafter", "财务科"),
        ):
            response = http.post(
                "/api/v1/users",
                headers=admin,
                json={"username": name, "role": role, "office": office},
            )
            assert response.status_code == 201, response.text
            tokens[name] = bearer(response.json()["token"])
        yield Clients(http, admin, **tokens)


def sign_in(clients: Clients, username: str, password: str | None = None) -> str:
    """Sign ``clients.http`` in to the web page as ``username`` (given a password first,
    through the admin API); returns the page's CSRF token."""
    import re

    password = password or f"{username}-password"
    clients.http.put(
        f"/api/v1/users/{username}/password", headers=clients.admin, json={"password": password}
    ).raise_for_status()
    clients.http.cookies.clear()  # whoever was signed in before
    form = clients.http.get("/ui/login").text
    token = re.search(r'name="login_csrf" value="([^"]+)"', form).group(1)
    response = clients.http.post(
        "/ui/login", data={"username": username, "password": password, "login_csrf": token}
    )
    assert response.status_code == 200 and "文件队列" in response.text, response.text[:300]
    return re.search(r'name="csrf-token" content="([^"]+)"', response.text).group(1)
