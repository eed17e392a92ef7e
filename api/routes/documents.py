"""Upload a document, list documents, read one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from fastapi.responses import JSONResponse

from api.deps import Caller, FilesDep, SessionDep, SettingsDep
from api.problems import problem
from api.schemas import DocumentDetail, DocumentList, DocumentSummary
from core.errors import IngestError, http_status_for
from ingest import IngestLimits
from ingest.source import read_bounded
from workflow import intake

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


@router.post(
    "",
    response_model=DocumentSummary,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "The same content was uploaded before"},
        413: {"description": "Over the upload limit"},
    },
)
def upload_document(
    file: Annotated[UploadFile, File(description="PDF, DOCX or plain text")],
    response: Response,
    _caller: Caller,
    session: SessionDep,
    files: FilesDep,
    settings: SettingsDep,
) -> DocumentSummary | JSONResponse:
    """Store the file and parse it. A file that cannot be parsed is kept with its reason
    and answered with a problem naming it, so it can be processed again later."""
    limits = IngestLimits.from_settings(settings)
    data = read_bounded(file.file, limits.max_bytes)
    record, created = intake.register_upload(
        session=session, files=files, data=data, filename=file.filename, limits=limits
    )
    if record.status == "failed":
        code = record.error_code or IngestError.code
        return problem(
            http_status_for(code),
            code,
            "Document could not be parsed",
            record.error_message or "",
            document_id=record.id,
        )
    if not created:
        response.status_code = status.HTTP_200_OK
    return DocumentSummary.model_validate(record)


@router.get("", response_model=DocumentList)
def list_documents(
    _caller: Caller,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentList:
    records = intake.list_documents(session=session, limit=limit, offset=offset)
    return DocumentList(
        data=[DocumentSummary.model_validate(r) for r in records], count=len(records)
    )


@router.get("/{document_id}", response_model=DocumentDetail)
def read_document(document_id: int, _caller: Caller, session: SessionDep) -> DocumentDetail:
    return DocumentDetail.model_validate(
        intake.get_document(session=session, document_id=document_id)
    )
