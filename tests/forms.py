"""Reading a page's forms as a browser would submit them."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("action") == self.action and not self.found:
            self.inside = self.found = True
        elif self.inside and tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file"):
                self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_fields(page: str, action: str) -> dict[str, str]:
    """The fields the first form posting to `action` sends as it stands (hidden inputs, ticked
    boxes, typed values), or fail when the page has no such form."""
    reader = _FormReader(action)
    reader.feed(page)
    assert reader.found, f"no form posting to {action}"
    return reader.fields
