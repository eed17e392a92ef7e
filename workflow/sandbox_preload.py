"""Imported once by the sandbox's forkserver (``workflow.sandbox``): the libraries and the
NER every processing child needs, loaded before the first fork so each child starts
with them in memory instead of loading them again."""

from __future__ import annotations

from core.config import get_settings
from workflow.processing import warm_up

try:
    warm_up(get_settings())
except Exception:  # a child loads what it needs itself; the preload only saves time
    import logging

    logging.getLogger(__name__).warning("sandbox preload failed", exc_info=True)
