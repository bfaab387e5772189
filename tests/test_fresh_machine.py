"""On a machine without the system packages some tests use (a fresh Debian with Python 3.11), the README's test
command passes and ends by naming what to install; under CI the same run fails, naming them too.

The packages are hidden from a pytest subprocess the way a fresh machine lacks them, without touching the
machine's own: a PATH holding neither Chromium, Node.js nor Java, and a matplotlib font list without the CJK fonts.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

from matplotlib import font_manager

from conftest import REPO

# One test for each package: a browser test, the remark checks, the charts' layout measured with the font, and
# the Nu HTML Checker on Java.
SELECTION = ["tests/browser/test_pages.py", "tests/test_remark.py", "tests/test_charts.py",
             "tests/test_html_checker.py", "-k", "dark_mode or shipped_notes_pass or cut_off or no_error_or_warning"]
REASONS = ["needs Debian's Chromium: apt-get install chromium",
           "needs Node.js and npm: apt-get install nodejs npm",
           "needs the Noto CJK font: apt-get install fonts-noto-cjk",
           "needs Java: apt-get install default-jre-headless"]
# As .ci/run and the pull-request workflow install them.
INSTALL = "apt-get install chromium fonts-noto-cjk nodejs npm default-jre-headless"


def fresh_machine(tmp_path: Path) -> dict[str, str]:
    """This environment, but with nothing on the PATH and a matplotlib that finds no CJK font."""
    mpl = tmp_path / "matplotlib"
    mpl.mkdir()
    fonts = copy.copy(font_manager.fontManager)
    fonts.ttflist = [font for font in fonts.ttflist if "CJK" not in font.name]
    # matplotlib reads its font list from this cache, in MPLCONFIGDIR, before it would scan the system's fonts.
    font_manager.json_dump(fonts, mpl / f"fontlist-v{font_manager.FontManager.__version__}.json")
    (tmp_path / "bin").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    return {**env, "PATH": str(tmp_path / "bin"), "MPLCONFIGDIR": str(mpl)}


def pytest_run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *SELECTION], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_without_them_the_tests_that_need_them_are_skipped_naming_what_to_install(tmp_path):
    result = pytest_run(fresh_machine(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for reason in REASONS:
        assert reason in output, output
    assert " passed" not in output and " failed" not in output and " error" not in output, output
    assert output.rstrip().splitlines()[-1] == f"4 system packages missing: {INSTALL}", output


def test_under_ci_a_missing_package_fails_the_run_naming_it(tmp_path):
    result = pytest_run({**fresh_machine(tmp_path), "CI": "true"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for reason in REASONS:
        assert f"{reason} (CI fails on a missing system package rather than skip)" in output, output
    assert " skipped" not in output, output
    assert output.rstrip().splitlines()[-1] == f"4 system packages missing: {INSTALL}", output
