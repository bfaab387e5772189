"""The generated pages' blocks of finished HTML (`markup.html_block`) and the Markdown extension that
passes them through unread: the page comes out as written, with or without the extension."""

from __future__ import annotations

import re

import markdown

from research_digest.render.markup import BLOCK_START, bullets, html_block, link, paragraph, strong, table, text

EXTENSIONS = ["attr_list", "md_in_html", "toc"]


def convert(source: str, with_extension: bool = True) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS + ["research_digest.plugin.html_blocks"] * with_extension)


def page() -> str:
    """A generated page in small: a heading, a fact line, a table with a contributor's name, a list."""
    here = "companies/acme.md"
    name = link(text("Acme *Cloud* <b>"), here, "notes/acme/2024Q4.md", title='The "4Q24" note')
    return ("# Acme\n\n" + paragraph(f"{strong('Tickers:')} ACME", "Text *stays* Markdown-free")
            + "## Figures { data-search-exclude }\n\n"
            + table(["Note", "Revenue"], [[name, "1,864.4"]], ["left", "right"])
            + "Some *emphasis* after the table.\n\n" + bullets([name, "2024Q4"]))


def visible(html: str) -> str:
    """The HTML without comments and with whitespace between tags closed up: what a reader gets."""
    return re.sub(r">\s+<", "><", re.sub(r"<!--.*?-->", "", html, flags=re.S)).strip()


def test_a_generated_page_comes_out_as_written_and_markdown_around_it_is_still_read():
    html = convert(page())
    assert ('<a href="../../notes/acme/2024Q4/" title="The &#34;4Q24&#34; note">Acme &#42;Cloud&#42; &lt;b&gt;</a>'
            in html)
    assert '<td style="text-align: right;">1,864.4</td>' in html
    assert "Text *stays* Markdown-free" in html  # a generated block is not read as Markdown
    assert "<p>Some <em>emphasis</em> after the table.</p>" in html  # the text around it is
    assert re.search(r'<h2 data-search-exclude[^>]* id="figures">', html)  # headings stay Markdown
    assert "rd:html" not in html


def test_without_the_extension_the_page_looks_the_same():
    assert visible(convert(page(), with_extension=False)) == visible(convert(page()))


def test_blocks_inside_blocks_come_out_once_and_an_unclosed_mark_is_left_to_markdown():
    html = convert(html_block(f"<div>\n{bullets(['a', 'b'])}</div>") + "After.\n")
    assert html.count("<ul>") == 1 and "rd:html" not in html and "<p>After.</p>" in html
    unclosed = convert(f"{BLOCK_START}\n<p>open</p>\n\nText *here*.\n")
    assert "<p>open</p>" in unclosed and "<em>here</em>" in unclosed
