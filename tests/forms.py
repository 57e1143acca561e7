"""Read a rendered admin form the way a browser would submit it, so tests post real forms."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_multiple = False
        self._option_value = None
        self._option_selected = False
        self._textarea = None
        self._text = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in attrs
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_selected = "selected" in attrs
            self._text = []
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None or self._select is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._select:
            if self._option_selected:
                value = (
                    self._option_value
                    if self._option_value is not None
                    else "".join(self._text).strip()
                )
                self._add(self._select, value)
            self._option_value = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def form_data(response, form_id) -> dict:
    """Field values of form `form_id` in `response`, ready for `client.post(url, data)`."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    # Like a browser: a select with nothing chosen sends nothing.
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in parser.data.items()
        if values
    }


def change_form(client, obj):
    url = reverse_change(obj)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return url, form_data(response, f"{obj._meta.model_name}_form")


def reverse_change(obj):
    from django.urls import reverse

    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
