"""Parsed notes kept between runs: a note whose file has not changed is not parsed and validated again.

Only notes that loaded without any problem are kept (a problem is reported on every run). The cache
is discarded whenever the registries or any of this package's code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from research_digest.build.memo import DiskMemo, code_version, content_key
from research_digest.load.notes import Note, load_note
from research_digest.load.problems import ProblemList
from research_digest.load.registry import Registry


class NoteCache:
    def __init__(self) -> None:
        self.memo = DiskMemo()
        self.keys: dict[Path, bytes] = {}  # note.path -> the key of the file it was loaded from, this run

    @contextmanager
    def kept_in(self, cache_dir: Path, registry_dir: Path) -> Iterator[None]:
        self.keys = {}
        with self.memo.kept_in(cache_dir / "notes.pickle", code_version(registry_dir)):
            yield

    @property
    def version(self) -> str | None:
        """What the keys of this run hold under: the code and registries the notes were read with."""
        return self.memo.loaded[1] if self.memo.loaded else None

    def key(self, note: Note) -> bytes | None:
        """What a note was loaded from (its path and content), standing for all its fields: a digest
        that, under the same registries and code, is the same exactly when the note is."""
        return self.keys.get(note.path)

    def load_note(self, path: Path, root: Path, registry: Registry, problems: ProblemList,
                  now: dt.datetime) -> Note | None:
        key = content_key(str(path).encode("utf-8"), path.read_bytes())
        note = self.memo.get(key)
        if note is None:
            found = ProblemList()
            note = load_note(path, root, registry, found, now)
            problems.items += found.items
            if note is not None and not found.items:
                self.memo.put(key, note)
        if note is not None:
            self.keys[note.path] = key
        return note


NOTES = NoteCache()  # one per process: `mkdocs serve` keeps it in memory between rebuilds
