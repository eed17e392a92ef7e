"""Entry point: ``gongkai <command>``. Each command lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys

from cli import (
    admin_cmd,
    batch_cmd,
    detect_cmd,
    evaluate_cmd,
    inspect_cmd,
    redact_cmd,
    report_cmd,
    serve_cmd,
    train_cmd,
    user_cmd,
    worker_cmd,
)
from core.config import get_settings
from core.errors import GongkaiError
from core.logging import configure_logging
from core.memory import keep_freed_memory

COMMANDS = (
    inspect_cmd,
    detect_cmd,
    redact_cmd,
    serve_cmd,
    worker_cmd,
    batch_cmd,
    user_cmd,
    admin_cmd,
    train_cmd,
    evaluate_cmd,
    report_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai", description="Disclosure review for official documents (公文公开审查)."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
