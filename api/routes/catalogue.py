"""The 政府信息公开目录: read and search it, export it for the website or the office."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor, SessionDep, SettingsDep
from api.schemas import MAX_ID
from workflow import catalogue

router = APIRouter(prefix="/api/v1/catalogue", tags=["catalogue"])


@router.get("")
def read_catalogue(
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    attribute: Annotated[str | None, Query(max_length=16)] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> dict:
    """Every decided document with its 索引号; ``q`` searches title, 发文字号 and text
    (each word must appear). A drafter sees its own office's documents."""
    found, total = catalogue.items(
        session, settings, actor, q=q, attribute=attribute, year=year, limit=limit, offset=offset
    )
    return {"items": [asdict(i) for i in found], "count": len(found), "total": total}


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"description": "the catalogue as HTML, CSV or XLSX"}},
)
def export_catalogue(
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    format: Annotated[str, Query(pattern="^(html|csv|xlsx)$")] = "html",
    attribute: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    """HTML for the website (密级 documents left out), CSV and XLSX for the office."""
    data, media_type = catalogue.export(session, settings, actor, format, attribute=attribute)
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="catalogue.{format}"',
            "Cache-Control": "no-store",
        },
    )
