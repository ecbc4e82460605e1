"""Plain text to HTML for comments, story texts and the about (COM-1).

Escaped, paragraphs and line breaks kept, http(s) links made clickable; nothing else
becomes markup. Both apps share this algorithm and `shared_spec/fixtures/text_cases.json`.

Not Django's `urlize`: COM-1 fixes the exact HTML, only http(s) links, with
rel="nofollow ugc noopener"; urlize writes rel="nofollow" and also links bare domains
("example.com") and e-mail addresses.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

URL_RE = re.compile(r"https?://[^\s<>\"'\x00-\x1f]+", re.IGNORECASE)
TRAILING = ".,;:!?"
LINK = '<a href="{0}" rel="nofollow ugc noopener">{0}</a>'


def _split_url(url: str) -> str:
    """Drop trailing punctuation and an unmatched ")": they end the sentence, not the link."""
    while url and (url[-1] in TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _linkify(line: str) -> str:
    """Escape one line, wrapping each link in an <a>."""
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


def render_text(text: str) -> SafeString:
    """`text` as <p> paragraphs (split on blank lines) with <br> between lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = re.split(r"\n\s*\n", text) if text else []
    # html.escape rather than Django's escape: the Flask app uses the same function, so both
    # produce the same bytes. Every piece of user text above went through it: safe to mark.
    return mark_safe(
        "\n".join(
            "<p>" + "<br>".join(_linkify(line) for line in para.strip("\n").split("\n")) + "</p>"
            for para in paragraphs
            if para.strip()
        )
    )
