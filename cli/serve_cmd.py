"""``gongkai serve``: run the API; optionally load a folder of documents first."""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Settings
from core.errors import IngestError
from ingest import IngestLimits
from ingest.source import read_path


def register(sub) -> None:
    parser = sub.add_parser("serve", help="run the HTTP service")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--load",
        type=Path,
        metavar="DIR",
        help="register every document in DIR before serving (idempotent)",
    )
    parser.set_defaults(run=run)


def run(args, settings: Settings) -> int:
    import uvicorn

    from api.main import create_app, resolve_api_token

    token = resolve_api_token(settings)
    app = create_app(settings, api_token=token)
    if args.load:
        load_folder(app, args.load, IngestLimits.from_settings(settings))
    print(
        f"\nGongkai is serving on http://{args.host}:{args.port}/  "
        f"(API docs: http://{args.host}:{args.port}/docs)\n"
        f"API token for this process: {token}\n"
        "  curl -H 'Authorization: Bearer <token>' "
        f"http://{args.host}:{args.port}/api/v1/documents\n",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)
    return 0


def load_folder(app, folder: Path, limits: IngestLimits) -> None:
    from store.db import session_scope
    from workflow.intake import register_upload

    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            data = read_path(path, limits)
        except IngestError as exc:
            print(f"  skipped {path.name}: {exc.message}", file=sys.stderr)
            continue
        with session_scope(app.state.sessionmaker) as session:
            record, created = register_upload(
                session=session, files=app.state.files, data=data, filename=path.name, limits=limits
            )
            state = "loaded" if created else "already loaded"
            detail = record.title or record.error_message or ""
            print(
                f"  {state}: {path.name} -> #{record.id} {record.status} {detail}", file=sys.stderr
            )
