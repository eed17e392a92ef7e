"""Files on disk that no record owns: uploads staged and never filed (a request that
died mid-way), originals filed by a transaction that then rolled back. ``gongkai sweep``
removes those older than a grace period — never one a request in flight may still
commit, never one a version refers to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.files import FileStore
from store.records import VersionRecord

#: Younger than this, a staged or unreferenced file may belong to a request still running.
GRACE_SECONDS = 24 * 3600


@dataclass
class Swept:
    staged: list[Path] = field(default_factory=list)
    originals: list[Path] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.staged + self.originals if p.exists())


def sweep(
    session: Session, files: FileStore, *, grace_seconds: float = GRACE_SECONDS, dry_run: bool
) -> Swept:
    cutoff = time.time() - grace_seconds
    swept = Swept()
    incoming = files.root / "incoming"
    if incoming.is_dir():
        swept.staged = [p for p in incoming.glob(".upload-*") if p.stat().st_mtime < cutoff]
    originals = files.root / "originals"
    if originals.is_dir():
        known = set(session.scalars(select(VersionRecord.sha256).distinct()))
        swept.originals = [
            p
            for p in originals.glob("??/*")
            if p.is_file() and p.name not in known and p.stat().st_mtime < cutoff
        ]
    if not dry_run:
        for path in swept.staged + swept.originals:
            path.unlink(missing_ok=True)
    return swept
