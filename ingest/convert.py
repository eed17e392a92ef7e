"""LibreOffice conversion of legacy files (.doc, .wps, .rtf, .odt → DOCX; .xls, .et →
XLSX), in a sandbox.

Each conversion runs ``soffice --headless`` with:
- its own temporary profile (never the user's), deleted afterwards, whose settings
  turn macros off (security level "very high", macro execution disabled);
- no network: a fresh network namespace (``unshare -n``) where the system allows it;
- a time limit, after which the whole process group is killed;
- CPU-time and file-size limits; the input under a fixed name we chose, never the
  user's file name, and no shell;
- one conversion at a time per process (a worker): LibreOffice is heavy, and two
  instances starting together in one process gain nothing.

The converted file is what ingest parses and redaction writes; the original stays the
record. Recent conversions are kept in memory (by the original's hash), so parsing
and the redaction writer in one process convert once.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from core.errors import ConversionFailed, ConversionTimedOut

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_CACHE_SIZE = 8
#: What the output is asked for: LibreOffice's export filter per target.
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
_MAX_OUTPUT = 512 * 1024 * 1024

_SETTINGS = (
    ("Security/Scripting", "MacroSecurityLevel", "3"),  # very high: nothing runs unsigned
    ("Security/Scripting", "DisableMacrosExecution", "true"),
    ("Misc", "UseLocking", "false"),
    ("Misc", "FirstRun", "false"),
)


def _profile_settings() -> str:
    items = "\n".join(
        f'<item oor:path="/org.openoffice.Office.Common/{path}"><prop oor:name="{name}" '
        f'oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _SETTINGS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n"
    )


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def _network_namespace() -> list[str]:
    """``unshare -n`` (or ``-rn`` without root) when it works here; else nothing, said."""
    binary = shutil.which("unshare")
    if binary:
        for flags in (["-n"], ["-rn"]):
            try:
                probe = subprocess.run(
                    [binary, *flags, "true"], capture_output=True, timeout=10, check=False
                )
            except (OSError, subprocess.SubprocessError):
                continue
            if probe.returncode == 0:
                return [binary, *flags]
    log.warning("no network namespace available: LibreOffice runs without one")
    return []


def convert(data: bytes, source_ext: str, target: str, *, timeout: float) -> bytes:
    """``data`` (a file of type ``source_ext``, e.g. ``.doc``) converted to ``target``
    (``docx`` or ``xlsx``); a typed ``IngestError`` when it cannot be."""
    key = (hashlib.sha256(data).hexdigest(), target)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        out = _convert(data, source_ext, target, timeout)
        _CACHE[key] = out
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return out


def _limits(cpu_seconds: int):
    def apply() -> None:
        _lower(resource.RLIMIT_CPU, cpu_seconds)
        _lower(resource.RLIMIT_FSIZE, _MAX_OUTPUT)
        _lower(resource.RLIMIT_CORE, 0)

    return apply


def _lower(which: int, value: int) -> None:
    """Never above what this process may itself use: a budgeted processing child
    (``workflow.sandbox``) has a lower hard limit, and raising one is refused."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def _convert(data: bytes, source_ext: str, target: str, timeout: float) -> bytes:
    binary = soffice_binary()
    if binary is None:
        raise ConversionFailed(
            "本机未安装 LibreOffice，无法读取旧版格式文件"
            "（LibreOffice is not installed: legacy formats cannot be read here）"
        )
    if target not in FILTERS or not source_ext.startswith(".") or not source_ext[1:].isalnum():
        raise ValueError(f"unsupported conversion {source_ext} -> {target}")
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_profile_settings())
        source = folder / f"input{source_ext}"
        source.write_bytes(data)
        outdir = folder / "out"
        command = [
            *_network_namespace(),
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            FILTERS[target],
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {
            "HOME": str(folder),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TMPDIR": str(folder),
        }
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=folder,
            start_new_session=True,
            preexec_fn=_limits(int(timeout) + 5),
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ConversionTimedOut(
                f"转换超过 {timeout:.0f} 秒仍未完成，已终止"
                f"（the conversion did not finish within {timeout:.0f} s and was stopped）"
            ) from None
        finally:
            _kill(process)
        written = sorted(outdir.glob(f"*.{target}")) if outdir.exists() else []
        if process.returncode != 0 or not written or written[0].stat().st_size == 0:
            detail = stderr.decode("utf-8", errors="replace").strip()[-300:]
            raise ConversionFailed(
                "文件无法转换，可能已损坏或加密"
                f"（LibreOffice could not convert the file, exit {process.returncode}: {detail}）"
            )
        return written[0].read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """The whole group, even after a clean exit: soffice starts children (oosplash →
    soffice.bin) that must not outlive the conversion."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
