"""The body of a digest: its sections (core viewpoint, groups, risks) split into facts, and the
facts written back as the draft's Markdown."""

from __future__ import annotations

from research_digest.authoring.importer.draft import Checklist
from research_digest.authoring.importer.patterns import BULLET, SECTION, SENTENCE_END

Section = tuple[str, list[str]]  # (heading, facts); heading "" for the core viewpoint


def read_sections(lines: list[str], checklist: Checklist) -> tuple[list[Section], list[str]]:
    """[(heading, facts)] with heading "" for the core viewpoint, and the lines not read."""
    sections: list[Section] = []
    unread: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        pieces = SECTION.split(line)  # text, then per marker: core, group, risk, text
        head, rest = pieces[0], pieces[1:]
        bulleted = bool(BULLET.match(head))
        for position, part in enumerate(p.strip() for p in BULLET.split(head)):
            if not part:
                continue
            facts = sections[-1][1] if sections else None
            if facts is None:
                unread.append(part)
            elif position == 0 and not bulleted and facts and not SENTENCE_END.search(facts[-1]):
                facts[-1] += " " + part  # a fact wrapped onto the next line
            else:
                facts.append(part)
        for index in range(0, len(rest), 4):
            core, group, risk, text = rest[index:index + 4]
            heading = "" if core else " ".join((group or risk).split())
            if group:  # "Group 1: Heading - fact - fact": the heading runs to the first bullet
                own, *content = BULLET.split(" " + text, maxsplit=1)
                heading, text = own.strip() or heading, content[0] if content else ""
            facts = [p.strip() for p in BULLET.split(text) if p.strip()]
            sections.append((heading, facts))
    if not sections and unread:  # no recognised sections: keep the text as plain paragraphs
        checklist.unsure.append("body: no 'Core Viewpoint' or 'Group' sections found; the text is kept as it is")
        sections, unread = [("", unread)], []
    return sections, unread


def sections_markdown(sections: list[Section], language: str) -> str:
    """The sections as the draft's body: the core viewpoint first, then a heading and a list per group."""
    out = []
    for heading, facts in sections:
        if not heading:
            label = "**核心观点：**" if language == "zh" else "**Core viewpoint.**"
            out.append(f"{label} {facts[0]}" if facts else label)
            out += [f"- {fact}" for fact in facts[1:]]
        else:
            out.append(f"## {heading}\n")
            out += [f"- {fact}" for fact in facts]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
