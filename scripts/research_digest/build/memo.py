"""Results kept between runs, so that a rebuild redoes only what changed.

A `DiskMemo` maps content hashes to results in one pickle file that also records a version; a
different version discards it. Only the entries used in a run are saved, so the file never holds
more than the site needs. A preview server defers the saving (`defer_saving`) to a moment when the
contributor is reading rather than waiting for a page to reload.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version as library_version
from pathlib import Path
from typing import Any


def content_key(*parts: bytes) -> bytes:
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


def files_version(*paths: Path) -> str:
    """A version that changes whenever one of these files (e.g. the code that computes) changes."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()


def code_version(registry_dir: Path, libraries: tuple[str, ...] = ()) -> str:
    """A version that changes with this package's code, the registries or one of these libraries:
    what every cached note or page was computed with."""
    package = sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    return files_version(*package, *sorted(registry_dir.glob("*.yml"))) + "".join(
        f" {name} {library_version(name)}" for name in libraries)


_deferred: dict[Path, tuple[str, dict]] | None = None  # path -> what to save there, while deferring
_deferred_lock = threading.Lock()


def defer_saving() -> None:
    """From now on, memos are saved only by `save_deferred` (each file as its last run left it)."""
    global _deferred
    _deferred = {}


def save_deferred() -> None:
    """Save what deferred runs left; safe to call from another thread while a run goes on."""
    with _deferred_lock:
        pending = list((_deferred or {}).items())
        if _deferred:
            _deferred.clear()
    for path, (version, entries) in pending:
        _save(path, version, entries)


def _save(path: Path, version: str, entries: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    partial.write_bytes(pickle.dumps((version, entries), protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)


class DiskMemo:
    def __init__(self, version: str = ""):
        self.version = version
        self.known: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}
        self.loaded: tuple[Path, str] | None = None

    def get(self, key: bytes) -> Any:
        if key in self.known:
            self.used[key] = self.known[key]
        return self.used.get(key)

    def put(self, key: bytes, value: Any) -> None:
        self.known[key] = self.used[key] = value

    @contextmanager
    def kept_in(self, path: Path, version: str | None = None) -> Iterator[None]:
        """Use, and afterwards update, the results saved in `path` (under `version`, if given)."""
        version = self.version if version is None else version
        if self.loaded != (path, version):
            self.known, self.loaded = self._read(path, version), (path, version)
        before = set(self.known)
        self.used = {}
        yield
        if self.used.keys() != before:
            self._write(path, version)
        self.known = self.used

    @staticmethod
    def _read(path: Path, version: str) -> dict[bytes, Any]:
        try:
            saved, entries = pickle.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
            return {}
        return entries if saved == version else {}

    def _write(self, path: Path, version: str) -> None:
        with _deferred_lock:
            if _deferred is not None:  # a copy: the next run adds to this dict
                _deferred[path] = (version, dict(self.used))
                return
        _save(path, version, self.used)


class TextMemo(DiskMemo):
    """A pure function of text, computed once per distinct text."""

    def __init__(self, function: Callable[[str], str], version: str):
        super().__init__(version)
        self.function = function

    def __call__(self, text: str) -> str:
        key = content_key(text.encode("utf-8"))
        found = self.get(key)
        if found is None:
            found = self.function(text)
            self.put(key, found)
        return found
