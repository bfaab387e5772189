"""Putting a finished build in place: all of it or none of it, and only what changed.

A build renders every file in memory first. `publish` then compares it with what is on disk (by a
manifest of content hashes), and when anything differs it assembles the new tree in a staging
folder beside the target (unchanged files hard-linked, so they keep their timestamps) and swaps the
two folders in one atomic rename. A build that fails or is killed before the swap leaves the
previous tree exactly as it was; a build that changes nothing touches nothing, so `mkdocs serve`
does not reload for it.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".digest-manifest.json"
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class PublishStats:
    written: int  # files new or changed
    removed: int
    unchanged: int


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()  # twice as fast as sha256 here; no attacker


def digests(files: dict[str, bytes]) -> dict[str, str]:
    return {path: _digest(data) for path, data in files.items()}


def _disk_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def read_manifest(target: Path) -> dict[str, str]:
    try:
        return json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def assemble(files: dict[str, bytes], target: Path, staging: Path, verify: bool = False,
             new: dict[str, str] | None = None) -> PublishStats:
    """Write in `staging` the tree `files` (relative POSIX paths -> content), hard-linking the files
    that `target` already holds unchanged (so they keep their timestamps). `target` is not touched.

    `verify`: trust the manifest only for files whose content on disk still matches it.
    `new`: the files' digests, when the caller has them already."""
    old = read_manifest(target) if target.is_dir() else {}
    if verify:
        old = {path: digest for path, digest in old.items() if _disk_digest(target / path) == digest}
    new = digests(files) if new is None else new
    changed = {path for path, digest in new.items() if old.get(path) != digest}
    shutil.rmtree(staging, ignore_errors=True)
    for path, data in files.items():
        destination = staging / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            if path in changed:
                raise FileNotFoundError
            os.link(target / path, destination)
        except FileNotFoundError:  # changed, or removed from the target by hand
            destination.write_bytes(data)
    (staging / MANIFEST).write_text(json.dumps(new, sort_keys=True, indent=0), encoding="utf-8")
    return PublishStats(len(changed), len([path for path in old if path not in new]), len(new) - len(changed))


def publish(files: dict[str, bytes], target: Path, verify: bool = False) -> PublishStats:
    """Make `target` hold exactly `files`, swapped in whole; when nothing changed, nothing is written."""
    recover(target)
    old = read_manifest(target) if target.is_dir() else {}
    new = digests(files)
    if not verify and old and old == new:
        return PublishStats(0, 0, len(files))
    staging = target.with_name(f".{target.name}-staging")
    stats = assemble(files, target, staging, verify, new)
    swap(staging, target)
    shutil.rmtree(staging, ignore_errors=True)
    return stats


def put_in_place(staging: Path, target: Path) -> None:
    """Swap an assembled `staging` folder in at `target`, unless both hold the same files (by their
    manifests), and remove what is left at `staging`."""
    recover(target)
    if not target.is_dir() or read_manifest(staging) != read_manifest(target):
        swap(staging, target)
    shutil.rmtree(staging, ignore_errors=True)


def swap(staging: Path, target: Path) -> None:
    """Put `staging` at `target` atomically; afterwards `staging` holds the previous tree (if any)."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange on this system: two renames, with `recover` mending a stop in between.
    previous = target.with_name(f".{target.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    target.rename(previous)
    staging.rename(target)
    previous.rename(staging)


def recover(target: Path) -> None:
    """Mend a swap that was stopped between its two renames."""
    previous = target.with_name(f".{target.name}-previous")
    if previous.exists() and not target.exists():
        previous.rename(target)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step. False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
