"""The contributor's whole path, as CONTRIBUTING.md tells it: digest text in, a checked note, and the
data summary a pull request shows after a figure is corrected (fictional company and broker)."""

from __future__ import annotations

import shutil
import subprocess

from test_importer import FIXTURES, resolved

DRAFT = "notes/example-cloud/2024Q4-example-securities.md"


def git(root, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Analyst", "-c", "user.email=analyst@example.com", *args], cwd=root,
                   check=True, capture_output=True)


def test_from_digest_text_to_pull_request_summary(project):
    shutil.copy(FIXTURES / "registry" / "companies.yml", project.root / "registry" / "companies.yml")
    sources = project.root / "registry" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + (FIXTURES / "registry" / "sources.yml")
                       .read_text(encoding="utf-8"), encoding="utf-8")
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "registry")
    git(project.root, "commit", "-q", "-m", "Registry")

    digest = (FIXTURES / "example-cloud-2024q4-zh.txt").read_text(encoding="utf-8")
    imported = project.run("import", "-", input=digest)  # pasted on standard input
    assert imported.returncode == 0, imported.stderr
    assert "notes/example-cloud/2024Q4-example-securities.md" in imported.stdout
    draft = project.root / DRAFT
    draft.write_text(resolved(draft.read_text(encoding="utf-8")), encoding="utf-8")

    checked = project.run("check")
    assert checked.returncode == 0, checked.stderr
    assert project.run("schema").returncode == 0  # the registry now has the broker: the schema follows

    git(project.root, "add", "notes", "registry")
    git(project.root, "commit", "-q", "-m", "Add Example Securities' 4Q24 review")
    text = draft.read_text(encoding="utf-8")
    assert "value: 617\n" in text  # 6.17亿元
    draft.write_text(text.replace("value: 617\n", "value: 618\n", 1), encoding="utf-8")
    summary = project.run("diff", "HEAD").stdout
    assert "0 figure(s) added, 1 changed, 0 removed." in summary
    assert "### Example Cloud 示例云 · 2024Q4" in summary
    assert summary.index("617.0 CNY mn, YoY +4.8%") < summary.index("618.0 CNY mn, YoY +4.8%")
