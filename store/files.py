"""Original files on local disk, addressed by their sha256 and never modified.

Paths are built only from the hash, never from a user's file name.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_HASH = re.compile(r"^[0-9a-f]{64}$")


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
        return path

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
