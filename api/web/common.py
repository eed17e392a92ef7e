"""What every page of the reviewer web page shares: templates, who is signed in, how
a page and an error are rendered. Pages only read; changes go through /api."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.deps import SESSION_COOKIE
from api.web.render import category_label
from core.errors import GongkaiError
from workflow import sessions
from workflow.states import State
from workflow.users import Actor

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(category_label=category_label, State=State)

ROLE_LABELS = {
    "drafter": "拟稿处室",
    "reviewer": "保密审查",
    "publisher": "发布",
    "handler": "依申请办理",
    "admin": "管理员",
}
MEDIA_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "text/plain": "文本",
}
templates.env.globals.update(media_label=lambda m: MEDIA_LABELS.get(m or "", m or ""))

#: What a refusal says when its message has no Chinese of its own.
CHINESE_BY_CODE = {
    "not_found": "找不到该文件，或您无权查看。",
    "forbidden": "您的角色无权执行此操作。",
    "unauthorized": "请先登录。",
    "session_expired": "登录已过期，请重新登录。",
    "conflict": "操作与文件的当前状态冲突，请刷新页面后再试。",
    "illegal_transition": "文件当前的状态不允许这一步。",
    "not_ready": "条件尚不具备。",
    "publication_blocked": "文件标有密级，不得公开。",
    "invalid_input": "输入有误。",
    "too_many_attempts": "尝试次数过多，请稍后再试。",
}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"[A-Za-z]{2,}[^A-Za-z]+[A-Za-z]{2,}")


def chinese_message(message: str, code: str) -> str:
    """The Chinese part of a refusal ("中文说明（English for developers）" shows as
    "中文说明"), or a Chinese text for its ``code`` when it has none."""
    if not _HAN.search(message):
        return CHINESE_BY_CODE.get(code, "操作未能完成。")
    text = message.rstrip()
    if text.endswith("）"):
        depth = 0
        for at in range(len(text) - 1, -1, -1):
            depth += {"）": 1, "（": -1}.get(text[at], 0)
            if depth == 0:
                if _ENGLISH.search(text[at:]) and _HAN.search(text[:at]):
                    text = text[:at].rstrip()
                break
    return text


#: Why processing failed, for the page (the stored message is for developers).
FAILURES = {
    "empty_file": "文件是空的。",
    "file_too_large": "文件超过大小限制。",
    "unsupported_file_type": "不支持这种文件类型。",
    "disguised_file": "文件名与内容的类型不符。",
    "macro_enabled_document": "文件带有宏，不予处理。",
    "archive_bomb": "文件解压后过大，不予处理。",
    "corrupt_document": "文件已损坏，无法读取。",
    "encrypted_document": "文件加了密码，无法读取。",
    "needs_ocr": "文件没有可用的文字层（扫描件），须先做文字识别。",
    "unknown_encoding": "无法识别文本文件的编码。",
}


def failure_label(code: str | None) -> str:
    return FAILURES.get(code or "", "处理时出错，请重新处理或联系管理员。")


templates.env.globals.update(failure_label=failure_label)


@dataclass(frozen=True)
class Visitor:
    actor: Actor
    csrf_token: str


#: What the sign-in page says when it was sent there: fixed texts chosen by a code, so
#: a link from elsewhere cannot make the page say anything else.
LOGIN_NOTICES = {
    "expired": "登录已过期，请重新登录。",
    "closed": "已退出登录，请重新登录。",
    "signed_out": "已退出登录。",
}


def visitor(request: Request, session: Session) -> Visitor | str:
    """The signed-in user of a page, or why there is none (a ``LOGIN_NOTICES`` code,
    "" when nobody had signed in)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return ""
    try:
        web = sessions.resolve(session, token)
    except sessions.SessionExpired as exc:
        return exc.reason if exc.reason in LOGIN_NOTICES else ""
    return Visitor(web.actor, web.csrf_token)


def to_login(request: Request, reason: str = "") -> RedirectResponse:
    """To the sign-in page, saying why and coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    url = f"/ui/login?next={quote(target, safe='')}"
    if reason:
        url += f"&why={reason}"
    return RedirectResponse(url, status_code=303)


def page(request: Request, name: str, who: Visitor, status: int = 200, **context) -> Response:
    context |= {
        "actor": who.actor,
        "role_label": ROLE_LABELS[who.actor.role.value],
        "csrf_token": who.csrf_token,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status)
    # Pages show documents under review: never kept by a shared proxy or the back button.
    response.headers["Cache-Control"] = "no-store"
    return response


def error_page(request: Request, who: Visitor, exc: GongkaiError) -> Response:
    return page(
        request,
        "error.html",
        who,
        status=exc.http_status,
        message=chinese_message(exc.message, exc.code),
    )
