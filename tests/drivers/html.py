"""Reading HTML forms the way a browser does: which fields it sends, with which values."""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import Tag

# Input types a browser never sends as fields of a form it submits by pressing Enter.
NOT_SENT = {"submit", "button", "image", "reset", "file"}


def squash(text: str) -> str:
    """Collapse runs of whitespace, the way a reader sees rendered text."""
    return " ".join(text.split())


def textarea_value(element: Tag) -> str:
    # Browsers drop one newline right after <textarea> (Django's widget writes one).
    text = element.get_text()
    return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")


def control_value(element: Tag) -> str:
    """The value a browser would send for one form control."""
    if element.name == "textarea":
        return textarea_value(element)
    if element.name == "select":
        options = element.find_all("option")
        chosen = [o for o in options if o.has_attr("selected")] or options[:1]
        return chosen[0].get("value", chosen[0].get_text()) if chosen else ""
    kind = (element.get("type") or "text").lower()
    return element.get("value", "on" if kind in ("checkbox", "radio") else "")


def form_defaults(form: Tag) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser sends for `form` when nothing is typed in."""
    pairs = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        kind = (element.get("type") or "text").lower() if element.name == "input" else ""
        if kind in NOT_SENT or (kind in ("checkbox", "radio") and not element.has_attr("checked")):
            continue
        if element.name == "select" and element.has_attr("multiple"):
            # Every selected option, and nothing at all when none is (the admins' groups).
            chosen = [o for o in element.find_all("option") if o.has_attr("selected")]
            pairs += [(name, o.get("value", o.get_text())) for o in chosen]
            continue
        pairs.append((name, control_value(element)))
    return pairs


@dataclass
class FilledForm:
    """A form ready to send: where, how, and every (name, value) pair."""

    method: str
    action: str
    fields: list[tuple[str, str]]
    hidden: set[str] = field(default_factory=set)

    def without_hidden(self) -> FilledForm:
        """The same form minus every hidden input (the CSRF token among them)."""
        kept = [(name, value) for name, value in self.fields if name not in self.hidden]
        return FilledForm(self.method, self.action, kept, set())

    def replacing(self, name: str, value: str) -> FilledForm:
        fields = [(n, value if n == name else v) for n, v in self.fields]
        return FilledForm(self.method, self.action, fields, self.hidden)


def field_names(form: Tag) -> set[str]:
    return {e["name"] for e in form.find_all(["input", "textarea", "select"]) if e.get("name")}
