"""One file's parsing, detection and suggestion in a child process with a budget.

Used where processing would otherwise run inside the server (the embedded default:
``Dispatcher`` without Redis). A ``gongkai worker`` is itself a process that only
processes, so it bounds itself instead (``limit_worker``): a child per document there
would cost ~0.1 s of forking and page faults on every one of a batch's documents.


A hostile or pathological file (a one-line text of a million characters, a DOCX that
inflates to gigabytes, a PDF whose layout takes minutes) must cost one failed document,
never the worker or the server it runs in — also the embedded server, which processes
inside its own process. So the work runs in a child forked from a small server process
that loaded the NER once (multiprocessing's forkserver, ``sandbox_preload``): the child
starts with the model already in memory, limits its own address space and CPU time,
and sends back the typed result; a child that runs out of time or memory, or dies, is a
typed ``ResourceLimit`` failure with its reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from types import MappingProxyType

from core import errors
from core.config import Settings
from core.datamodel import Document, Finding, Suggestion
from core.errors import GongkaiError, ProcessingFailed, ResourceLimit

log = logging.getLogger(__name__)

# The typed document keeps its details read-only (``MappingProxyType``), which pickle does
# not know: over the pipe they travel as plain dicts and come back read-only.
def _read_only(values: dict) -> MappingProxyType:
    return MappingProxyType(values)


ForkingPickler.register(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))
#: What the child's wall-clock budget adds to its CPU budget (reading the file, waiting
#: for the other core).
_WALL_SLACK = 1.5


@dataclass(frozen=True)
class Analysis:
    document: Document
    findings: list[Finding]
    suggestion: Suggestion


@lru_cache(maxsize=1)
def _context():
    context = multiprocessing.get_context("forkserver")
    # The forkserver imports these once; every child it forks has them (and the model
    # they load) already in memory.
    context.set_forkserver_preload(["workflow.sandbox_preload"])
    return context


def analyse(settings: Settings, data_path: str, filename: str | None) -> Analysis:
    """Parse, detect and suggest for the file at ``data_path`` within the settings'
    budget (``processing_seconds`` of CPU, ``processing_memory_mb`` of address space)."""
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, settings.model_dump_json(), data_path, filename),
        daemon=True,
    )
    child.start()
    send.close()
    wall = settings.processing_seconds * _WALL_SLACK + 10
    try:
        if not receive.poll(wall):
            raise ResourceLimit(
                f"处理超过了时间限制（{settings.processing_seconds} 秒）：文件可能过于复杂"
                "（processing ran out of time）"
            )
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome is None:
        raise ResourceLimit(_death(child.exitcode, settings))
    kind, payload = outcome
    if kind == "ok":
        return payload
    error_class, code, message = payload
    known = getattr(errors, error_class, None)
    if isinstance(known, type) and issubclass(known, GongkaiError) and known.code == code:
        raise known(message)  # the child's typed error, as it was raised there
    error = GongkaiError(message)
    error.code = code
    raise error


def limit_worker(settings: Settings) -> None:
    """A worker's own budget: its address space, for good; CPU time per document comes
    from ``budget``."""
    memory = settings.processing_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


@contextmanager
def budget(settings: Settings) -> Iterator[None]:
    """Stop the body after ``processing_seconds`` (wall clock, main thread only: a worker
    runs its jobs there), and make running out of memory a typed failure."""
    seconds = settings.processing_seconds
    in_main = threading.current_thread() is threading.main_thread()

    def expired(_signum, _frame):
        raise ResourceLimit(
            f"处理超过了时间限制（{seconds} 秒）：文件可能过于复杂（processing ran out of time）"
        )

    previous = signal.signal(signal.SIGALRM, expired) if in_main else None
    if in_main:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except MemoryError as exc:
        raise ResourceLimit(
            f"处理超过了内存限制（{settings.processing_memory_mb} MB）：文件可能过于复杂"
            "（processing ran out of memory）"
        ) from exc
    finally:
        if in_main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _death(exitcode: int | None, settings: Settings) -> str:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return (
            f"处理超过了时间或内存限制（{settings.processing_seconds} 秒，"
            f"{settings.processing_memory_mb} MB）：文件可能过于复杂"
            f"（the processing child was stopped, exit {exitcode}）"
        )
    return f"处理文件的子进程意外退出（exit {exitcode}）：文件可能已损坏"


def _child(send: Connection, settings_json: str, data_path: str, filename: str | None) -> None:
    settings = Settings.model_validate_json(settings_json)
    memory = settings.processing_memory_mb * 1024 * 1024
    cpu = settings.processing_seconds
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        send.send(("ok", _work(settings, data_path, filename)))
    except MemoryError:
        send.send(
            (
                "error",
                (
                    "ResourceLimit",
                    ResourceLimit.code,
                    f"处理超过了内存限制（{settings.processing_memory_mb} MB）：文件可能过于复杂"
                    "（processing ran out of memory）",
                ),
            )
        )
    except GongkaiError as exc:
        send.send(("error", (type(exc).__name__, exc.code, exc.message)))
    except Exception as exc:  # a bug, not the file's fault: said as such
        log.exception("processing failed unexpectedly in the sandbox")
        failed = ProcessingFailed(f"处理时出现意外错误（{type(exc).__name__}）")
        send.send(("error", ("ProcessingFailed", failed.code, failed.message)))
    finally:
        send.close()


def _work(settings: Settings, data_path: str, filename: str | None) -> Analysis:
    from classify import suggest_with_settings
    from ingest import IngestLimits, extract_bytes
    from workflow.processing import detector_for

    with open(data_path, "rb") as original:
        data = original.read()
    document = extract_bytes(data, filename=filename, limits=IngestLimits.from_settings(settings))
    findings = detector_for(settings).detect(document)
    return Analysis(document, findings, suggest_with_settings(document, findings, settings))
