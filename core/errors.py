"""Typed errors. Each carries a stable ``code`` that the CLI and the API report.

Callers catch ``GongkaiError`` at their boundary (a command, a request, a job) and
show ``code`` and ``message``; nothing below that boundary swallows them.
"""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class: an expected failure with a message fit for the user."""

    code = "error"
    #: HTTP status the API answers with for this error.
    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IngestError(GongkaiError):
    """The uploaded file cannot be turned into a document."""

    code = "ingest_error"
    http_status = 422


class EmptyFile(IngestError):
    code = "empty_file"


class FileTooLarge(IngestError):
    code = "file_too_large"
    http_status = 413


class UnsupportedFileType(IngestError):
    code = "unsupported_file_type"
    http_status = 415


class DisguisedFile(IngestError):
    """The content is of a different type than the file name claims."""

    code = "disguised_file"
    http_status = 415


class MacroEnabledDocument(IngestError):
    code = "macro_enabled_document"
    http_status = 415


class ArchiveBomb(IngestError):
    code = "archive_bomb"
    http_status = 413


class CorruptDocument(IngestError):
    code = "corrupt_document"


class EncryptedDocument(IngestError):
    code = "encrypted_document"


class NeedsOCR(IngestError):
    """A PDF without a usable text layer: its pages are images or unmapped glyphs."""

    code = "needs_ocr"


class UnknownEncoding(IngestError):
    code = "unknown_encoding"


class OverLimit(IngestError):
    """The file is within the byte limit but would cost too much to read: too many
    cells, sheets or pages, a page too large, an image with too many pixels."""

    code = "over_limit"
    http_status = 413


class TooManyCells(OverLimit):
    code = "too_many_cells"


class TooManyPages(OverLimit):
    code = "too_many_pages"


class PageTooLarge(OverLimit):
    code = "page_too_large"


class ImageTooLarge(OverLimit):
    code = "image_too_large"


class ConversionFailed(IngestError):
    """LibreOffice could not turn a legacy file into one we read (damaged, encrypted)."""

    code = "conversion_failed"


class ConversionTimedOut(ConversionFailed):
    code = "conversion_timeout"


class NotFound(GongkaiError):
    code = "not_found"
    http_status = 404


class Unauthorized(GongkaiError):
    code = "unauthorized"
    http_status = 401


class Forbidden(GongkaiError):
    """The caller is known but its role or office does not allow this."""

    code = "forbidden"
    http_status = 403


class InvalidInput(GongkaiError):
    code = "invalid_input"
    http_status = 422


class Conflict(GongkaiError):
    code = "conflict"
    http_status = 409


class IllegalTransition(Conflict):
    """The document's state does not allow this step (e.g. release while in review)."""

    code = "illegal_transition"


class NotReady(Conflict):
    """A step whose preconditions are not met yet, e.g. findings still undecided."""

    code = "not_ready"


class PublicationBlocked(Conflict):
    """A document with a 密级 marking: it can never be cleared or published."""

    code = "publication_blocked"


class ProcessingFailed(GongkaiError):
    """Parsing, suggestion or detection failed for a reason that is not the file's."""

    code = "processing_failed"
    http_status = 500


def http_status_for(code: str) -> int:
    """The HTTP status of the error class with this ``code`` (for errors stored as codes)."""
    pending: list[type[GongkaiError]] = [GongkaiError]
    while pending:
        cls = pending.pop()
        if cls.code == code:
            return cls.http_status
        pending.extend(cls.__subclasses__())
    return IngestError.http_status


class ServiceUnavailable(GongkaiError):
    """A service the request needs (the job queue) does not answer: nothing was done."""

    code = "service_unavailable"
    http_status = 503


class ResourceLimit(GongkaiError):
    """Parsing and detection of one file went over its time or memory budget."""

    code = "resource_limit"
    http_status = 422
