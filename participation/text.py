"""Rich text written by staff: Markdown in, sanitised HTML out.

Whatever is pasted (HTML, script, event handlers, javascript: links), only
the tags below survive, and links get rel="noopener noreferrer nofollow".
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote", "code", "pre", "hr",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set(), "ol": {"start"}}


def render_markdown(text: str) -> str:
    """Safe HTML for a body written in Markdown (headings start at level 2: the page has the h1)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# A line that starts a Markdown list item: "- ", "* ", "+ ", "1. ", "1) ".
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")


def with_lists(text: str) -> str:
    """Markdown in which the lists people type without Markdown's blank line are still lists: a
    block of several plain lines (recommendations typed one a line) becomes a numbered list, and a
    list item that follows a line of text starts a list of its own instead of joining that line."""
    if not text:
        return ""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    written = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        plain = not any(_LIST_ITEM.match(line) or line.lstrip().startswith(("#", "|", ">")) for line in lines)
        if plain and len(lines) > 1:
            written.append("\n".join(f"{number}. {line.strip()}" for number, line in enumerate(lines, 1)))
            continue
        kept = []
        for line in lines:
            if _LIST_ITEM.match(line) and kept and not _LIST_ITEM.match(kept[-1]) and not kept[-1].startswith(" "):
                kept.append("")
            kept.append(line)
        written.append("\n".join(kept))
    return "\n\n".join(written)
