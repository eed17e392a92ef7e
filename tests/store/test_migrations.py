"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store.db import head_revision, make_engine, migrate, schema_revision
from store.records import Base


def test_migrations_match_the_models_and_repeat_safely(db_settings):
    engine = make_engine(db_settings)
    migrate(engine)
    migrate(engine)  # a second start changes nothing
    assert schema_revision(engine) == head_revision() == "0008_sessions"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
