"""API input and output shapes, kept apart from the database tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class DocumentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sha256: str
    filename: str | None
    media_type: str | None
    size: int
    status: str
    error_code: str | None
    error_message: str | None
    page_count: int | None
    title: str | None
    doc_number: str | None
    created_at: datetime


class DocumentDetail(DocumentSummary):
    #: The parsed document, as ``gongkai inspect --json`` prints it (see README).
    parsed: dict[str, Any] | None


class DocumentList(BaseModel):
    data: list[DocumentSummary]
    count: int


class Health(BaseModel):
    status: str
    database: str
    redis: str
