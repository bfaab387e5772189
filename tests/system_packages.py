"""The system packages some tests use, which pip does not install, and what a test does without one.

A fresh Debian machine with Python 3.11 has none of them. There a test that needs one is skipped with a
one-line reason naming the command that installs it, so the README's test command passes and the run ends
by listing what to install. Under CI (`CI` set to a true value, as GitHub Actions and `.ci/run` set it) a
missing package fails the test instead: CI never passes by skipping what it was meant to check.

Each package is looked for where the code under test finds it: Chromium, Node.js and Java on the PATH, the CJK
font in matplotlib's font list, which the charts measure Chinese labels with. So a test can hide them the
same way a fresh machine lacks them (a PATH without them, an MPLCONFIGDIR whose font list leaves the font
out), with no switch in the code under test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class SystemPackage:
    """Something tests need from Debian, and how to tell it is installed."""

    what: str  # as a reason reads it: "needs {what}: apt-get install ..."
    debian: tuple[str, ...]  # the Debian packages that install it
    locate: Callable[[], str | None]  # where it is (a path), or None when missing

    @property
    def reason(self) -> str:
        return f"needs {self.what}: apt-get install {' '.join(self.debian)}"


def _chromium() -> str | None:
    return shutil.which("chromium")


def _node_and_npm() -> str | None:
    """npm's path: the tests run `npm ci` with it, and the tools it installs run on `node`."""
    return shutil.which("npm") if shutil.which("node") else None


def _java() -> str | None:
    """The Nu HTML Checker (vnu.jar, from package.json) runs on Java."""
    return shutil.which("java")


def _noto_sans_cjk() -> str | None:
    from matplotlib import font_manager

    return next((font.fname for font in font_manager.fontManager.ttflist if font.name == "Noto Sans CJK SC"), None)


CHROMIUM = SystemPackage("Debian's Chromium", ("chromium",), _chromium)
CJK_FONT = SystemPackage("the Noto CJK font", ("fonts-noto-cjk",), _noto_sans_cjk)
NODE = SystemPackage("Node.js and npm", ("nodejs", "npm"), _node_and_npm)
JAVA = SystemPackage("Java", ("default-jre-headless",), _java)
PACKAGES = (CHROMIUM, CJK_FONT, NODE, JAVA)  # in the order .ci/run and the workflow install them

# Packages found missing in this run: the run's last line lists them.
missing: set[SystemPackage] = set()


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def require(package: SystemPackage) -> str:
    """Where `package` is; if it is missing, skip the calling test, or under CI fail it."""
    found = package.locate()
    if found:
        return found
    missing.add(package)
    if under_ci():
        pytest.fail(f"{package.reason} (CI fails on a missing system package rather than skip)", pytrace=False)
    pytest.skip(package.reason)


def missing_summary() -> str | None:
    """One line naming what to install, or None when nothing was missing."""
    if not missing:
        return None
    names = " ".join(name for package in PACKAGES if package in missing for name in package.debian)
    return f"{len(missing)} system package{'s' if len(missing) > 1 else ''} missing: apt-get install {names}"
