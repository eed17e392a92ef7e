"""Back-catalogue batches: their progress and their report (runs are started with
``gongkai batch``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, PlainTextResponse

from api.deps import CurrentActor, SessionDep
from api.schemas import MAX_ID
from workflow import batch
from workflow.batch_report import build_report, to_csv, to_html

router = APIRouter(prefix="/api/v1/batches", tags=["batches"])
BatchId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("")
def list_batches(actor: CurrentActor, session: SessionDep) -> list[dict]:
    now = datetime.now(UTC)
    return [
        {"root": b.root, "office": b.office, **batch.progress(session, b.id, actor).to_dict(now)}
        for b in batch.list_batches(session, actor)
    ]


@router.get("/{batch_id}")
def batch_progress(batch_id: BatchId, actor: CurrentActor, session: SessionDep) -> dict:
    """Files done of all, rate, ETA and failures, as ``gongkai batch status`` shows them."""
    return batch.progress(session, batch_id, actor).to_dict(datetime.now(UTC))


@router.get("/{batch_id}/report.html", response_class=HTMLResponse)
def batch_report_html(batch_id: BatchId, actor: CurrentActor, session: SessionDep) -> str:
    return to_html(build_report(session, batch_id, actor))


@router.get("/{batch_id}/report.csv", response_class=PlainTextResponse)
def batch_report_csv(
    batch_id: BatchId, actor: CurrentActor, session: SessionDep
) -> PlainTextResponse:
    return PlainTextResponse(
        to_csv(build_report(session, batch_id, actor)), media_type="text/csv; charset=utf-8"
    )
