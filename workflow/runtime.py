"""What a process needs to run the workflow: settings, a database and the file store.

The API builds one per app; a worker builds one per process, from the environment,
the first time a job asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings, get_settings
from store.db import make_engine, make_sessionmaker, migrate, session_scope
from store.files import FileStore


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessionmaker: sessionmaker[Session]
    files: FileStore

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings)
        migrate(engine)
        return cls(settings, engine, make_sessionmaker(engine), FileStore(settings.files_dir))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.sessionmaker) as session:
            yield session


@lru_cache(maxsize=1)
def worker_runtime() -> Runtime:
    """The runtime of a worker process, built once from ``GONGKAI_*`` settings."""
    return Runtime.build(get_settings())
