"""A workflow on each supported database: a runtime, and one user per role."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from ingest import IngestLimits
from workflow import intake, processing
from workflow.runtime import Runtime
from workflow.users import Actor, Role, create_user


@dataclass
class Office:
    runtime: Runtime
    drafter: Actor
    reviewer: Actor
    publisher: Actor
    other_drafter: Actor  # of another office

    def upload(self, data: bytes, name: str, actor: Actor | None = None, document_id=None):
        """Register and process in-process, as the API does without Redis."""
        actor = actor or self.drafter
        files = self.runtime.files
        with self.runtime.session() as session:
            staged = files.stage(io.BytesIO(data), IngestLimits().max_bytes)
            registered = intake.register_upload(
                session,
                files,
                staged,
                actor=actor,
                filename=name,
                limits=IngestLimits(),
                document_id=document_id,
            )
            ids = registered.document.id, registered.version.id, registered.created
        if ids[2]:
            processing.process_version(self.runtime, ids[1])
        return ids[0]


@pytest.fixture
def office(db_settings) -> Office:
    runtime = Runtime.build(db_settings)
    actors = {}
    with runtime.session() as session:
        for name, role, office_name in (
            ("drafter", Role.DRAFTER, "办公室"),
            ("reviewer", Role.REVIEWER, "保密办"),
            ("publisher", Role.PUBLISHER, "保密办"),
            ("other_drafter", Role.DRAFTER, "财务科"),
        ):
            user, _ = create_user(session, username=name, role=role, office=office_name)
            actors[name] = Actor.of(user)
    yield Office(runtime, **actors)
    runtime.engine.dispose()
