"""``gongkai db upgrade``, ``gongkai audit verify`` and ``gongkai sweep``."""

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

    clean = sub.add_parser("sweep", help="remove files on disk that no record owns")
    clean.add_argument(
        "--older-than-hours", type=float, default=24, help="grace period (default 24)"
    )
    clean.add_argument("--dry-run", action="store_true", help="list them, remove nothing")
    clean.set_defaults(run=_sweep)


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


def _sweep(args, settings: Settings) -> int:
    from store.files import FileStore
    from workflow.sweep import sweep

    engine = make_engine(settings)
    with session_scope(make_sessionmaker(engine)) as session:
        swept = sweep(
            session,
            FileStore(settings.files_dir),
            grace_seconds=args.older_than_hours * 3600,
            dry_run=args.dry_run,
        )
    verb = "would remove" if args.dry_run else "removed"
    print(
        f"{verb} {len(swept.staged)} staged uploads and {len(swept.originals)} unreferenced "
        f"originals"
    )
    for path in swept.staged + swept.originals:
        print(f"  {path}")
    return 0
