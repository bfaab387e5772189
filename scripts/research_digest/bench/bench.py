"""`digest bench`: build a synthetic site of N notes in a temporary project and measure it.

Each step runs as its own process, as a user would run it (`digest generate`, `mkdocs build`,
`digest build`, `digest serve`, `mkdocs serve`), so times include start-up and peak memory is the
child's own. Files rewritten are counted on disk (a file whose inode, size or mtime changed), not
taken from the generator's report.

MkDocs' floor is the same site, with the same mkdocs.yml, navigation, theme and plugins but ours,
built from pages cut to their front matter, title and one line: what MkDocs costs for that many
pages whatever they hold. The real pages are built with the same settings (`mkdocs_pages_s`), so
that `mkdocs_vs_floor`, their ratio, is what the pages' content costs MkDocs and nothing else: the
whole `mkdocs build` (`mkdocs_build_s`) also runs our plugin (the generator with nothing changed,
and Pagefind), which the floor has no pages for.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from research_digest.bench.synthetic import capacity, write_corpus
from research_digest.build.project import PLUGIN_NAME, copy_project, read_project

PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
SEARCH_REQUEST = re.compile(r"search|pagefind|lunr", re.I)  # what the site fetches to answer a search
SERVE_MAX_NOTES = 1000  # each server's first build is a full one; the preview's target is at 1,000 notes
# The previews measured: `digest serve`, and MkDocs' own server to compare it with.
SERVERS = {"serve_edit_visible_s": ("digest serve", ("research_digest.cli", "serve")),
           "mkdocs_serve_edit_visible_s": ("mkdocs serve", ("mkdocs", "serve")),
           "mkdocs_serve_dirty_edit_visible_s": ("mkdocs serve --dirty", ("mkdocs", "serve", "--dirty"))}
SERVE_TIMEOUT_S = 1800
SERVE_EDITS = 3  # the median is reported, and the slowest
SERVE_PAUSE_S = 5.0  # between edits: the preview's background work (Pagefind) ends in about 3 s at 1,000 notes
SEARCH_TIMEOUT_MS = 900_000  # a large lunr index takes the browser minutes to load
FLOOR_CONFIG = ".floor-mkdocs.yml"  # in the project's folder, beside the mkdocs.yml it inherits from
PAGES_SITE = ".pages-site"  # the real pages built with the floor's settings
FLOOR_DOCS, FLOOR_SITE = ".floor-docs", ".floor-site"
FLOOR_LINE = "One line in place of the page's content."
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"]


@dataclass
class Child:
    seconds: float
    rss_mb: float
    stdout: str


@dataclass
class Bench:
    """The temporary project and what has been measured in it."""

    root: Path
    notes: list[Path]
    progress: Callable[[str], None]
    results: dict = field(default_factory=dict)
    peak_rss_mb: float = 0.0

    def child(self, *args: str, timeout: float | None = None) -> Child:
        """Run a command in the project; its wall time and peak memory."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_PARENT),
                                                                         os.environ.get("PYTHONPATH")])),
               "NO_MKDOCS_2_WARNING": "1"}
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, *args], cwd=self.root, env=env, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0), err.seek(0)
            stdout, stderr = out.read().decode(), err.read().decode()
        if process.returncode:
            raise SystemExit(f"digest bench: {' '.join(args[:3])} failed in {self.root}:\n{stderr[-3000:]}")
        rss_mb = usage.ru_maxrss / 1024
        self.peak_rss_mb = max(self.peak_rss_mb, rss_mb)
        return Child(seconds, rss_mb, stdout)

    def generate(self, name: str) -> None:
        """Run the generator; record its time, files rewritten on disk and charts drawn."""
        before = snapshot(self.root / "docs" / "generated")
        run = self.child("-c", "from research_digest.bench.bench import generator_step; generator_step()")
        after = snapshot(self.root / "docs" / "generated")
        stats = json.loads(run.stdout.splitlines()[-1])
        rewritten = sum(before.get(path) != stamp for path, stamp in after.items()) + len(before.keys() - after)
        self.results[f"generator_{name}_s"] = round(run.seconds, 3)
        self.results[f"charts_{name}"] = stats["charts"]
        if name == "cold":
            self.results["generated_files"] = len(after)
        else:
            self.results[f"files_rewritten_{name}"] = rewritten
        self.progress(f"generator {name}: {run.seconds:.2f} s, {rewritten} files rewritten, {stats['charts']} charts")

    def edit_note(self, marker: str) -> Path:
        """Change one note in the middle of the corpus: a figure and a sentence of its body."""
        path = self.notes[len(self.notes) // 2]
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'("metric": "revenue", "value": )([\d.]+)',
                      lambda m: f"{m[1]}{float(m[2]) + 1:.1f}", text, count=1)
        path.write_text(text + f"\nEdited: {marker}.\n", encoding="utf-8")
        return path


