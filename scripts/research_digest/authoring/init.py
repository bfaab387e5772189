"""`digest init DIR`: start a new digest, ready to build, from the files in `template/`.

The new folder has mkdocs.yml (naming the research-digest plugin), registries with one fictional
company, an example note about it, a page on writing notes, GitHub workflows that check pull requests
and publish the site, a README and a .gitignore; and the editor schema and snippets `digest schema`
writes, which the pull-request workflow checks. It holds no code: the plugin brings the theme's additions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from research_digest.authoring.snippets import editor_files
from research_digest.load.problems import ProblemList
from research_digest.load.registry import load_registry

TEMPLATE = Path(__file__).resolve().parent / "template"
# Stored without their dot: setuptools leaves dot files out of a package's data.
DOTTED = {"gitignore": ".gitignore", "github": ".github"}
GENERATED_KEEP = Path("docs") / "generated" / ".gitkeep"  # MkDocs wants its docs_dir to exist before a build


class InitError(Exception):
    """The folder cannot take a new digest."""


def init(folder: Path) -> list[Path]:
    """Write a new digest into `folder` (absent or empty); the files written, relative to it."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file; expected an empty folder or a new one")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitError(f"{folder} is not empty; give a new folder or an empty one (init never overwrites a file)")
    folder.mkdir(parents=True, exist_ok=True)
    for entry in sorted(TEMPLATE.iterdir()):
        target = folder / DOTTED.get(entry.name, entry.name)
        if entry.is_dir():
            shutil.copytree(entry, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(entry, target)
    (folder / GENERATED_KEEP).parent.mkdir(parents=True, exist_ok=True)
    (folder / GENERATED_KEEP).touch()
    registry = load_registry(folder / "registry", ProblemList())  # the template's: valid (tests/test_init.py)
    for name, text in editor_files(registry).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
