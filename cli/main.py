"""Entry point: ``gongkai <command>``. Each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from core.config import get_settings
from core.errors import GongkaiError
from core.logging import configure_logging
from core.memory import keep_freed_memory

#: Each command's module, by the names it registers. Only the module of the command
#: being run is imported: ``gongkai inspect`` need not load the database layer, rq and
#: the web app that ``batch``, ``serve`` and ``worker`` import.
COMMANDS = {
    "inspect": "inspect_cmd",
    "detect": "detect_cmd",
    "redact": "redact_cmd",
    "verify-redaction": "redact_cmd",
    "serve": "serve_cmd",
    "worker": "worker_cmd",
    "batch": "batch_cmd",
    "user": "user_cmd",
    "db": "admin_cmd",
    "audit": "admin_cmd",
    "sweep": "admin_cmd",
    "train": "train_cmd",
    "evaluate": "evaluate_cmd",
    "report": "report_cmd",
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only ``argv``'s command where it names one."""
    parser = argparse.ArgumentParser(
        prog="gongkai", description="Disclosure review for official documents (公文公开审查)."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = next((a for a in argv or () if not a.startswith("-")), None)
    modules = [COMMANDS[named]] if named in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"cli.{module}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    # Before the first document: every command may parse or detect, workers many.
    keep_freed_memory()
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        return int(args.run(args, settings) or 0)
    except GongkaiError as exc:
        print(f"gongkai: error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
