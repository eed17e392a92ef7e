"""Errors of the redaction stage."""

from __future__ import annotations

from core.errors import GongkaiError


class RedactionError(GongkaiError):
    """The file cannot be redacted safely; nothing is written."""

    code = "redaction_failed"
    http_status = 422


class InvalidSpans(GongkaiError):
    code = "invalid_spans"
