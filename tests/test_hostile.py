"""Hostile notes: nothing a contributor writes runs in a reader's browser.

A body's active content (scripts, event handlers, frames, forms, style elements, javascript: and
data: links in any Markdown or HTML form) is refused with an error at its line; harmless markup the
allow-list lacks (a style attribute, a <div>, an <img>) is sanitised away. Front matter and registry
text is escaped wherever it lands. Each is asserted on the built site: every HTML page, the search
index and any other data file the build writes.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from conftest import FICTIONAL_COMPANIES
from research_digest.render.body import render_body

MARK = "xss"  # every payload carries it; it may show as text, never as markup

# body -> what happens to it: "refused" (an error naming the line), "sanitised" (the page keeps no
# trace) or "text" (Markdown does not read it as HTML, so the page shows it as the text it is)
BODIES = {
    "<script>alert('xss')</script>": "refused",
    "<img src=\"x\" onerror=\"alert('xss')\">": "refused",
    "<img src=x onerror=alert('xss')>": "text",
    '<iframe src="https://evil.example/xss"></iframe>': "refused",
    '<form action="https://evil.example/xss"><input name="password"></form>': "refused",
    "<style>body { background: url(xss) }</style>": "refused",
    '<details open ontoggle="alert(\'xss\')">x</details>': "refused",
    '<svg><a href="javascript:alert(\'xss\')">x</a></svg>': "refused",
    '<object data="xss.swf"></object>': "refused",
    "<a href=\"javascript:alert('xss')\">x</a>": "refused",
    '<a href="JaVaScRiPt&#58;alert(\'xss\')">x</a>': "refused",
    '[x](javascript:alert("xss"))': "refused",
    '[x](<javascript:alert("xss")>)': "refused",
    "[x](data:text/html,xss)": "refused",
    '![x](javascript:alert("xss"))': "refused",
    '[x][ref]\n\n[ref]: javascript:alert("xss")': "refused",
    "<javascript:xss(1)>": "refused",
    '<javascript:alert("xss")>': "text",
    "<data:text/html,xss>": "refused",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(xss)">cover</p>': "sanitised",
    '<div class="md-header" id="xss">a fake header</div>': "sanitised",
    '<img src="https://tracker.example/xss.png" alt="xss">': "sanitised",
    '<span title="x" data-xss="1">text</span>': "sanitised",
    "`<script>xss</script>` in code": "sanitised",
}

TEXT = '<script>alert("xss")</script> | [x](javascript:xss) "q" \'s {{ 7*7 }} {% if 1 %}xss{% endif %} *e* `c` \\'


CHART = re.compile(r"(\.\./)*charts/[a-z]+/[A-Za-z0-9-]+\.svg(#[A-Za-z0-9-]+)?")  # a chart's <object>, by its address


class Markup(HTMLParser):
    """Where MARK or active content appears as markup rather than text."""

    LOADING_ATTRIBUTES = ("src", "action", "formaction", "srcset", "data", "poster", "style")  # fetch, submit, restyle

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.titles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        chart = tag == "object" and CHART.fullmatch(dict(attrs).get("data") or "")  # our own, drawn from ids
        if MARK in tag or (tag in ("iframe", "frame", "object", "embed") and not chart):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or MARK in name:
                self.found.append(f"<{tag} {name}=>")
            bad_scheme = re.match(r"[\s\x00-\x1f]*(javascript|data|vbscript):", value or "", re.I)
            if (name == "href" and bad_scheme) or (name in self.LOADING_ATTRIBUTES and (bad_scheme or MARK in value)):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style", "title"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in in ("script", "style") and MARK in data:
            self.found.append(f"<{self._in}>{data[:60]}")
        if self._in == "title":
            self.titles.append(data)


def markup_in(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def built_markup(site: Path) -> list[str]:
    """MARK or active content as markup anywhere in the built site: pages, search index, data files."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.relative_to(site).parts[0] == "data":
            continue  # downloads hold the notes' text as data, verbatim; no page renders them as HTML
        if path.relative_to(site).as_posix() == "search/names.json":
            continue  # names as data, which notes-search.js looks queries up in and shows as text nodes only
        if path.suffix == ".html":
            found += [f"{path.relative_to(site)}: {f}" for f in markup_in(path.read_text(encoding="utf-8")).found]
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(site)}: {f}" for f in json_markup(data)]
        elif path.suffix in (".xml", ".svg", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {f}" for f in markup_in(text).found if MARK in f]
    return found


def json_markup(value) -> list[str]:
    """Every string in a JSON file read as HTML, as the search box renders titles, text and tags."""
    if isinstance(value, str):
        return markup_in(value).found
    if isinstance(value, list):
        return [f for item in value for f in json_markup(item)]
    if isinstance(value, dict):
        return [f for item in value.values() for f in json_markup(item)]
    return []


def hostile_note(project, name: str, body: str, period: str):
    return project.note(name=f"acme-cloud/{name}.md", period=period, body=body + "\n")


QUARTERS = [f"{year}Q{quarter}" for year in range(2010, 2024) for quarter in range(1, 5)]


def test_active_content_in_a_body_is_refused_at_its_line(project):
    refused = [body for body, fate in BODIES.items() if fate == "refused"]
    for index, body in enumerate(refused):
        hostile_note(project, f"hostile-{index}", "Intro line.\n\n" + body, QUARTERS[index])
    result = project.run("build")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    for index, body in enumerate(refused):
        # the body starts on line 21 of the note: "Intro line.", a blank line, then the payload
        line = 23 + body.split("\n").index(next(line for line in body.split("\n") if MARK in line))
        assert re.search(rf"notes/acme-cloud/hostile-{index}\.md:{line}: body: expected .*; found ", out), (body, out)
    assert not (project.root / "site").exists()


def test_harmless_markup_is_sanitised_from_the_built_page(project):
    sanitised = [body for body, fate in BODIES.items() if fate != "refused"]
    project.note(body="\n\n".join(["Intro line.", *sanitised]) + "\n")
    result = project.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert not built_markup(site)
    page = (site / "notes/acme-cloud/2024Q4-company-release-results-summary/index.html").read_text(encoding="utf-8")
    assert "cover" in page and "a fake header" in page and "&lt;script&gt;xss&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(" in page  # shown, not run
    assert "tracker.example" not in page  # no image fetched from another host


def test_a_body_with_script_onerror_and_javascript_link_never_reaches_the_site(project):
    """The issue's example: built once without it, then with it: refused, and the site keeps no trace."""
    project.note()
    assert project.run("build").returncode == 0
    hostile_note(project, "2024Q3-hostile",
                 "<script>alert('xss')</script>\n\n<img src=\"x\" onerror=\"alert('xss')\">\n\n"
                 "[read more](javascript:alert('xss'))", "2024Q3")
    result = project.run("build")
    assert result.returncode == 1
    for found in ("an element <script>", "an event handler (onerror=)", "a javascript: link"):
        assert f"found {found}" in result.stderr
    site = project.root / "site"
    assert not list(site.glob("notes/acme-cloud/2024Q3*"))
    assert MARK not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def mkdocs_markdown(project_root: Path) -> markdown.Markdown:
    config = load_config(str(project_root / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("body", list(BODIES))
def test_the_sanitiser_alone_would_hold_too(body):
    """Defence in depth: were the check to miss a body, the sanitised HTML, as MkDocs then reads it
    inside the page's Markdown, still holds no active content."""
    from conftest import REPO

    html = mkdocs_markdown(REPO).convert(f"## Note\n\n{render_body(body)}\n")
    assert not markup_in(html).found, html


def test_front_matter_and_registry_text_is_escaped_everywhere(project):
    companies = FICTIONAL_COMPANIES.replace("name_en: Acme Cloud", f"name_en: '{TEXT.replace(chr(39), chr(39) * 2)}'")
    companies = companies.replace("name_zh: 艾克云", 'name_zh: "艾克云<img src=x onerror=xss>"')
    companies = companies.replace("aliases: [Acme]", 'aliases: ["<b onmouseover=xss>Acme</b>", "{{ config }}"]')
    project.write("registry/companies.yml", companies)
    segments = (project.root / "registry" / "segments.yml").read_text(encoding="utf-8")
    project.write("registry/segments.yml", segments.replace("label_en: Public cloud",
                                                            'label_en: "Public <svg onload=xss> cloud"'))
    sources = (project.root / "registry" / "sources.yml").read_text(encoding="utf-8")
    project.write("registry/sources.yml", sources.replace("name_en: Company results release",
                                                          'name_en: "Company [release](javascript:xss)"'))
    quoted = json.dumps(TEXT)
    project.note(title=quoted, analysts=f"[{quoted}, '<img src=x onerror=xss>']", tags=f"[{quoted}, '{{{{ 7*7 }}}}']",
                 metrics=f"""\
metrics:
  - metric: revenue
    value: 1200.5
    unit: CNY mn
    note: {quoted}
""")
    project.note(name="acme-cloud/2024Q3.md", period="2024Q3", title=json.dumps("Next " + TEXT))
    result = project.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert not built_markup(site)
    note = site / "notes/acme-cloud/2024Q4-company-release-results-summary/index.html"
    parsed = markup_in(note.read_text(encoding="utf-8"))
    assert parsed.titles[0].startswith(" ".join(TEXT.split()))  # the <title>: the text as written, shown as text
    html = note.read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "{% if 1 %}" in html and ">49<" not in html  # nothing evaluated templates
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    home = next(doc for doc in index["docs"] if doc["location"] == "")
    assert "&lt;script&gt;" in home["text"]  # the company's name, in the home page's opening line
