"""Upload documents and new versions, list them, read one, retry a failed one."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from fastapi import Path as PathParam

from api.deps import CurrentActor, DispatcherDep, DocumentId, RuntimeDep, SessionDep
from api.schemas import (
    MAX_ID,
    DeclassificationOut,
    DeclassifyIn,
    DocumentDetail,
    DocumentList,
    DocumentSummary,
)
from ingest import IngestLimits
from ingest.formats import default_registry
from workflow import declassify, intake, pages
from workflow.states import State

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])

_UPLOAD_RESPONSES = {
    200: {"description": "The office uploaded the same content before: that document"},
    413: {"description": "Over the upload limit"},
    415: {
        "description": "Not a format we read (judged from the content): "
        + default_registry().accepted()
    },
}


@router.post(
    "",
    response_model=DocumentSummary,
    status_code=status.HTTP_201_CREATED,
    responses=_UPLOAD_RESPONSES,
)
def upload_document(
    file: Annotated[UploadFile, File(description=default_registry().accepted())],
    response: Response,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    dispatcher: DispatcherDep,
) -> DocumentSummary:
    """Store the file and process it (parse, suggest, detect): at once without Redis,
    as a job on a worker with it. The state says where it is; a file that cannot be
    parsed ends in ``failed`` with its reason and is kept."""
    return _register(file, response, actor, session, runtime, dispatcher, None)


@router.post(
    "/{document_id}/versions",
    response_model=DocumentSummary,
    status_code=status.HTTP_201_CREATED,
    responses=_UPLOAD_RESPONSES,
)
def upload_version(
    document_id: DocumentId,
    file: Annotated[UploadFile, File(description="the document's new file")],
    response: Response,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    dispatcher: DispatcherDep,
) -> DocumentSummary:
    """A changed file of a document in review or decided: it is processed and reviewed
    again from the start."""
    return _register(file, response, actor, session, runtime, dispatcher, document_id)


def _register(file, response, actor, session, runtime, dispatcher, document_id):
    dispatcher.require_available()  # before anything is kept: a 503 leaves nothing
    limits = IngestLimits.from_settings(runtime.settings)
    staged = runtime.files.stage(file.file, limits.max_bytes)
    registered = intake.register_upload(
        session,
        runtime.files,
        staged,
        actor=actor,
        filename=file.filename,
        limits=limits,
        document_id=document_id,
    )
    if not registered.created:
        response.status_code = status.HTTP_200_OK
        return DocumentSummary.of(registered.document)
    session.commit()
    dispatcher.process(registered.version.id)
    session.refresh(registered.document)
    return DocumentSummary.of(registered.document)


@router.get("", response_model=DocumentList)
def list_documents(
    actor: CurrentActor,
    session: SessionDep,
    state: State | None = None,
    attribute: Annotated[str | None, Query(max_length=16)] = None,
    office: Annotated[str | None, Query(max_length=128)] = None,
    overdue: bool = False,
    order: Annotated[
        Literal["newest", "uncertainty"],
        Query(description="newest first, or the most uncertain suggestion first"),
    ] = "newest",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> DocumentList:
    records, total = intake.list_documents(
        session,
        actor,
        state=state.value if state else None,
        attribute=attribute,
        office=office,
        overdue_on=date.today() if overdue else None,
        order=order,
        limit=limit,
        offset=offset,
    )
    return DocumentList(
        data=[DocumentSummary.of(r) for r in records], count=len(records), total=total
    )


@router.get("/{document_id}", response_model=DocumentDetail)
def read_document(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep
) -> DocumentDetail:
    """The document with its suggestion (and evidence), its findings and parsed text."""
    return DocumentDetail.of(intake.get_document(session, document_id, actor))


@router.post("/{document_id}/retry", response_model=DocumentSummary)
def retry_document(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep, dispatcher: DispatcherDep
) -> DocumentSummary:
    """Process a failed document again, e.g. after the parser was improved."""
    dispatcher.require_available()
    version = intake.retry(session, document_id, actor)
    session.commit()
    dispatcher.process(version.id)
    document = intake.get_document(session, document_id, actor)
    session.refresh(document)
    return DocumentSummary.of(document)


@router.post("/{document_id}/declassify", response_model=DeclassificationOut)
def declassify_document(
    document_id: DocumentId, body: DeclassifyIn, actor: CurrentActor, session: SessionDep
) -> DeclassificationOut:
    """解密 (admin only): lift the block of every 密级 read on the document so far, with
    its basis. A later version that carries a marking again is blocked again."""
    record = declassify.declassify(session, document_id, actor, basis=body.basis)
    return DeclassificationOut.model_validate(record)


PageNumber = Annotated[int, PathParam(ge=1, le=100_000)]


@router.get("/{document_id}/pages/{page}")
def page_view(
    document_id: DocumentId,
    page: PageNumber,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
) -> dict:
    """A PDF page's size and the boxes where the findings fall on it (as fractions of
    the page), for drawing over ``…/pages/{page}/image``."""
    view = pages.page_view(runtime, session, document_id, actor, page)
    return asdict(view)


@router.get(
    "/{document_id}/pages/{page}/image",
    response_class=Response,
    responses={200: {"content": {t: {} for t in pages.IMAGE_FORMATS.values()}}},
)
def page_image(
    document_id: DocumentId,
    page: PageNumber,
    actor: CurrentActor,
    session: SessionDep,
    runtime: RuntimeDep,
    format: Literal["png", "jpeg", "webp"] = "png",
    width: Annotated[int | None, Query(ge=100, le=pages.MAX_IMAGE_WIDTH)] = None,
    v: Annotated[str | None, Query(max_length=64, description="the file's sha256")] = None,
) -> Response:
    """The original page as an image (for the reviewer; never published), ``width``
    pixels wide. The reviewer page names the file's content in the URL (``v``), so the
    browser keeps each page for the working day."""
    data = pages.page_image(
        runtime, session, document_id, actor, page, image_format=format, width=width
    )
    return Response(
        data,
        media_type=pages.IMAGE_FORMATS[format],
        # Named by content (``v``): the same URL always means the same image.
        headers={"Cache-Control": "private, max-age=28800" if v else "private, max-age=300"},
    )
