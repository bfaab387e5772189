"""`digest import FILE|-`: a digest copied from a research platform becomes a draft note file."""

from __future__ import annotations

import sys
from pathlib import Path

from research_digest.authoring.importer.digest import import_digest
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry


def main_import(path_or_dash: str, registry_dir: Path, out: Path | None) -> int:
    """`digest import FILE|-`: write the draft (never over an existing file) and list what to check.

    Exit codes: 0 the draft was written; 1 the target file exists; 2 the input or registry could not
    be read.
    """
    try:
        text = sys.stdin.read() if path_or_dash == "-" else Path(path_or_dash).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"digest import: cannot read {path_or_dash}: {error}", file=sys.stderr)
        return 2
    if not text.strip():
        print(f"digest import: {path_or_dash} is empty", file=sys.stderr)
        return 2
    problems = ProblemList()
    registry = load_registry(registry_dir, problems)
    if problems.errors:
        for problem in problems.sorted():
            print(problem.format(), file=sys.stderr)
        return 2
    draft = import_digest(text, registry)
    target = out if out is not None else registry_dir.parent / draft.suggested_path()
    if target.exists():
        print(f"digest import: {target} exists; not overwritten (give another path with the output option)",
              file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.to_markdown(), encoding="utf-8")
    print(f"Draft written to {target}")
    if draft.unsure:
        print(f"{len(draft.unsure)} item(s) to check (marked '# CHECK:' in the draft):")
        for item in draft.unsure:
            print(f"- {item}")
    else:
        print("Nothing to check: run digest check.")
    return 0
