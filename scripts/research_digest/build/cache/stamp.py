"""Has anything the generator reads, or anything it wrote, changed since its last complete run?

A stamp is a hash of every input file's path, size and modification time (notes, registries,
hand-written pages and assets), of this package's code and the libraries that shape the output, and
of the files in the generated folder. Statting ten thousand files takes milliseconds, so a rebuild
with nothing changed validates the notes (from their cache) but skips rendering and publishing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from research_digest.build.cache.store import code_version, package_code, write_atomic

LIBRARIES = ("markdown", "nh3", "matplotlib", "mkdocs-material", "pyyaml")


def folder_stamp(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for directory, subfolders, files in os.walk(folder):
            subfolders.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                stat = os.stat(path)
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def input_stamp(*folders: Path, settings: str = "") -> str:
    """The inputs' stamp, taken before rendering: an edit made while rendering shows as a change next time.
    `settings`: what the pages show of mkdocs.yml (the site's name, description and address: the feeds'
    links are made from it)."""
    code = code_version(*package_code(), libraries=LIBRARIES)
    return hashlib.sha256(f"{folder_stamp(*folders)} {code} {settings}".encode()).hexdigest()


@dataclass(frozen=True)
class Record:
    """What the last complete run read and wrote."""

    inputs: str
    output: str
    files: int


def last_run(path: Path) -> Record | None:
    try:
        return Record(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def save_run(path: Path, record: Record) -> None:
    write_atomic(path, json.dumps(asdict(record)).encode("utf-8"))
