"""Sign-in like an office system: user name and password, a server-side session in an
HttpOnly cookie, lock-out after repeated failures, logout that revokes the session.

The sign-in form is protected against login CSRF (a foreign page signing the victim's
browser in as someone else) with a double-submit token: a SameSite=Strict cookie a
foreign page's form never carries, and the same value in the form."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SESSION_COOKIE, SessionDep, SettingsDep, client_address
from api.inputs import CONTROL
from api.web.common import LOGIN_NOTICES, chinese_message, page, templates, to_login, visitor
from core.errors import GongkaiError
from workflow import sessions, users

router = APIRouter(prefix="/ui", include_in_schema=False)

LOGIN_COOKIE = "gongkai_login"
_FORM_LIMIT = 256


def _safe_next(target: str | None) -> str:
    """Only back into the page itself: never to another site (open redirect)."""
    if target and target.startswith("/ui/") and not target.startswith("//"):
        return target
    return "/ui/"


def _login_form(
    request: Request,
    *,
    status: int = 200,
    error: str | None = None,
    notice: str | None = None,
    username: str = "",
    next_: str = "/ui/",
    retry_after: int | None = None,
    secure: bool = False,
) -> Response:
    token = secrets.token_urlsafe(32)
    context = {
        "error": error,
        "notice": notice,
        "username": username,
        "next": _safe_next(next_),
        "login_csrf": token,
    }
    response = templates.TemplateResponse(request, "login.html", context, status_code=status)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        path="/ui/login",
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    response.headers["Cache-Control"] = "no-store"
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    next: Annotated[str, Query(max_length=2000)] = "",
    why: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    if not isinstance(visitor(request, session), str):
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_form(
        request,
        notice=LOGIN_NOTICES.get(why),
        next_=next,
        secure=settings.environment == "production",
    )


def _cross_site(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    return site == "cross-site" or (origin is not None and origin != own)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=_FORM_LIMIT)],
    login_csrf: Annotated[str, Form(max_length=_FORM_LIMIT)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/ui/",
) -> Response:
    # A user name is never looked up with a control character in it (a NUL was a 500
    # on PostgreSQL): with one it matches nobody, like any unknown name.
    username = CONTROL.sub("", username).strip()
    secure = settings.environment == "production"

    def again(status: int, error: str, retry_after: int | None = None) -> Response:
        return _login_form(
            request,
            status=status,
            error=error,
            username=username,
            next_=next,
            retry_after=retry_after,
            secure=secure,
        )

    expected = request.cookies.get(LOGIN_COOKIE, "")
    if _cross_site(request) or not (
        expected and login_csrf and hmac.compare_digest(expected, login_csrf)
    ):
        return again(400, "登录页面已失效，请重新输入后登录。")
    throttle = request.app.state.throttles.logins
    address = client_address(request)
    if (wait := throttle.retry_after(address)) is not None:
        return again(429, f"本机登录失败次数过多，请 {-(-wait // 60)} 分钟后再试。", wait)
    try:
        actor = users.sign_in(session, username, password)
    except (users.TooManyAttempts, users.SignInFailed) as exc:
        throttle.fail(address)
        session.commit()  # the failure counts towards the lock-out, and is audited
        retry_after = getattr(exc, "retry_after", None)
        return again(exc.http_status, chinese_message(exc.message, exc.code), retry_after)
    if (old := request.cookies.get(SESSION_COOKIE)) is not None:
        sessions.close(session, old)  # never carry a session across a sign-in
    token = sessions.open_session(session, actor)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session_cookie(response, token, secure)
    response.delete_cookie(LOGIN_COOKIE, path="/ui/login")
    return response


def _set_session_cookie(response: Response, token: str, secure: bool) -> None:
    # No max-age: the cookie goes with the browser; the server ends the session anyway.
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure)


@router.post("/logout")
def logout(
    request: Request,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=_FORM_LIMIT)] = "",
) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        response = RedirectResponse("/ui/login", status_code=303)
    elif not hmac.compare_digest(csrf, who.csrf_token):
        return RedirectResponse("/ui/", status_code=303)
    else:
        sessions.close(session, request.cookies[SESSION_COOKIE])
        response = RedirectResponse("/ui/login?why=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, session: SessionDep) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    return page(request, "password.html", who, error=None, done=False)


@router.post("/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=_FORM_LIMIT)],
    new: Annotated[str, Form(max_length=_FORM_LIMIT)],
    repeat: Annotated[str, Form(max_length=_FORM_LIMIT)],
    csrf: Annotated[str, Form(max_length=_FORM_LIMIT)] = "",
) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    if not hmac.compare_digest(csrf, who.csrf_token):
        return page(request, "password.html", who, 400, error="页面已失效，请重试。", done=False)
    if new != repeat:
        return page(
            request, "password.html", who, 422, error="两次输入的新密码不一致。", done=False
        )
    try:
        users.change_password(session, who.actor, current, new)
    except GongkaiError as exc:
        error = chinese_message(exc.message, exc.code)
        return page(request, "password.html", who, exc.http_status, error=error, done=False)
    # Every other browser signed in as this user is signed out; this one starts afresh.
    sessions.close_all(session, who.actor.id)
    token = sessions.open_session(session, who.actor)
    fresh = sessions.resolve(session, token)
    response = page(
        request,
        "password.html",
        type(who)(who.actor, fresh.csrf_token),
        error=None,
        done=True,
    )
    _set_session_cookie(response, token, settings.environment == "production")
    return response
