"""Shared fixtures: a fictional project to break on purpose, and the shipped site built once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
# The commands under test run this checkout's code, whichever copy `pip install -e` points at.
sys.path[:0] = [str(REPO / "tests"), str(REPO / "scripts")]

from research_digest.build.project import copy_project  # noqa: E402  (this checkout's, by the line above)
from system_packages import CHROMIUM, CJK_FONT, JAVA, NODE, missing_summary, require  # noqa: E402

# Tests never time anything (the bench does): no per-example deadline, which a busy CI machine would trip.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

FICTIONAL_COMPANIES = """\
- id: acme-cloud
  name_en: Acme Cloud
  name_zh: 艾克云
  tickers: {HKEX: 9999.HK, NASDAQ: ACME}
  aliases: [Acme]
  fiscal_year_end: 12
  segments: [public-cloud, industry-cloud]
- id: globex
  name_en: Globex Data
  name_zh: 环球数据
  tickers: {NYSE: GBX}
  fiscal_year_end: 3
  segments: [public-cloud]
"""


def own_segments(shipped: str) -> str:
    """The shipped segments.yml without its shared segments, whose members are real companies."""
    own = [segment for segment in yaml.safe_load(shipped) if "members" not in segment]
    return yaml.safe_dump(own, allow_unicode=True, sort_keys=False)


def digest_env() -> dict[str, str]:
    """The environment for a `digest` subprocess: this checkout's code, whatever else is installed."""
    path = os.pathsep.join(p for p in (str(REPO / "scripts"), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


class FictionalProject:
    """A project folder with the real mkdocs.yml, pages and metric registry, but fictional companies."""

    def __init__(self, root: Path):
        self.root = copy_project(REPO, root, notes=False).root
        (root / "registry" / "companies.yml").write_text(FICTIONAL_COMPANIES, encoding="utf-8")
        segments = root / "registry" / "segments.yml"
        segments.write_text(own_segments(segments.read_text(encoding="utf-8")), encoding="utf-8")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def note(self, name: str = "acme-cloud/2024Q4-company-release.md", metrics: str | None = None,
             body: str = "Acme grew on AI demand.\n", **fields: str | None) -> Path:
        """A valid note; keyword arguments replace (or, given None, drop) front matter fields."""
        front = {
            "title": '"Acme Cloud 4Q24: revenue up on AI demand"',
            "company": "acme-cloud",
            "period": "2024Q4",
            "published": "2025-03-20 09:00 +08:00",
            "source": "company-release",
            "kind": "results-summary",
            "language": "en",
            "segments": "[public-cloud]",
        }
        front.update(fields)
        lines = "".join(f"{k}: {v}\n" for k, v in front.items() if v is not None)
        text = f"---\n{lines}{METRICS if metrics is None else metrics}---\n{body}"
        path = self.root / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, **options) -> subprocess.CompletedProcess:
        return run_digest(self.root, *args, **options)


def run_digest(root: Path, *args: str, environment: dict[str, str] | None = None,
               **options) -> subprocess.CompletedProcess:
    """`digest ARGS` in the project at `root`, with this checkout's code (and `environment`'s variables)."""
    return subprocess.run([sys.executable, "-m", "research_digest.cli", *args], cwd=root,
                          env={**digest_env(), **(environment or {})}, capture_output=True, text=True, timeout=600,
                          **options)


def copy_shipped(root: Path) -> Path:
    """A copy of the repository's project (registry, shipped notes, pages) in `root`, to change and build."""
    return copy_project(REPO, root).root

METRICS = """\
metrics:
  - metric: revenue
    value: 1200.5
    unit: CNY mn
    yoy: 20.0
    qoq: 5.0
  - metric: gross-margin
    value: 30.0
    unit: "%"
    yoy: 1.5
"""


# What pip does not install: each skips the tests that use it where it is missing, or fails them under CI.
@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's Chromium, which the browser tests drive."""
    return require(CHROMIUM)


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """The Noto CJK font file, for tests of the charts' layout: they measure Chinese labels as drawn."""
    return require(CJK_FONT)


@pytest.fixture(scope="session")
def npm() -> str:
    """npm's path (and Node.js, which runs what it installs)."""
    return require(NODE)


@pytest.fixture(scope="session")
def java() -> str:
    """Java's path: the Nu HTML Checker (vnu.jar, from package.json) runs on it."""
    return require(JAVA)


@pytest.fixture(scope="session")
def node_modules(npm: str) -> Path:
    """The packages package.json names (remark, axe-core, vnu-jar), installed with `npm ci` where one is missing
    (a clean clone, or a checkout that gained a package since its last install)."""
    folder = REPO / "node_modules"
    wanted = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    if not all((folder / name / "package.json").is_file() for name in wanted):
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=REPO, capture_output=True, text=True,
                                timeout=900)
        assert result.returncode == 0, f"npm ci failed:\n{result.stderr[-3000:]}"
    return folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's last line says what to install, once, when tests were skipped (or failed) for a package."""
    summary = missing_summary()
    if summary:
        config.get_terminal_writer().line(summary, yellow=True, bold=True)


@pytest.fixture
def project(tmp_path: Path) -> FictionalProject:
    return FictionalProject(tmp_path)




@pytest.fixture(scope="session")
def remark(node_modules: Path) -> Path:
    """remark-cli and its plugins (package.json); it runs on Node.js."""
    return node_modules / ".bin" / "remark"


@pytest.fixture
def checked_project(project, remark):
    """The fictional project with the repository's remark config, its own schema and the installed packages."""
    shutil.copy(REPO / "notes" / ".remarkrc.yml", project.root / "notes" / ".remarkrc.yml")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")
    assert project.run("schema").returncode == 0
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped notes built once with `digest build`, in a copy of the repository."""
    root = copy_shipped(tmp_path_factory.mktemp("shipped"))
    result = run_digest(root, "build", "--strict")
    assert result.returncode == 0, result.stderr + result.stdout
    return root / "site"


@pytest.fixture(scope="session")
def shipped():
    """The model of the shipped notes (front matter read and validated), to compute what pages show."""
    from research_digest.build.generate import load
    from research_digest.build.project import Project

    return load(Project(REPO)).site
