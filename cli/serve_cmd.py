"""``gongkai serve``: run the API; optionally load a folder of documents first."""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Settings
from core.errors import GongkaiError
from ingest import IngestLimits
from store.records import DocumentRecord


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
        + (f"Admin token (user admin): {token}\n" if token else "Sign in with a user's token\n")
        + (
            f"Admin password for the web page (shown once): {app.state.bootstrap_password}\n"
            if app.state.bootstrap_password
            else ""
        )
        + "  curl -H 'Authorization: Bearer <token>' "
        f"http://{args.host}:{args.port}/api/v1/documents\n",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_config=None)
    return 0


def load_folder(app, folder: Path, limits: IngestLimits) -> None:
    """Register and process every file of ``folder`` as the bootstrap admin."""
    from workflow.intake import register_path
    from workflow.users import Actor, Role

    runtime, dispatcher = app.state.runtime, app.state.dispatcher
    loader = Actor(None, "serve --load", Role.ADMIN, runtime.settings.default_office)
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            with runtime.session() as session:
                registered = register_path(
                    session, runtime.files, path, actor=loader, limits=limits
                )
        except GongkaiError as exc:
            print(f"  skipped {path.name}: {exc.message}", file=sys.stderr)
            continue
        if registered.created:
            dispatcher.process(registered.version.id)
        with runtime.session() as session:
            document = session.get(DocumentRecord, registered.document.id)
            state = "loaded" if registered.created else "already loaded"
            detail = document.title or document.error_message or ""
            print(
                f"  {state}: {path.name} -> #{document.id} {document.state} {detail}",
                file=sys.stderr,
            )
