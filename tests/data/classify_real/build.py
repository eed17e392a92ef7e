"""Rebuild the texts of the real-document evaluation set from their public source.

``manifest.jsonl`` holds each document's source, title, number and the sha256 of the
text built from it; this script writes ``texts/gov2019.jsonl`` and checks every hash.
Two ways in, the same extraction (``sql_rows`` then ``page_text``):

- ``--snapshot GIT_DIR``: the whole dump from a clone or ``fetch`` mirror (all 60). What
  comes from a snapshot is not committed.
- ``--from-text FILE`` (repeatable): INSERT rows as read through the search tool's stored
  index (``read_file``), saved as SQL text. Rows are matched to the manifest by their page
  address (the index's copies number their rows differently), only the documents found
  are written, and a first line ``-- source: VERB REPO PATH COMMIT`` is recorded with
  each. This is how the committed texts were built (see README.md).

Source: the State Council policy library (www.gov.cn/zhengce/content), as crawled on
2019-02-17 into the SQL dump ``db/ge_policy_raw20190217.sql`` of the public repository
ZhouYNF/platform-1 (commit aa9b1792f3ba2b4d790a55aeddaa811e339341dd). Every document
in it was published by the State Council on its own website: proactively disclosed.

Run: ``python tests/data/classify_real/build.py --snapshot PATH_TO_GIT_DIR`` (a clone or
the ``fetch`` tool's mirror of ZhouYNF/platform-1), or ``--from-text FILE …``. Evaluation
only: never train or tune on these documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMIT = "aa9b1792f3ba2b4d790a55aeddaa811e339341dd"
DUMP = "db/ge_policy_raw20190217.sql"
COLUMNS = (
    *("id", "crawl_url", "crawl_time", "index_number", "title", "release_office"),
    *("release_number", "policy_basis", "written", "released", "effect", "content"),
    *("image_url", "status", "html", "remark"),
)
#: Lines the website adds or the document states its attribute with: removed, so the
#: suggestion cannot read the answer (the 附注 此件公开发布) or a publication note.
REMOVED_LINES = re.compile(r"[（(]\s*(?:此件公开发布|此件主动公开|本文有删减)\s*[）)]")


def sql_rows(sql: str):
    """The value tuples of every ``insert … values (…)`` in a MySQL dump."""
    at = 0
    opener = re.compile(r"values\s*\(", re.IGNORECASE)
    while (found := opener.search(sql, at)) is not None:
        at, values = found.end(), []
        while True:
            while sql[at].isspace():
                at += 1
            if sql[at] == "'":
                at, value = _quoted(sql, at + 1)
            else:
                token = re.compile(r"[^,)]+").match(sql, at)
                at, value = token.end(), token.group().strip()
                value = None if value.lower() == "null" else value
            values.append(value)
            while sql[at].isspace():
                at += 1
            at += 1
            if sql[at - 1] == ")":
                break
        yield dict(zip(COLUMNS, values, strict=False))


def _quoted(sql: str, at: int) -> tuple[int, str]:
    out = []
    escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
    while True:
        char = sql[at]
        if char == "\\":
            out.append(escapes.get(sql[at + 1], sql[at + 1]))
            at += 2
        elif char == "'" and sql[at + 1] == "'":
            out.append("'")
            at += 2
        elif char == "'":
            return at + 1, "".join(out)
        else:
            out.append(char)
            at += 1


class _Text(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "td"})

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def page_text(html: str) -> str:
    """The article of a gov.cn page (its UCAP-CONTENT cell) as lines of text."""
    found = re.search(r'id="UCAP-CONTENT"[^>]*>(.*?)</td>', html, re.S)
    parser = _Text()
    parser.feed(found.group(1) if found else html)
    lines = ("".join(parser.out).replace("\xa0", " ")).split("\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in lines]
    return "\n".join(line for line in lines if line)


def document(row: dict, doc_id: str) -> dict:
    """One corpus line from one INSERT row: the article's lines, the marking lines cut."""
    text = page_text(row["html"] or "")
    kept = [line for line in text.split("\n") if not REMOVED_LINES.fullmatch(line)]
    removed = [line for line in text.split("\n") if REMOVED_LINES.fullmatch(line)]
    text = "\n".join(kept) + "\n"
    return {
        "id": doc_id,
        "attribute": "主动公开",
        "text": text,
        "source": row["crawl_url"],
        "title": row["title"],
        "doc_number": row["release_number"],
        "issuer": row["release_office"],
        "removed": removed,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def build(snapshot: Path) -> list[dict]:
    sql = subprocess.run(
        ["git", "--git-dir", str(snapshot), "show", f"{COMMIT}:{DUMP}"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    return [document(row, f"gov2019-{int(row['id']):02d}") for row in sql_rows(sql)]


SOURCE_LINE = re.compile(r"--\s*source:\s*(\S+)\s+(\S+)\s+(.+?)\s+([0-9a-f]{40})\s*$")


def build_from_text(files: list[Path], manifest: list[dict]) -> list[dict]:
    """The documents of the manifest found in SQL text files, in the manifest's order."""
    by_source = {m["source"]: m["id"] for m in manifest}
    found: dict[str, dict] = {}
    for path in files:
        sql = path.read_text(encoding="utf-8")
        first = sql.split("\n", 1)[0]
        origin = SOURCE_LINE.match(first)
        if origin is None:
            raise SystemExit(f"{path}: first line must be '-- source: VERB REPO PATH COMMIT'")
        verb, repo, dump, commit = origin.groups()
        for row in sql_rows(sql):
            doc_id = by_source.get(row["crawl_url"])
            if doc_id is None:
                continue
            if doc_id in found:
                raise SystemExit(f"{path}: {doc_id} ({row['crawl_url']}) read twice")
            found[doc_id] = document(row, doc_id) | {
                "retrieved": {"verb": verb, "repo": repo, "path": dump, "commit": commit}
            }
    return [found[m["id"]] for m in manifest if m["id"] in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", type=Path, help="git dir of ZhouYNF/platform-1")
    source.add_argument(
        "--from-text",
        type=Path,
        action="append",
        metavar="FILE",
        help="SQL text read through the search index (repeatable)",
    )
    parser.add_argument(
        "--manifest", action="store_true", help="rewrite manifest.jsonl too (--snapshot only)"
    )
    args = parser.parse_args()
    manifest_path = HERE / "manifest.jsonl"
    manifest = [json.loads(x) for x in manifest_path.read_text(encoding="utf-8").splitlines()]
    if args.snapshot:
        documents = build(args.snapshot)
        if args.manifest:
            manifest = [{k: v for k, v in d.items() if k != "text"} for d in documents]
            manifest_path.write_text(
                "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest),
                encoding="utf-8",
            )
        # A document whose committed text (read through the index) differs from the
        # snapshot's keeps the snapshot's hash apart, with a note saying why.
        expected = {m["id"]: m.get("snapshot_sha256", m["sha256"]) for m in manifest}
        complete = len(expected) == len(documents)
    else:
        documents = build_from_text(args.from_text, manifest)
        expected = {m["id"]: m["sha256"] for m in manifest}
        complete = bool(documents)
    wrong = [d["id"] for d in documents if expected.get(d["id"]) != d["sha256"]]
    if wrong or not complete:
        print(f"texts differ from the manifest: {wrong or 'count'}", file=sys.stderr)
        return 1
    target = HERE / "texts" / "gov2019.jsonl"
    target.parent.mkdir(exist_ok=True)
    target.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8"
    )
    print(
        f"{len(documents)} of {len(manifest)} documents written to {target},"
        " every hash as in the manifest"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
