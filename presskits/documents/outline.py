"""The release body as one outline of typed blocks, which every document renderer prints.

The body is the sanitised CKEditor 5 HTML (`core.sanitize.clean_html`): headings h2–h4, paragraphs,
nested ul/ol, tables (`<figure class="table">`), photos (`<figure class="image">`), bold, italic,
links and block quotes. It is parsed once with lxml into blocks that carry their outline depth and
the mark printed before them, so HWPX, DOCX, PDF and text cannot disagree about structure.

Korean 보도자료 outline convention, as applied here (depth 0 is the outermost level):

    depth  mark   what stands there
    0      □      the lead (`article.lead`), and every h2 heading (□ + heading text, bold)
    1      ㅇ     paragraphs under the lead or under an h2; an h3 heading (bold)
    2      -      paragraphs under an h3; an h4 heading (bold)
    3+     ·      paragraphs under an h4

- A body without headings keeps the familiar look: □ lead, then every paragraph as ㅇ.
- Paragraphs before the first heading belong to the lead's □: they are ㅇ.
- List items stand one level deeper than the paragraphs around them and nested lists one level
  deeper again. Unordered items take the mark of their depth; ordered items replace it with
  their number, by how many ordered lists enclose them: 1. → 가. → 1) → 가) → (1) → (가),
  starting from the list's `start` attribute.
- A paragraph whose text starts with ※ or * is a note: it keeps its own sign and gets no mark.
- A block quote's paragraphs stand one level deeper, without a mark.
- Tables are tables (header cells from `<th>` or `<thead>`), at the depth of the text around them.
- A photo (`<img src="/photos/...">`) becomes an Image block with the Photo it shows, the
  writer's figcaption (or else the photo's caption) and the credit line; an address that names no
  stored photo is dropped. An image inside a paragraph splits the paragraph around it.
"""

import re
from dataclasses import dataclass, field

import lxml.html
from django.urls import resolve

from core.sanitize import photo_path
from photos.models import PHOTO_DIR, Photo

MARKS = ("□", "ㅇ", "-", "·")
HANGUL_NUMBERS = "가나다라마바사아자차카타파하"
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def mark_for(depth: int) -> str:
    return MARKS[min(depth, len(MARKS) - 1)]


def ordered_label(number: int, ordered_depth: int) -> str:
    """The number of an ordered list item, by how deep in ordered lists it stands (0 = outermost)."""
    hangul = HANGUL_NUMBERS[(number - 1) % len(HANGUL_NUMBERS)] if number > 0 else str(number)
    forms = (f"{number}.", f"{hangul}.", f"{number})", f"{hangul})", f"({number})", f"({hangul})")
    return forms[min(ordered_depth, len(forms) - 1)]


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    @property
    def link_suffix(self) -> str:
        """The address printed after a link's text in text and PDF, unless the text already is it."""
        if not self.href:
            return ""
        shown = self.href.removeprefix("mailto:").removeprefix("tel:")
        bare = self.text.strip()
        if bare in (self.href, shown) or bare.rstrip("/") == shown.rstrip("/"):
            return ""
        return f"({shown})"


def plain(runs: list[Run], *, addresses: bool = False) -> str:
    return "".join(r.text + (r.link_suffix if addresses else "") for r in runs)


@dataclass
class TextBlock:
    """A line of the outline: `label` (□, ㅇ, -, ·, 1., 가. …, or "") then the runs."""

    depth: int
    label: str
    runs: list[Run]

    def text(self, *, addresses: bool = False) -> str:
        body = plain(self.runs, addresses=addresses)
        return f"{self.label} {body}" if self.label else body


@dataclass
class Heading(TextBlock):
    level: int = 2  # the HTML heading level (2, 3, 4)


@dataclass
class Paragraph(TextBlock):
    quote: bool = False


@dataclass
class ListItem(TextBlock):
    ordered: bool = False
    number: int | None = None
    list_depth: int = 0  # 0 for an item of an outermost list


@dataclass
class Note(TextBlock):
    pass


@dataclass
class Cell:
    runs: list[Run]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1

    def text(self, *, addresses: bool = False) -> str:
        return plain(self.runs, addresses=addresses)


@dataclass
class Table:
    depth: int
    rows: list[list[Cell]]
    caption: str = ""

    @property
    def columns(self) -> int:
        """The width of the table's grid, spans counted."""
        return max((column + cell.colspan for _, column, cell in self.grid()), default=0)

    def grid(self) -> list[tuple[int, int, Cell]]:
        """Each cell with the (row, column) of its top-left corner in the grid."""
        taken: set[tuple[int, int]] = set()
        placed = []
        for r, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while (r, column) in taken:
                    column += 1
                placed.append((r, column, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, column + dc))
                column += cell.colspan
        return placed


@dataclass
class Image:
    photo: Photo
    caption: str
    credit: str
    alt: str = ""

    @property
    def line(self) -> str:
        return " ".join(p for p in (self.caption, self.credit) if p)


Block = Heading | Paragraph | ListItem | Note | Table | Image


