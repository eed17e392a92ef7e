"""``gongkai redact`` and ``gongkai verify-redaction``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.config import Settings
from core.datamodel import Action, Category, Redaction
from redact.errors import InvalidSpans


def register(sub) -> None:
    parser = sub.add_parser("redact", help="write the publishable, truly redacted file")
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--spans", type=Path, help="JSON list of confirmed spans")
    source.add_argument(
        "--auto", action="store_true", help="apply every finding whose action is redact (batch use)"
    )
    parser.add_argument("--no-ner", action="store_true", help="with --auto: patterns only")
    parser.set_defaults(run=run_redact)

    check = sub.add_parser("verify-redaction", help="check a redacted file for leaks")
    check.add_argument("original", type=Path)
    check.add_argument("redacted", type=Path)
    check.add_argument("--spans", type=Path, required=True)
    check.set_defaults(run=run_verify)


def load_spans(path: Path) -> list[Redaction]:
    """``[{"start", "end", "category", "legal_basis"?, "reviewer"?, "confirmed_at"?}, ...]``,
    or an object with such a list under "spans" or "findings" (the output of inspect)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidSpans(f"cannot read spans from {path}: {exc}") from exc
    if isinstance(raw, dict):
        raw = raw.get("spans", raw.get("findings"))
    if not isinstance(raw, list):
        raise InvalidSpans(f"{path}: expected a list of spans")
    spans = []
    for number, item in enumerate(raw, start=1):
        try:
            if item.get("action", "redact") != Action.REDACT.value:
                continue  # findings from inspect: only those marked redact
            spans.append(
                Redaction(
                    int(item["start"]),
                    int(item["end"]),
                    Category(item.get("category", "person_name")),
                    item.get("legal_basis", "《政府信息公开条例》第十五条（个人隐私）"),
                    item.get("reviewer"),
                    item.get("confirmed_at"),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise InvalidSpans(f"{path}: span {number} is not valid ({exc})") from exc
    return spans


def run_redact(args, settings: Settings) -> int:
    from ingest import IngestLimits, extract_bytes
    from ingest.source import read_path
    from redact import apply, build_detector
    from redact.log import log_html, log_record

    limits = IngestLimits.from_settings(settings)
    original = read_path(args.file, limits)
    document = extract_bytes(original, filename=args.file.name, limits=limits)
    if args.auto:
        findings = build_detector(settings, use_ner=not args.no_ner).detect(document)
        spans = [Redaction.from_finding(f) for f in findings if f.action == Action.REDACT]
    else:
        spans = load_spans(args.spans)
    redacted = apply(document, spans, original=original)
    args.out.write_bytes(redacted.data)
    record = log_record(document, redacted)
    log_json = args.out.with_name(args.out.name + ".log.json")
    log_json.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    args.out.with_name(args.out.name + ".log.html").write_text(log_html(record), encoding="utf-8")
    print(
        f"{len(redacted.entries)} redaction(s) written to {args.out}; log: {log_json}; "
        f"leak check passed with {', '.join(redacted.verification['tools'])}",
        file=sys.stderr,
    )
    for page, reason in redacted.rasterised:
        print(f"  page {page} rasterised: {reason}", file=sys.stderr)
    return 0


def run_verify(args, settings: Settings) -> int:
    from ingest import IngestLimits, extract
    from redact.marks import merged
    from redact.verify import verify

    limits = IngestLimits.from_settings(settings)
    document = extract(args.original, limits=limits)
    redacted = args.redacted.read_bytes()
    report = verify(document, merged(load_spans(args.spans)), redacted)
    print(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    return 0 if report.ok else 1
