"""Alembic environment: run by ``store.db.migrate`` on the connection it is given,
or by the ``alembic`` command with ``-x url=...`` for developers writing a migration."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from store.records import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    if connection.dialect.name == "postgresql":
        # A server and its workers may start together: one of them migrates, the
        # others wait here and then find nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(72616473)"))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.begin() as conn:
        run(conn)