def photo_for_src(src: str) -> Photo | None:
    """The stored photo an image address shows (original or rendition address), or None."""
    path = photo_path(src or "")
    if path is None:
        return None
    match = resolve(path)
    photos = Photo.objects.all()
    if match.url_name == "rendition":
        stem = match.kwargs["stem"]
        return photos.filter(image__startswith=PHOTO_DIR, image__contains=f"/{stem}.").first()
    return photos.filter(image=PHOTO_DIR + match.kwargs["name"]).first()


@dataclass
class _Context:
    """Where the walker stands: the depth of body paragraphs and the enclosing lists."""

    depth: int = 1
    lists: list[bool] = field(default_factory=list)  # ordered? for each enclosing list


class _Builder:
    def __init__(self, html: str):
        self.html = html or ""
        self.blocks: list[Block] = []
        self.photos: dict[str, Photo | None] = {}

    # -- inline content ---------------------------------------------------------------------
    def _inline(self, element, bold=False, italic=False, href=None, skip=()):
        """Runs and <img> elements of `element`'s content, in order (its tail excluded).

        Children whose tag is in `skip` are left out (their tails are kept).
        """
        if element.text:
            yield Run(element.text, bold, italic, href)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in skip:
                pass
            elif tag == "img":
                yield child
            elif tag == "br":
                yield Run("\n", bold, italic, href)
            elif tag in ("strong", "b"):
                yield from self._inline(child, True, italic, href)
            elif tag in ("em", "i"):
                yield from self._inline(child, bold, True, href)
            elif tag == "a":
                yield from self._inline(child, bold, italic, child.get("href") or href)
            elif tag in BLOCK_TAGS:
                # A block inside inline content (e.g. <p> in a cell): a line of its own.
                yield Run("\n", bold, italic, href)
                yield from self._inline(child, bold, italic, href)
                yield Run("\n", bold, italic, href)
            elif tag:
                yield from self._inline(child, bold, italic, href)
            if child.tail:
                yield Run(child.tail, bold, italic, href)

    @staticmethod
    def _tidy(runs: list[Run]) -> list[Run]:
        """Whitespace collapsed as a browser shows it, ends trimmed, equal neighbours merged."""
        out: list[Run] = []
        for run in runs:
            pieces = run.text.split("\n")
            text = "\n".join(SPACES.sub(" ", piece) for piece in pieces)
            if not text:
                continue
            if out and (out[-1].bold, out[-1].italic, out[-1].href) == (
                run.bold,
                run.italic,
                run.href,
            ):
                out[-1] = Run(out[-1].text + text, run.bold, run.italic, run.href)
            else:
                out.append(Run(text, run.bold, run.italic, run.href))
        # spaces around line breaks and doubled across runs
        for i, run in enumerate(out):
            text = re.sub(r" *\n[ \n]*", "\n", run.text)
            if i and out[i - 1].text.endswith((" ", "\n")):
                text = text.lstrip(" ")
            out[i] = Run(text, run.bold, run.italic, run.href)
        out = [r for r in out if r.text]
        while out and not out[0].text.strip():
            out.pop(0)
        while out and not out[-1].text.strip():
            out.pop()
        if out:
            out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, out[0].href)
            out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic, out[-1].href)
        return out

    def _segments(self, element, skip=()):
        """`element`'s inline content as alternating run lists and <img> elements."""
        current: list[Run] = []
        for item in self._inline(element, skip=skip):
            if isinstance(item, Run):
                current.append(item)
            else:
                yield self._tidy(current)
                current = []
                yield item
        yield self._tidy(current)

    # -- blocks -----------------------------------------------------------------------------
    def _image(self, img, caption: str = ""):
        src = img.get("src", "")
        if src not in self.photos:
            self.photos[src] = photo_for_src(src)
        photo = self.photos[src]
        if photo is None:
            return
        self.blocks.append(
            Image(
                photo=photo,
                caption=caption or photo.caption,
                credit=photo.credit_line,
                alt=img.get("alt") or photo.alt_text,
            )
        )

    def _text(self, runs: list[Run], ctx: _Context, *, quote=False):
        if not runs:
            return
        if plain(runs).lstrip().startswith(("※", "*")):
            self.blocks.append(Note(ctx.depth, "", runs))
        elif quote:
            self.blocks.append(Paragraph(ctx.depth, "", runs, quote=True))
        else:
            self.blocks.append(Paragraph(ctx.depth, mark_for(ctx.depth), runs))

    def _paragraph(self, element, ctx: _Context, *, quote=False):
        for segment in self._segments(element):
            if isinstance(segment, list):
                self._text(segment, ctx, quote=quote)
            else:
                self._image(segment)

    def _list(self, element, ctx: _Context):
        ordered = element.tag == "ol"
        try:
            number = int(element.get("start", "1"))
        except ValueError:
            number = 1
        depth = ctx.depth + 1
        inner = _Context(depth=depth, lists=[*ctx.lists, ordered])
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li":
                continue
            runs: list[Run] = []
            images = []
            for segment in self._segments(item, skip=("ul", "ol")):
                if isinstance(segment, list):
                    runs += ([Run(" ")] if runs and segment else []) + segment
                else:
                    images.append(segment)
            runs = self._tidy(runs)
            if ordered:
                ordered_depth = sum(1 for o in ctx.lists if o)
                label = ordered_label(number, ordered_depth)
            else:
                label = mark_for(depth)
            if runs:
                self.blocks.append(
                    ListItem(
                        depth,
                        label,
                        runs,
                        ordered=ordered,
                        number=number if ordered else None,
                        list_depth=len(ctx.lists),
                    )
                )
            for img in images:
                self._image(img)
            for child in item:
                if child.tag in ("ul", "ol"):
                    self._list(child, inner)
            number += 1

    def _table(self, table, ctx: _Context, caption: str = ""):
        rows: list[list[Cell]] = []
        for row in table.iter("tr"):
            in_head = row.getparent() is not None and row.getparent().tag == "thead"
            cells = []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                runs: list[Run] = []
                for segment in self._segments(cell):
                    if isinstance(segment, list):
                        runs += ([Run("\n")] if runs and segment else []) + segment
                cells.append(
                    Cell(
                        self._tidy(runs),
                        header=cell.tag == "th" or in_head,
                        colspan=_span(cell.get("colspan")),
                        rowspan=_span(cell.get("rowspan")),
                    )
                )
            if cells:
                rows.append(cells)
        own_caption = table.find("caption")
        if own_caption is not None:
            caption = caption or plain(self._tidy(list(self._inline(own_caption))))
        if rows:
            self.blocks.append(Table(ctx.depth, rows, caption))

    def _figure(self, figure, ctx: _Context):
        caption_el = figure.find("figcaption")
        caption = ""
        if caption_el is not None:
            caption = plain(self._tidy([r for r in self._inline(caption_el) if isinstance(r, Run)]))
        table = next(figure.iter("table"), None)
        if table is not None:
            self._table(table, ctx, caption)
            return
        for img in figure.iter("img"):
            self._image(img, caption)

    def _walk(self, parent, ctx: _Context, *, quote=False):
        loose: list = []  # text and inline elements standing directly in `parent`

        def flush():
            if loose:
                holder = lxml.html.Element("div")
                for item in loose:
                    if isinstance(item, str):
                        if len(holder):
                            holder[-1].tail = (holder[-1].tail or "") + item
                        else:
                            holder.text = (holder.text or "") + item
                    else:
                        holder.append(item)
                self._paragraph(holder, ctx, quote=quote)
                loose.clear()

        if parent.text and parent.text.strip():
            loose.append(parent.text)
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            tail = child.tail
            if tag in BLOCK_TAGS or tag in ("figure", "table", "ul", "ol", "hr"):
                flush()
                if tag == "h2":
                    self._heading(child, 0, 2)
                    ctx.depth = 1
                elif tag == "h3":
                    self._heading(child, 1, 3)
                    ctx.depth = 2
                elif tag == "h4":
                    self._heading(child, 2, 4)
                    ctx.depth = 3
                elif tag in ("ul", "ol"):
                    self._list(child, ctx)
                elif tag == "figure":
                    self._figure(child, ctx)
                elif tag == "table":
                    self._table(child, ctx)
                elif tag == "blockquote":
                    inner = _Context(depth=ctx.depth + 1)
                    self._walk(child, inner, quote=True)
                elif tag in ("p", "div", "figcaption", "li"):
                    self._paragraph(child, ctx, quote=quote)
            elif tag:
                child.tail = None
                loose.append(child)
            if tail and tail.strip():
                loose.append(tail)
        flush()

    def _heading(self, element, depth: int, level: int):
        runs = []
        for segment in self._segments(element):
            if isinstance(segment, list):
                runs += segment
            else:
                self._image(segment)
        runs = [Run(r.text, True, r.italic, r.href) for r in self._tidy(runs)]
        if runs:
            self.blocks.append(Heading(depth, mark_for(depth), runs, level=level))

    def build(self) -> list[Block]:
        if not self.html.strip():
            return []
        root = lxml.html.fragment_fromstring(self.html, create_parent="div")
        self._walk(root, _Context(depth=1))
        return self.blocks


BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "li"}


def _span(value) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def body_outline(html: str) -> list[Block]:
    """The outline of a sanitised rich-text body (the lead is not part of it)."""
    return _Builder(html).build()


def lead_block(lead: str) -> Paragraph | None:
    text = " ".join((lead or "").split())
    return Paragraph(0, mark_for(0), [Run(text)]) if text else None


def block_text(block: Block, *, addresses: bool = False) -> str:
    """A block as one plain line (tables: one line per row, cells split by " | ")."""
    if isinstance(block, Image):
        return f"[사진] {block.line}".rstrip()
    if isinstance(block, Table):
        lines = [block.caption] if block.caption else []
        lines += [
            " | ".join(c.text(addresses=addresses).replace("\n", " ") for c in row)
            for row in block.rows
        ]
        return "\n".join(lines)
    return block.text(addresses=addresses)
