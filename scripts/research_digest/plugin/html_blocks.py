"""The Python-Markdown extension `research_digest.plugin.html_blocks` (in mkdocs.yml's
`markdown_extensions`): the generated pages' blocks of finished HTML pass through unread.

Python-Markdown and MkDocs each parse every tag of a page's raw HTML with Python's HTMLParser (to
find where blocks end, and the ids links may point to); on the tables and lists of a large digest
that was most of MkDocs' time. The generator marks each block it writes as finished
(`research_digest.render.markup.html_block`): escaped, its links final, no id a Markdown link
points to. Before those parsers run, each marked block goes to Python-Markdown's store of raw HTML,
which puts it back, as it is, into the page's HTML. A note's body is rendered and sanitised by the
generator, and is such a block; any other Markdown (hand-written pages, headings) is untouched.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from research_digest.render.markup import BLOCK_END, BLOCK_START

# After whitespace is normalised (30); before fenced code (25), MkDocs' raw HTML scan (21) and html_block
# (20), which then read the rest of the page rather than the whole of it. A finished block holds no
# fenced code for them to read: a note's body, code and all, is HTML by then.
PRIORITY = 27


class FinishedBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if BLOCK_START not in source:
            return lines
        out, position = [], 0
        while (start := source.find(BLOCK_START, position)) != -1:
            end = _block_end(source, start)
            if end == -1:  # not closed: left for Markdown to read as HTML
                break
            block = source[start + len(BLOCK_START):end - len(BLOCK_END)]
            block = block.replace(BLOCK_START, "").replace(BLOCK_END, "").strip("\n")  # blocks held inside
            out += [source[position:start], "\n\n", self.md.htmlStash.store(block), "\n\n"]
            position = end
        out.append(source[position:])
        return "".join(out).split("\n")


def _block_end(source: str, start: int) -> int:
    """Where the block that opens at `start` ends (after its closing mark), counting blocks held inside it."""
    depth, cursor = 0, start
    while True:
        opening, closing = source.find(BLOCK_START, cursor), source.find(BLOCK_END, cursor)
        if closing == -1:
            return -1
        if opening != -1 and opening < closing:
            depth, cursor = depth + 1, opening + len(BLOCK_START)
            continue
        depth, cursor = depth - 1, closing + len(BLOCK_END)
        if depth == 0:
            return cursor


class HtmlBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        md.preprocessors.register(FinishedBlocks(md), "research_digest_html_blocks", PRIORITY)


def makeExtension(**kwargs) -> HtmlBlocksExtension:  # noqa: N802  (the name Python-Markdown looks for)
    return HtmlBlocksExtension(**kwargs)