def cut_page(markdown: str) -> str:
    """A page cut to its front matter (which sets its title, whether search indexes it, and layout), its title
    and one line."""
    front, body = "", markdown
    if markdown.startswith("---\n") and "\n---\n" in markdown[3:]:
        end = markdown.index("\n---\n", 3) + len("\n---\n")
        front, body = markdown[:end], markdown[end:]
    title = next((line for line in body.splitlines() if line.startswith("# ")), None)
    return front + (f"\n{title}\n" if title else "") + f"\n{FLOOR_LINE}\n"


def write_floor(root: Path) -> None:
    """The floor's docs folder: the generated folder with every page cut, other files linked."""
    project = read_project(root)
    docs = root / FLOOR_DOCS
    for path in project.generated_dir.rglob("*"):
        if path.is_file():
            target = docs / path.relative_to(project.generated_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".md":
                target.write_text(cut_page(path.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                os.link(path, target)


def write_floor_config(root: Path, docs_dir: str, site_dir: str) -> None:
    """A mkdocs.yml that inherits the project's, lists its plugins but ours, and builds `docs_dir`."""
    from mkdocs.utils.yaml import yaml_load

    project = read_project(root)
    with project.config_file.open(encoding="utf-8") as file:
        plugins = yaml_load(file).get("plugins") or []
    settings = {"INHERIT": project.config_file.name, "docs_dir": docs_dir, "site_dir": site_dir,
                "plugins": without_ours(plugins)}  # MkDocs' INHERIT replaces a list rather than merge it
    # JSON, which YAML reads as it is: the search plugin's separator, a regular expression, stays exact.
    (root / FLOOR_CONFIG).write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")


def without_ours(plugins: list | dict) -> list | dict:
    """mkdocs.yml's `plugins:` (a list of names or one-key mappings, or a mapping) without this package's."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != PLUGIN_NAME}
    return [item for item in plugins if (next(iter(item)) if isinstance(item, dict) else item) != PLUGIN_NAME]


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file's identity on disk: a rewritten file has a new inode or mtime."""
    stamps = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            stamps[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return stamps


def generator_step() -> None:
    """The generator as `digest generate` runs it; prints its counters as one JSON line."""
    from research_digest.build.generate import generate
    from research_digest.build.project import read_project

    result = generate(read_project(Path.cwd()))
    print(json.dumps({"written": result.published.written, "removed": result.published.removed,
                      "charts": result.extra.get("charts drawn", 0)}))


def make_project(source: Path, notes: int, progress: Callable[[str], None]) -> Bench:
    """A temporary project laid out like `source`, with a fictional registry and `notes` notes."""
    root = copy_project(source, Path(tempfile.mkdtemp(prefix="digest-bench-")), notes=False).root
    progress(f"writing {notes:,} notes on fictional companies into {root}")
    return Bench(root, write_corpus(root, notes), progress)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_site(bench: Bench) -> None:
    site = bench.root / "site"
    files = [path for path in site.rglob("*") if path.is_file()]
    note_pages = sorted(path.stat().st_size for path in (site / "notes").rglob("index.html"))
    bench.results["site_bytes"] = sum(path.stat().st_size for path in files)
    bench.results["note_page_html_median_bytes"] = int(statistics.median(note_pages))
    bench.results["search_download_bytes"] = search_download(site, bench)


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]]

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.served.append((self.path, len(data)))
        outputfile.write(data)

    def log_message(self, *args) -> None:
        pass


def search_download(site: Path, bench: Bench) -> int:
    """Bytes a reader's browser fetches for the search machinery and one query, counted by the server."""
    from playwright.sync_api import sync_playwright

    served: list[tuple[str, int]] = []
    handler = type("Handler", (_CountingHandler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page_path = min((site / "notes").rglob("index.html")).parent.relative_to(site).as_posix()
    query = company_name(bench, bench.notes[0])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/{page_path}/", wait_until="networkidle")
            page.keyboard.press("/")
            page.keyboard.type(query)
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=SEARCH_TIMEOUT_MS)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # a debounced second search (e.g. Pagefind's) may start after the first
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(size for path, size in served if SEARCH_REQUEST.search(path))


def company_name(bench: Bench, note: Path) -> str:
    """The Chinese name of a note's company, as a reader would type it."""
    import yaml

    companies = yaml.safe_load((bench.root / "registry" / "companies.yml").read_text(encoding="utf-8"))
    return next(c["name_zh"] for c in companies if c["id"] == note.parent.name)


def note_url(bench: Bench, port: int, note: Path) -> str:
    front = note.read_text(encoding="utf-8").split("\n---\n")[0]
    fields = {key: json.loads(value) for key, value in re.findall(r"^(period|source|kind): (.+)$", front, re.M)}
    return f"http://127.0.0.1:{port}/notes/{note.parent.name}/{fields['period']}-{fields['source']}-{fields['kind']}/"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def serve_edit_visible(bench: Bench, name: str, module: tuple[str, ...]) -> list[float]:
    """Seconds from editing a note to a preview server (`python -m MODULE`) serving the page with the
    edit, for each of SERVE_EDITS edits: the first right after the server's first build, as a
    contributor starts, the others once the server is idle again."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT), "NO_MKDOCS_2_WARNING": "1"}
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed in the finally below, after the server ends)
    server = subprocess.Popen([sys.executable, "-m", *module, "-a", f"127.0.0.1:{port}"],
                              cwd=bench.root, env=env, stdout=log, stderr=log)
    note = bench.notes[len(bench.notes) // 2]
    url = note_url(bench, port, note)
    seconds = []
    try:
        wait_for(lambda: fetch(url) is not None, server, log, f"{name}: the first page")
        for edit in range(SERVE_EDITS):
            if edit:
                time.sleep(SERVE_PAUSE_S)
            marker = f"serve-check-{time.time_ns()}"
            bench.edit_note(marker)
            started = time.perf_counter()
            wait_for(lambda: marker in (fetch(url) or ""), server, log, f"{name}: the edited page")
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)
        server.returncode = 0
        bench.peak_rss_mb = max(bench.peak_rss_mb, usage.ru_maxrss / 1024)
        log.close()


def wait_for(condition: Callable[[], bool], server: subprocess.Popen, log, what: str) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT_S
    while not condition():
        if server.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise SystemExit(f"digest bench: the server (exit {server.returncode}) never showed {what}:\n"
                             f"{log.read().decode()[-3000:]}")
        time.sleep(0.05)


def measure_floor(bench: Bench) -> None:
    """`mkdocs build` of the real pages and of the floor, one after the other with the same settings
    (see the module's docstring), run as the real site's build is."""
    generated = read_project(bench.root).generated_dir.relative_to(bench.root).as_posix()
    bench.progress("mkdocs floor: the real pages, then every page cut to its title and one line, without our plugin")
    write_floor(bench.root)
    try:
        write_floor_config(bench.root, generated, PAGES_SITE)
        pages = bench.child("-m", "mkdocs", "build", "-q", "-f", FLOOR_CONFIG)
        write_floor_config(bench.root, FLOOR_DOCS, FLOOR_SITE)
        floor = bench.child("-m", "mkdocs", "build", "-q", "-f", FLOOR_CONFIG)
    finally:
        for folder in (FLOOR_DOCS, FLOOR_SITE, PAGES_SITE):
            shutil.rmtree(bench.root / folder, ignore_errors=True)
        (bench.root / FLOOR_CONFIG).unlink(missing_ok=True)
    bench.results["mkdocs_pages_s"] = round(pages.seconds, 3)
    bench.results["mkdocs_floor_s"] = round(floor.seconds, 3)
    bench.progress(f"mkdocs floor: {floor.seconds:.1f} s, against {pages.seconds:.1f} s for the real pages "
                   f"({bench.results['mkdocs_build_s']:.1f} s with our plugin)")


def measure_cold_build(bench: Bench) -> None:
    """A whole `digest build` (generator, MkDocs, the full-text index) with no cache and no earlier output."""
    project = read_project(bench.root)
    for folder in (project.cache_dir, project.generated_dir, project.site_dir):
        shutil.rmtree(folder, ignore_errors=True)
    project.generated_dir.mkdir()
    bench.progress("digest build, cold: no cache, no generated folder, no site")
    build = bench.child("-m", "research_digest.cli", "build")
    bench.results["build_cold_s"] = round(build.seconds, 3)
    bench.progress(f"digest build, cold: {build.seconds:.1f} s")


def ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def run(source: Path, notes: int, progress: Callable[[str], None]) -> dict:
    """Every measurement of one benchmark run, as one flat dict."""
    if not 1 <= notes <= capacity():
        raise SystemExit(f"digest bench: --notes must be between 1 and {capacity():,}; found {notes}")
    bench = make_project(source, notes, progress)
    try:
        bench.results["notes"] = notes
        bench.generate("cold")
        bench.generate("noop")
        build = bench.child("-m", "mkdocs", "build", "-q")
        bench.results["mkdocs_build_s"] = round(build.seconds, 3)
        progress(f"mkdocs build: {build.seconds:.1f} s")
        measure_floor(bench)
        bench.edit_note("one edit")
        bench.generate("one_edit")
        measure_site(bench)
        progress(f"site: {bench.results['site_bytes']:,} bytes; search downloads "
                 f"{bench.results['search_download_bytes']:,} bytes")
        for key, (name, module) in SERVERS.items():
            slowest = key.removesuffix("_s") + "_max_s"
            if notes <= SERVE_MAX_NOTES:
                progress(f"{name}: waiting for the first build, then editing a note {SERVE_EDITS} times")
                seconds = serve_edit_visible(bench, name, module)
                bench.results[key] = round(statistics.median(seconds), 3)
                bench.results[slowest] = round(max(seconds), 3)
                progress(f"{name}: edits visible after {', '.join(f'{s:.1f}' for s in seconds)} s")
            else:
                bench.results[key] = bench.results[slowest] = None
        measure_cold_build(bench)
        results = bench.results
        results["peak_rss_mb"] = round(bench.peak_rss_mb, 1)
        results["mkdocs_vs_floor"] = ratio(results["mkdocs_pages_s"], results["mkdocs_floor_s"])
        results["generator_cold_vs_mkdocs_build"] = ratio(results["generator_cold_s"], results["mkdocs_build_s"])
        results["generator_noop_vs_mkdocs_build"] = ratio(results["generator_noop_s"], results["mkdocs_build_s"])
        results["generator_one_edit_vs_mkdocs_build"] = ratio(results["generator_one_edit_s"],
                                                              results["mkdocs_build_s"])
        return results
    finally:
        shutil.rmtree(bench.root, ignore_errors=True)


def table(results: dict) -> str:
    width = max(map(len, results))
    return "\n".join(f"{key:<{width}}  {'–' if value is None else value}" for key, value in results.items())
