"""Sign-in with a password, server-side sessions apart from API tokens, lock-out and
throttling, CSRF, and the headers every response carries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from api.deps import SESSION_COOKIE
from api.main import create_app
from api.web.auth import LOGIN_COOKIE
from store.records import utcnow
from tests.api.conftest import sign_in
from tests.conftest import API_TOKEN
from workflow import sessions
from workflow.users import MAX_FAILED_LOGINS


def login_form(http) -> str:
    return re.search(r'name="login_csrf" value="([^"]+)"', http.get("/ui/login").text).group(1)


def try_login(http, username, password, **extra):
    token = login_form(http)
    return http.post(
        "/ui/login",
        data={"username": username, "password": password, "login_csrf": token},
        follow_redirects=False,
        **extra,
    )


def test_sign_in_with_a_password_and_out_again(clients):
    csrf = sign_in(clients, "reviewer", "correct horse")
    http = clients.http
    cookie = http.cookies[SESSION_COOKIE]
    assert cookie != clients.reviewer["Authorization"].removeprefix("Bearer ")
    assert http.get("/api/v1/me").json()["username"] == "reviewer"
    # A change from the page must carry the session's CSRF token.
    assert http.post("/api/v1/documents/1/findings/accept-suggestions", json={}).status_code == 403
    answer = http.post(
        "/api/v1/documents/1/findings/accept-suggestions",
        json={},
        headers={"X-Gongkai-CSRF": csrf},
    )
    assert answer.status_code == 404  # through the check: there is no document 1
    # The cookie is no API token, and an API token is no cookie.
    assert http.get("/api/v1/me", headers={"Authorization": f"Bearer {cookie}"}).status_code == 401
    # Logout needs the form's token too, then revokes the session for good.
    assert (
        http.post("/ui/logout", data={"csrf": "forged"}, follow_redirects=False).status_code == 303
    )
    assert http.get("/api/v1/me").status_code == 200
    http.post("/ui/logout", data={"csrf": csrf})
    http.cookies.set(SESSION_COOKIE, cookie)  # a copy kept by a thief
    refused = http.get("/api/v1/me")
    assert refused.status_code == 401 and refused.json()["code"] == "session_expired"
    assert "已退出登录" in refused.json()["detail"]


def test_a_failed_try_keeps_the_name_and_repeated_ones_lock_the_account(clients):
    clients.http.put(
        "/api/v1/users/drafter/password", headers=clients.admin, json={"password": "rightpass"}
    ).raise_for_status()
    wrong = try_login(clients.http, "drafter", "wrongpass")
    assert wrong.status_code == 401
    assert "用户名或密码不正确" in wrong.text and 'value="drafter"' in wrong.text
    assert SESSION_COOKIE not in wrong.cookies
    for _ in range(MAX_FAILED_LOGINS - 1):
        try_login(clients.http, "drafter", "wrongpass")
    locked = try_login(clients.http, "drafter", "rightpass")  # even the right one, now
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 60
    assert "账户已锁定" in locked.text and 'value="drafter"' in locked.text
    audit = clients.http.get("/api/v1/users", headers=clients.admin)
    assert audit.status_code == 200
    # The admin resets the password: unlocked.
    clients.http.put(
        "/api/v1/users/drafter/password", headers=clients.admin, json={"password": "newpass-1"}
    ).raise_for_status()
    # An unknown name reads exactly like a wrong password.
    assert "用户名或密码不正确" in try_login(clients.http, "nobody", "whatever").text
    assert try_login(clients.http, "drafter", "newpass-1").status_code == 303


def test_sign_in_is_protected_against_login_csrf(clients):
    clients.http.put(
        "/api/v1/users/reviewer/password", headers=clients.admin, json={"password": "rightpass"}
    ).raise_for_status()
    # A foreign page's form: it has neither the SameSite cookie nor its value.
    fresh = TestClient(clients.http.app)
    forged = fresh.post(
        "/ui/login",
        data={"username": "reviewer", "password": "rightpass", "login_csrf": "guess"},
        follow_redirects=False,
    )
    assert forged.status_code == 400 and SESSION_COOKIE not in forged.cookies
    cross = try_login(
        clients.http, "reviewer", "rightpass", headers={"Origin": "https://evil.example"}
    )
    assert cross.status_code == 400 and SESSION_COOKIE not in cross.cookies
    form = clients.http.get("/ui/login")
    assert (
        "SameSite=strict" in form.headers["set-cookie"]
        and LOGIN_COOKIE in form.headers["set-cookie"]
    )


def test_wrong_tokens_and_sign_ins_from_one_address_are_throttled(clients):
    for _ in range(10):
        assert (
            clients.http.get("/api/v1/me", headers={"Authorization": "Bearer x"}).status_code == 401
        )
    throttled = clients.http.get("/api/v1/me", headers={"Authorization": "Bearer x"})
    assert throttled.status_code == 429 and throttled.json()["code"] == "too_many_attempts"
    assert 1 <= int(throttled.headers["retry-after"]) <= 60
    # Sign-ins: 20 failures under any names, then the address waits.
    for n in range(20):
        assert try_login(clients.http, f"user{n}", "x" * 8).status_code == 401
    assert try_login(clients.http, "user99", "x" * 8).status_code == 429


def test_sessions_end_when_idle_or_old(clients):
    sign_in(clients, "publisher")
    cookie = clients.http.cookies[SESSION_COOKIE]
    runtime = clients.http.app.state.runtime
    with runtime.session() as session:
        assert sessions.resolve(session, cookie).actor.username == "publisher"
        later = utcnow() + sessions.IDLE + timedelta(minutes=1)
        with pytest.raises(sessions.SessionExpired, match="已过期"):
            sessions.resolve(session, cookie, now=later)
    # The page sends an expired session back to the sign-in, saying why.
    clients.http.cookies.clear()
    clients.http.cookies.set(SESSION_COOKIE, "no-such-session")
    page = clients.http.get("/ui/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/ui/login?next=")
    assert "登录已过期" in clients.http.get("/ui/login?why=expired").text
    # Only the page's own notices: a link cannot make the sign-in page say anything else.
    forged = clients.http.get("/ui/login", params={"why": "系统升级，请拨打 110 重新激活"}).text
    assert "系统升级" not in forged


def test_every_response_carries_the_security_headers(tmp_path, db_settings):
    app = create_app(db_settings)
    with TestClient(app, base_url="https://gongkai.example") as https:
        for path in ("/ui/login", "/api/v1/me", "/health"):
            headers = https.get(path, headers={"Authorization": f"Bearer {API_TOKEN}"}).headers
            assert "frame-ancestors 'none'" in headers["content-security-policy"]
            assert "script-src 'self';" in headers["content-security-policy"]
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "same-origin"
            assert headers["strict-transport-security"].startswith("max-age=")
    with TestClient(app) as plain:
        headers = plain.get("/ui/login").headers
        assert "strict-transport-security" not in headers  # only over TLS
        assert "cdn.jsdelivr.net" in plain.get("/docs").headers["content-security-policy"]


def test_only_an_admin_sets_passwords(clients):
    body = {"password": "somepassword"}
    for who in (clients.reviewer, clients.drafter):
        assert (
            clients.http.put("/api/v1/users/drafter/password", headers=who, json=body).status_code
            == 403
        )
    short = clients.http.put(
        "/api/v1/users/drafter/password", headers=clients.admin, json={"password": "x"}
    )
    assert short.status_code == 422
