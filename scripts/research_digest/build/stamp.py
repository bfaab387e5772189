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
from importlib.metadata import version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
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


def input_stamp(*folders: Path) -> str:
    """The inputs' stamp, taken before rendering: an edit made while rendering shows as a change next time."""
    code = hashlib.sha256(b"".join(path.read_bytes() for path in sorted(PACKAGE.rglob("*.py")))).hexdigest()
    libraries = " ".join(f"{name} {version(name)}" for name in LIBRARIES)
    return hashlib.sha256(f"{folder_stamp(*folders)} {code} {libraries}".encode()).hexdigest()


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


def save(path: Path, record: Record) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(asdict(record)), encoding="utf-8")
    os.replace(partial, path)
