"""A build's output folder: one build at a time, and its files replaced as one unit.

``kg build`` writes several files (graph.ttl, graph.html, …) that belong
together. Each is written to a temporary name in the folder; when all are
complete, a journal naming every (temporary, final) pair is written
atomically, the files are renamed into place, and the journal is removed. A
build killed between two renames leaves the journal behind, and the next build
into the folder finishes the renames before anything else (roll forward), so a
graph.html never outlives the graph.ttl it was made from. Before the journal
exists nothing has been replaced, and the old files stand.

A second build into the same folder waits for the first (an exclusive
``flock`` on ``OUT/.kg-lock``, released by the kernel when its holder dies,
however it dies); with ``wait=False`` it fails at once with
:class:`OutputBusy`.

Every temporary name a build makes carries its process id (``.graph.ttl.kg1234.tmp``,
``.kg-turtle-1234-…``). Whoever takes the lock removes those of processes
no longer running: what a killed build left is cleaned by the next one.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from kg.errors import KgError

LOCK_NAME = ".kg-lock"
JOURNAL_NAME = ".kg-commit.json"

# Temporary names that carry the pid of the process that made them.
_TEMP_FILE = re.compile(r"^\..+\.kg(?P<pid>\d+)\.tmp$")
_TEMP_DIR = re.compile(r"^\.kg-[a-z]+-(?P<pid>\d+)-")  # .kg-turtle-, .kg-records-, .kg-page-, .kg-nt-, …


class OutputBusy(KgError):
    """Another build holds the output folder."""


def temp_name(name: str, pid: int | None = None) -> str:
    """The temporary name a file ``name`` is written under by process ``pid`` (default: this one)."""
    return f".{name}.kg{os.getpid() if pid is None else pid}.tmp"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs. A zombie does not: a killed build's workers are
    re-parented, and where nobody reaps them (a container whose first process is a shell)
    they stay in the process table, dead, for good."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return not Path("/proc/self/stat").exists()  # gone in between, or no /proc on this OS
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] not in (["Z"], ["X"])


def remove_stale(folder: Path, alive: Callable[[int], bool] = pid_alive) -> list[Path]:
    """Remove temporary files and folders that processes no longer running left in ``folder``
    (and in the cache folders below it); return what was removed."""
    removed: list[Path] = []
    places = [folder]
    cache = folder / ".kg-cache"
    if cache.is_dir():
        for fingerprint in _scandir(cache, dot_only=False):
            if fingerprint.is_dir(follow_symlinks=False):
                places += [Path(d.path) for d in _scandir(Path(fingerprint.path), dot_only=False)
                           if d.is_dir(follow_symlinks=False)]
    for place in places:
        for entry in _scandir(place):
            m = _TEMP_FILE.match(entry.name) or _TEMP_DIR.match(entry.name)
            if m is None or int(m["pid"]) == os.getpid() or alive(int(m["pid"])):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _scandir(path: Path, dot_only: bool = True) -> list[os.DirEntry]:
    try:
        with os.scandir(path) as entries:
            return [e for e in entries if e.name.startswith(".") or not dot_only]
    except OSError:
        return []


def recover(folder: Path) -> list[str]:
    """Finish the renames a killed build's journal lists; return the files put in place."""
    journal = folder / JOURNAL_NAME
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)  # torn: it was never complete, so no rename had started
        return []
    done = []
    for temp, final in pairs:
        if "/" in temp or "/" in final:  # only names inside this folder
            continue
        try:
            os.replace(folder / temp, folder / final)
            done.append(final)
        except FileNotFoundError:
            pass  # renamed before the kill
    _fsync_dir(folder)
    journal.unlink(missing_ok=True)
    return done


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class OutputFolder:
    """Hold ``path`` for one build: locked, cleaned of dead builds' leftovers, outputs committed together.

    ``on_wait(pid)`` is called once when another build holds the folder and this one waits.
    """

    def __init__(self, path: str | Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self.wait = wait
        self.on_wait = on_wait
        self._lock: int | None = None
        self._staged: list[tuple[str, str]] = []
        self.recovered: list[str] = []
        self.removed: list[Path] = []

    def __enter__(self) -> "OutputFolder":
        import fcntl

        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                if not self.wait:
                    raise OutputBusy(f"{self.path}: another build (pid {holder}) is writing into this folder") from None
                if self.on_wait is not None:
                    self.on_wait(holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._lock = fd
        self.recovered = recover(self.path)
        self.removed = remove_stale(self.path)
        return self

    def __exit__(self, *exc) -> None:
        self.abort()
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None

    @contextmanager
    def staged(self, name: str) -> Iterator[BinaryIO]:
        """A stream for the output ``name``, written under a temporary name until :meth:`commit`."""
        temp = temp_name(name)
        target = self.path / temp
        try:
            with open(target, "wb") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(target, 0o666 & ~umask)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        self._staged.append((temp, name))

    def commit(self) -> None:
        """Put every staged output in place, as one unit (see the module)."""
        if not self._staged:
            return
        journal = self.path / JOURNAL_NAME
        scratch = self.path / temp_name(JOURNAL_NAME)
        with open(scratch, "w", encoding="utf-8") as f:
            json.dump(self._staged, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(scratch, journal)
        _fsync_dir(self.path)
        for temp, final in self._staged:
            os.replace(self.path / temp, self.path / final)
        self._staged = []
        _fsync_dir(self.path)
        journal.unlink()

    def abort(self) -> None:
        """Drop staged outputs not committed (a failed build leaves the old files)."""
        for temp, _ in self._staged:
            try:
                (self.path / temp).unlink()
            except OSError:
                pass
        self._staged = []


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def os_error_message(exc: OSError, what: str | None = None) -> str:
    """``path: cause`` for an operating-system error (disk full, permission, not a folder …)."""
    import errno

    from kg.sanitize import printable

    where = what or exc.filename or ""
    cause = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno == errno.ENOSPC:
        cause = "no space left on device"
    return f"{printable(os.fsdecode(where))}: cannot write: {cause}" if where else f"cannot write: {cause}"
