"""HTTP API (FastAPI). Route handlers parse input, call one workflow function, and
map errors to RFC 7807 problem details; they hold no business logic."""

from api.main import create_app

__all__ = ["create_app"]
