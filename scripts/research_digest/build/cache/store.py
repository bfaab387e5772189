"""What every cache is made of: content keys, code versions, atomic writes, and memos kept on disk.

A `DiskMemo` maps content keys to results in one pickle file that also records a version; a
different version discards it. Only the entries used in a run are saved, so the file never holds
more than the site needs. Memos save through a `Saver`, which a preview server tells to defer saving
to a moment when the contributor is reading rather than waiting for a page to reload.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib.metadata import version as library_version
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[2]  # research_digest/


def content_key(*parts: bytes) -> bytes:
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


def package_code() -> list[Path]:
    """This package's modules: what every note, page and generated file is computed with."""
    return sorted(PACKAGE.rglob("*.py"))


def code_version(*files: Path, libraries: Iterable[str] = ()) -> str:
    """A version that changes whenever one of these files (code, registries) or libraries changes:
    what a cached result was computed with."""
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest() + "".join(f" {name} {library_version(name)}" for name in libraries)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a reader, or a process killed while writing, never leaves
    half a file there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


class Saver:
    """Saves memos when a run ends, or, once deferring, when `save_deferred` is called: each file as
    the last run left it. `save_deferred` may run in another thread while a run goes on."""

    def __init__(self) -> None:
        self._deferred: dict[Path, tuple[str, dict]] | None = None  # path -> what to save there
        self._lock = threading.Lock()  # guards _deferred
        self._saving = threading.Lock()  # one save_deferred at a time, so a file's last state is saved last

    def defer(self) -> None:
        with self._lock:
            if self._deferred is None:
                self._deferred = {}

    def save(self, path: Path, version: str, entries: dict) -> None:
        with self._lock:
            if self._deferred is not None:  # a copy: the next run adds to `entries`
                self._deferred[path] = (version, dict(entries))
                return
        _write(path, version, entries)

    def save_deferred(self) -> None:
        with self._saving:
            with self._lock:
                pending = list((self._deferred or {}).items())
                if self._deferred:
                    self._deferred.clear()
            for path, (version, entries) in pending:
                _write(path, version, entries)


def _write(path: Path, version: str, entries: dict) -> None:
    write_atomic(path, pickle.dumps((version, entries), protocol=pickle.HIGHEST_PROTOCOL))


class DiskMemo:
    """Results by content key, in memory between runs and saved in a file under a version."""

    def __init__(self, saver: Saver, version: str = ""):
        self.saver = saver
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
            self.saver.save(path, version, self.used)
        self.known = self.used

    @staticmethod
    def _read(path: Path, version: str) -> dict[bytes, Any]:
        try:
            saved, entries = pickle.loads(path.read_bytes())
        except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
            return {}
        return entries if saved == version else {}


class TextMemo(DiskMemo):
    """A pure function of text, computed once per distinct text."""

    def __init__(self, saver: Saver, function: Callable[[str], str], version: str):
        super().__init__(saver, version)
        self.function = function

    def __call__(self, text: str) -> str:
        key = content_key(text.encode("utf-8"))
        found = self.get(key)
        if found is None:
            found = self.function(text)
            self.put(key, found)
        return found
