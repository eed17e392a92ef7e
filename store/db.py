"""Engine and sessions, built from settings; nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings

#: How long a SQLite writer waits for another's transaction to end before "database is
#: locked" (pysqlite's default is 5 s, which a processing job's write could outlast).
SQLITE_BUSY_SECONDS = 30.0
#: Session execution option: the unit of work may write after reading what decides the
#: write (every request that is not GET/HEAD/OPTIONS, every job and command).
WRITES = "gongkai_writes"


def make_engine(settings: Settings) -> Engine:
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite would open its transaction only at the first write, after the reads that
    # decided it; SQLAlchemy's "begin" opens it instead (_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the server read while a batch job writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """SQLite has no row locks (``FOR UPDATE`` is ignored): a unit of work that may write
    takes the database's write lock when it begins, so two requests that read the same
    state to decide a change run one after the other instead of both acting on it (four
    simultaneous releases: one publication and four answers naming it, not one
    publication and three unique-constraint errors). Read-only requests begin deferred
    and never wait for a writer (WAL)."""
    writes = connection.get_execution_options().get(WRITES, True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the Alembic migrations (safe to repeat)."""
    from alembic import command

    config = alembic_config()
    before = schema_revision(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    after = schema_revision(engine)
    if after != before:
        log.info("database schema migrated", extra={"from": before, "to": after})


def head_revision() -> str:
    """The revision the migrations end at."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session], *, writes: bool = True) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error. ``writes=False`` for one
    that only reads (on SQLite it then never waits for, nor holds up, a writer)."""
    session = factory(execution_options={WRITES: writes})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
