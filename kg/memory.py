"""Keep the C allocator from holding on to memory Python has freed (glibc only).

A build allocates and frees in bulk: chunk results arrive, sorted runs spill to
disk, and the next chunk fills the same room. Two glibc habits make the
process's resident size creep up anyway: every thread gets its own malloc arena
(the executor's result thread unpickles chunks in one, the main thread frees them
into it), and freed memory is only returned to the system from the top of the
heap. :func:`limit_arenas` keeps one arena; :func:`trim` hands free pages back
after a spill. Elsewhere (macOS, musl, Windows) both do nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


@lru_cache(maxsize=1)
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def limit_arenas() -> None:
    """One malloc arena for every thread of this process (call before starting threads)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, 1)


def trim() -> None:
    """Return free heap pages to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a burst of objects that form no cycles is
    built (a page's corpus: hundreds of thousands of lists, tuples and records). Each of its
    collections would walk every object alive, to free nothing; reference counting frees them
    all the same. Any cycle made meanwhile is collected once it resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
