"""The 政府信息公开工作年度报告: its figures and text, the office's inputs, the files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from pydantic import Field

from api.deps import CurrentActor, SessionDep, SettingsDep
from api.inputs import RequestModel
from workflow import annual_report
from workflow.annual_report_render import render

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Year = Annotated[int, PathParam(ge=1990, le=2200)]
Office = Annotated[str | None, Query(max_length=128, description="one office; all when absent")]


class ReportInputsIn(RequestModel):
    #: licensing, penalties, enforcement, fees (万元), processing_fee_notices,
    #: processing_fee_amount (元)
    figures: dict[str, float] = Field(default_factory=dict, max_length=20)
    #: overview, proactive, applications, remedies, problems, other: text with {blanks}
    narrative: dict[str, str] = Field(default_factory=dict, max_length=10)


def _json(report) -> dict:
    return {
        "year": report.year,
        "office": report.office,
        "title": report.title,
        "table2": report.table2,
        "figures": report.figures,
        "table3": report.table3,
        "table4": report.table4,
        "narrative": report.narrative,
        "templates": report.templates,
        "checks": report.checks,
        "balanced": report.balanced,
    }


@router.get("/annual/{year}")
def annual(
    year: Year,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    office: Office = None,
) -> dict:
    """Tables 二, 三 and 四 computed from the records, the six sections' text with the
    figures filled in, and the reconciliations (``checks``)."""
    return _json(annual_report.build(session, settings, actor, year, office))


@router.put("/annual/{year}/inputs")
def save_inputs(
    year: Year,
    body: ReportInputsIn,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    office: Office = None,
) -> dict:
    """The figures from other systems and the sections' text, for this year."""
    annual_report.save_inputs(
        session, settings, actor, year, office, figures=body.figures, narrative=body.narrative
    )
    return _json(annual_report.build(session, settings, actor, year, office))


@router.get(
    "/annual/{year}/file",
    response_class=Response,
    responses={200: {"description": "the report as DOCX, XLSX or HTML"}},
)
def annual_file(
    year: Year,
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    format: Annotated[str, Query(pattern="^(docx|xlsx|html)$")] = "docx",
    office: Office = None,
) -> Response:
    report = annual_report.build(session, settings, actor, year, office)
    data, media_type = render(report, format)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="annual-report-{year}.{format}"'},
    )
