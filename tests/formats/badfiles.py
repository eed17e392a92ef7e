"""Bad files of each format, made in code: what a back catalogue also holds."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size (and holds almost no pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bomb_xlsx(workbook: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        members = {n: source.read(n) for n in source.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
        target.writestr("xl/media/pad.bin", b"\0" * (64 * 1024 * 1024))
    return out.getvalue()


def encrypted_office() -> bytes:
    """What an encrypted DOCX or XLSX is: an OLE container with an EncryptionInfo stream."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo\0".encode("utf-16-le")
    )
