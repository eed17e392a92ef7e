"""``gongkai inspect FILE [--json] [--boxes]``: parse one file and show the result."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from core.config import Settings
from core.datamodel import Document, Finding
from ingest import IngestLimits, extract


def register(sub) -> None:
    parser = sub.add_parser("inspect", help="parse a document and print what was found")
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="print the stable JSON form")
    parser.add_argument(
        "--boxes",
        action="store_true",
        help="with --json: include a page box for every character (PDF)",
    )
    parser.add_argument(
        "--no-detect", action="store_true", help="skip the personal-data detection pass"
    )
    parser.add_argument(
        "--no-ner", action="store_true", help="detect with the pattern recognisers only"
    )
    parser.set_defaults(run=run)


def run(args, settings: Settings) -> int:
    if not args.file.is_file():
        print(f"gongkai: error [not_found]: no such file: {args.file}", file=sys.stderr)
        return 2
    document = extract(args.file, limits=IngestLimits.from_settings(settings))
    findings = None
    if not args.no_detect:
        from redact import build_detector

        findings = build_detector(settings, use_ner=not args.no_ner).detect(document)
    from classify import suggest_with_settings

    suggestion = suggest_with_settings(document, findings or (), settings)
    if args.json:
        out = document.to_dict(include_boxes=args.boxes)
        out["suggestion"] = suggestion.to_dict(document.text)
        if findings is not None:
            out["findings"] = [f.to_dict() for f in findings]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(document, findings))
        sys.stdout.write(render_suggestion(suggestion))
    return 0


def render_text(document: Document, findings: list[Finding] | None = None) -> str:
    lines = [
        f"file        {document.filename}",
        f"type        {document.media_type.value}",
        f"sha256      {document.sha256}",
        f"size        {document.size} bytes",
        f"pages       {document.page_count if document.page_count is not None else '-'}",
    ]
    if document.encoding:
        lines.append(f"encoding    {document.encoding}")
    meta = document.metadata.to_dict()
    if meta:
        lines.append("metadata")
        lines += [f"  {key:<18}{value}" for key, value in meta.items()]
    lines.append("elements")
    if not document.elements:
        lines.append("  (none recognised)")
    for element in document.elements:
        lines.append(
            f"  {element.name.label:<10}{element.value}    [{element.start}:{element.end}]"
        )
    kinds = Counter(block.kind.value for block in document.blocks)
    lines.append("blocks      " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for warning in document.warnings:
        lines.append(f"warning     {warning}")
    if findings is not None:
        lines.append(f"findings    {len(findings)}")
        for f in findings:
            lines.append(
                f"  {f.action.value:<7}{f.category.label:<10}{f.text}    [{f.start}:{f.end}] "
                f"score {f.score:.2f}; {f.explanation}; {f.action_reason}"
            )
    lines.append("text")
    lines.append(document.text)
    return "\n".join(lines) + "\n"


def render_suggestion(suggestion) -> str:
    probs = "  ".join(f"{a.value} {p:.0%}" for a, p in suggestion.probabilities.items())
    lines = [f"suggestion  {suggestion.attribute.value}  ({probs}; {suggestion.source})"]
    if suggestion.ground:
        lines.append(f"  ground    {suggestion.ground.value}（{suggestion.ground.article}）")
    lines.append(f"  category  {suggestion.category}")
    if suggestion.publication_blocked:
        lines.append("  BLOCKED   carries a 密级 marking: it can never be published")
    lines += [f"  because   {e.explanation}（{e.article}）" for e in suggestion.evidence]
    lines += [f"  conflict  {c}" for c in suggestion.conflicts]
    if suggestion.note:
        lines.append(f"  note      {suggestion.note}")
    return "\n".join(lines) + "\n"
