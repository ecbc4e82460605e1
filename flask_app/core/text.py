"""Plain text to HTML for comments, story texts and the about text (SPEC COM-1).

The algorithm is the same in both apps, and both pass shared_spec/fixtures/text_cases.json:
escape everything, keep paragraphs and line breaks, link http(s) URLs; nothing else
becomes markup. It escapes with html.escape, not MarkupSafe's escape (which writes `&#39;`
for `'`, Django's `&#x27;`), so the two apps' output is byte-identical.

Why not Jinja's urlize filter: COM-1 fixes the exact HTML, links to http(s) URLs only, with
rel="nofollow ugc noopener". Jinja's urlize also links bare "www." hosts and e-mail
addresses (as Django's, which writes rel="nofollow" alone).
"""

import html
import re

from markupsafe import Markup

URL_RE = re.compile(r"https?://[^\s<>\"'\x00-\x1f]+", re.IGNORECASE)
TRAILING = ".,;:!?"
LINK = '<a href="{0}" rel="nofollow ugc noopener">{0}</a>'


def _split_url(url: str) -> str:
    """The URL without trailing punctuation or an unmatched ")", which belong to the prose."""
    while url and (url[-1] in TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _linkify(line: str) -> str:
    """One line, escaped, its URLs made links."""
    out, pos = [], 0
    for match in URL_RE.finditer(line):
        url = _split_url(match.group(0))
        if len(url) <= len(match.group(0).split("://", 1)[0]) + 3:
            continue  # "http://" alone is no link
        out.append(html.escape(line[pos : match.start()]))
        out.append(LINK.format(html.escape(url)))
        pos = match.start() + len(url)
    out.append(html.escape(line[pos:]))
    return "".join(out)


def render_text(text: str) -> Markup:
    """Paragraphs (split at blank lines) of escaped, linked lines joined by <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return Markup("")
    paragraphs = re.split(r"\n\s*\n", text)
    # Markup: every piece above was escaped, so Jinja must not escape it again.
    return Markup(
        "\n".join(
            "<p>" + "<br>".join(_linkify(line) for line in para.strip("\n").split("\n")) + "</p>"
            for para in paragraphs
            if para.strip()
        )
    )
