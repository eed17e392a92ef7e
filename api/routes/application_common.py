"""What the application routes share: path parameters, the answer's shape, downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path as PathParam
from fastapi import Response

from api.application_schemas import ApplicationOut
from api.schemas import MAX_ID

ApplicationId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
RemedyId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
DOWNLOAD = {200: {"description": "the file"}}


def out(application, actor, settings, session) -> ApplicationOut:
    return ApplicationOut.of(application, actor, settings, session)


def file_response(data: bytes, name: str) -> Response:
    media = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html; charset=utf-8",
        "json": "application/json",
        "txt": "text/plain; charset=utf-8",
    }.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return Response(
        data,
        media_type=media,
        headers={
            # Names are built from ids only; never from what a user typed.
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
