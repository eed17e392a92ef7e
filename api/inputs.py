"""What a request may carry: no NUL and no other control characters in any text.

PostgreSQL refuses NUL in text (a 500 before this), and control characters in a name, a
reason or an office only hide what was written. So every JSON body (``RequestModel``)
and every query string (``ControlCharacters``) with one is refused as bad input (422),
before anything reaches the database.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from pydantic import BaseModel, model_validator
from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import problem

#: C0 controls but tab, newline and carriage return; DEL; the non-characters U+FFFE/F.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MESSAGE = "输入中含有控制字符（如 NUL），已拒绝（control characters are not accepted）"


def has_control(value: Any) -> bool:
    if isinstance(value, str):
        return CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(has_control(k) or has_control(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_control(v) for v in value)
    return False


class RequestModel(BaseModel):
    """Every input body's base: text with a control character in it is refused."""

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        if has_control(data):
            raise ValueError(MESSAGE)
        return data


class ControlCharacters:
    """Refuse a query string with a control character in it (``?office=%00``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").decode("latin-1")
            if query and CONTROL.search(unquote_plus(query, encoding="utf-8", errors="replace")):
                response = problem(422, "invalid_request", "Invalid request", MESSAGE)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
