"""Audit entries may name an application; entries that do not hash exactly as before
applications existed, so a trail written by an older version still verifies."""

from __future__ import annotations

import hashlib
import json

from workflow import audit
from workflow.runtime import Runtime


def test_an_application_entry_is_chained_and_old_entries_hash_as_before(db_settings):
    runtime = Runtime.build(db_settings)
    with runtime.session() as session:
        plain = audit.record(session, actor="a", action="document.x", document_id=3, after={"k": 1})
        both = audit.record(
            session, actor="a", action="application.x", application_id=5, document_id=3
        )
        # The hash of an entry without an application, computed as the first version did.
        body = {
            "seq": plain.seq,
            "at": audit._utc(plain.at).isoformat(timespec="microseconds"),
            "actor": "a",
            "action": "document.x",
            "document_id": 3,
            "before": None,
            "after": {"k": 1},
        }
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert plain.hash == hashlib.sha256((plain.prev_hash + canonical).encode()).hexdigest()
        # The application is part of what is hashed: changing it would show.
        moved = replace_application(both, 6)
        assert audit.entry_hash(moved) != both.hash
        assert [e.action for e in audit.application_trail(session, 5)] == ["application.x"]
    with runtime.session() as session:
        assert audit.verify(session).ok
    runtime.engine.dispose()


def replace_application(entry, application_id):
    from store.records import AuditRecord

    copy = AuditRecord(
        seq=entry.seq,
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        document_id=entry.document_id,
        application_id=application_id,
        before=entry.before,
        after=entry.after,
        prev_hash=entry.prev_hash,
    )
    return copy
