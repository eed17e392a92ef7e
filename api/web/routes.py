"""The reviewer web page's routes, one module per concern. Pages only read; every
change goes through the same /api routes (the same checks, the same audit trail)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import auth, document, lists
from api.web.common import ROLE_LABELS, templates

# Other page modules (the applications pages) take the shared templates from here.
__all__ = ["ROLE_LABELS", "router", "templates"]

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
router.include_router(lists.router)
router.include_router(document.router)
