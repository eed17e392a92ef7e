"""Original files on local disk, addressed by their sha256 and never modified.

Paths are built only from the hash, never from a user's file name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.errors import EmptyFile, FileTooLarge

_HASH = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


class FileStore:
    def __init__(self, root: Path):
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if not _HASH.match(sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / "originals" / sha256[:2] / sha256

    def put(self, sha256: str, data: bytes) -> Path:
        """Write once, atomically: a crash leaves either no file or the whole file."""
        path = self.path_for(sha256)
        if path.exists():
            return path
        write_atomic(path, data)
        return path

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def stage(self, stream: BinaryIO, max_bytes: int) -> Staged:
        """Stream an upload to disk, hashing as it goes and refusing it past ``max_bytes``:
        a large upload never sits in memory. ``commit`` or ``discard`` it afterwards."""
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=incoming, prefix=".upload-")
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge(
                            f"the file is larger than the limit of {max_bytes} bytes"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size == 0:
                raise EmptyFile("the file is empty (0 bytes)")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Staged(Path(tmp), digest.hexdigest(), size)

    def commit(self, staged: Staged) -> Path:
        path = self.path_for(staged.sha256)
        if path.exists():
            staged.path.unlink(missing_ok=True)
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.path, path)
        return path

    @staticmethod
    def discard(staged: Staged | None) -> None:
        if staged is not None:
            staged.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Staged:
    """An upload on disk, not yet filed under its hash."""

    path: Path
    sha256: str
    size: int


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or none: readers (and a crash) never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
