"""The bytes of one upload, read within bounds, with their hash and display name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from core.datamodel import MediaType
from core.errors import EmptyFile, FileTooLarge
from ingest.limits import IngestLimits

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    data: bytes
    sha256: str
    media_type: MediaType
    filename: str | None = None


def read_bounded(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read a stream in chunks, refusing it as soon as it passes ``max_bytes``."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise FileTooLarge(f"the file is larger than the limit of {max_bytes} bytes")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    return data


def read_path(path: Path, limits: IngestLimits) -> bytes:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileTooLarge(f"the file is {size} bytes, larger than the limit of {limits.max_bytes}")
    with path.open("rb") as stream:
        return read_bounded(stream, limits.max_bytes)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def display_name(filename: str | None, max_length: int = 200) -> str | None:
    """A file name fit to show and log: last path component, no control characters.

    It is for display only; storage paths are built from content hashes.
    """
    if not filename:
        return None
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = unicodedata.normalize("NFC", _UNSAFE.sub("_", name)).strip(" .")
    return name[:max_length] or None
