"""``gongkai db upgrade`` and ``gongkai audit verify``."""

from __future__ import annotations

import sys

from core.config import Settings
from store.db import make_engine, make_sessionmaker, migrate, schema_revision, session_scope
from workflow import audit


def register(sub) -> None:
    db = sub.add_parser("db", help="database schema")
    db_actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = db_actions.add_parser("upgrade", help="apply the migrations (safe to repeat)")
    upgrade.set_defaults(run=_upgrade)

    audit_parser = sub.add_parser("audit", help="the audit trail")
    audit_actions = audit_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = audit_actions.add_parser("verify", help="check the hash chain of the audit trail")
    check.set_defaults(run=_verify)


def _upgrade(args, settings: Settings) -> int:
    engine = make_engine(settings)
    migrate(engine)
    print(f"schema at revision {schema_revision(engine)}", file=sys.stderr)
    return 0


def _verify(args, settings: Settings) -> int:
    engine = make_engine(settings)
    with session_scope(make_sessionmaker(engine)) as session:
        result = audit.verify(session)
    if result.ok:
        print(f"audit trail intact: {result.entries} entries")
        return 0
    print(
        f"audit trail BROKEN at entry {result.bad_seq}: {result.problem} "
        f"({result.entries} entries read)"
    )
    return 1
