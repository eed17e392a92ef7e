"""Shared fixtures: per-test data directories, the real PostgreSQL and Redis of this
machine kind (failing loudly in CI when they are missing), an API client."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import Settings

IN_CI = os.environ.get("CI", "").lower() == "true"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
API_TOKEN = "test-token-not-a-secret"


def require_service(variable: str, what: str) -> str:
    """The URL of a service the test needs: absent in CI is a failure, elsewhere a skip."""
    url = os.environ.get(variable, "").strip()
    if not url:
        message = f"{variable} is not set, so the {what} tests cannot run"
        if IN_CI:
            pytest.fail(message + " (CI must provide it: see .ci/run)")
        pytest.skip(message + " (set it to run them; CI always does)")
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test database, dropped afterwards."""
    import sqlalchemy as sa

    base = require_service("GONGKAI_TEST_POSTGRES_URL", "PostgreSQL")
    base = base.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"gongkai_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {base} does not answer: {exc}")
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = require_service("GONGKAI_TEST_REDIS_URL", "Redis")
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} does not answer: {exc}")
    return url


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = {
        "environment": "test",
        "data_dir": tmp_path / "data",
        "database_url": "",
        "redis_url": "",
        "api_token": API_TOKEN,
        # Never the repository's models/classifier: tests train their own.
        "classifier_path": tmp_path / "classifier",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture(params=["sqlite", "postgres"])
def db_settings(request, tmp_path: Path) -> Settings:
    """Settings for each supported database: the same tests run against both."""
    if request.param == "postgres":
        settings = make_settings(tmp_path, database_url=request.getfixturevalue("postgres_url"))
        _empty_database(settings)
        return settings
    return make_settings(tmp_path)


def _empty_database(settings: Settings) -> None:
    """Each test starts from no tables, as it does on its own SQLite file."""
    import sqlalchemy as sa

    from store.db import make_engine

    engine = make_engine(settings)
    tables = sa.MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_TOKEN}"}
