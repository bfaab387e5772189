"""The code's habits: ruff, mypy and the import-linter contract on the pipeline's layers pass, as pyproject.toml
configures them. The commands are the pre-commit hooks' own entries, so a contributor's commit, this test, and
the CI that runs it check the same thing."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

HABITS = ["ruff", "mypy", "import-linter"]  # pre-commit hook ids


def hook_entry(hook_id: str) -> list[str]:
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook["entry"] for repo in hooks["repos"] for hook in repo["hooks"]}
    return shlex.split(entries[hook_id])


@pytest.mark.parametrize("hook_id", HABITS)
def test_the_code_passes(hook_id):
    """The whole project at once, as `pre-commit run HOOK --all-files` checks it, with this venv's tools."""
    command = hook_entry(hook_id)
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    try:
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:
        pytest.fail(f"{command[0]} is not installed: pip install -r requirements.txt (its test extra lists it)")
    if result.returncode != 0:
        pytest.fail(f"{shlex.join(command)} (exit {result.returncode}):\n{result.stdout}{result.stderr}", pytrace=False)
