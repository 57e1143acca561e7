"""Which quotes a release or event page lists under 발언: those its own text does not print already.

Writers weave quotes into the text ("… 원장은 “…”고 밝혔다") and also store them as Quote rows for the
spokesperson pages, search and structured data. Listing a woven quote again under 발언 prints it twice,
so both page views ask this module which quotes are left for the section.

It lives in core because release pages (articles) and event pages (events) both need it and neither
may import the other's views; it reads the owner's fields by name and imports neither app.
"""

from core.sanitize import plain_text

# Quote marks a writer puts around a quote in the text; the quote itself is stored without them.
_QUOTE_MARKS = str.maketrans("", "", "\"'“”‘’「」『』")
# Closing punctuation a writer may drop or change when weaving a quote into a sentence.
_CLOSING = ".!?… "


def _as_read(text):
    """Text as a reader compares it: quote marks dropped and every run of spaces made one."""
    return " ".join((text or "").translate(_QUOTE_MARKS).split())


def printed_text(owner):
    """The words the owner's page prints outside the 발언 section, as plain text.

    An event page prints its summary and description. A release page prints its lead and its body,
    except 언론보도 (coverage), whose body is the outlet's article and is never shown.
    """
    if owner._meta.label_lower == "events.event":
        parts = [owner.summary, plain_text(owner.description)]
    elif owner.is_coverage:
        parts = [owner.lead]
    else:
        parts = [owner.lead, plain_text(owner.body)]
    return "\n".join(part for part in parts if part)


def quotes_beyond_text(owner):
    """The owner's quotes (release or event) its own text does not already print, for 발언.

    Reads `owner.quotes.all()`, so a view that prefetched the quotes through their public rule gets
    the same rows back, in the same order. A quote with no words left to compare is always listed.
    """
    printed = _as_read(printed_text(owner))
    return [
        quote
        for quote in owner.quotes.all()
        if not (words := _as_read(quote.text).rstrip(_CLOSING)) or words not in printed
    ]
