from django import template
from django.utils.html import format_html, format_html_join

from photos import renditions

register = template.Library()


def rendition_url(photo, width, fmt):
    """A web copy's address; it names the file's digest, so it changes when the file does."""
    return renditions.url(photo, width, fmt)


def _srcset(photo, fmt):
    return ", ".join(
        f"{rendition_url(photo, asked, fmt)} {delivered}w"
        for asked, delivered in renditions.choices(photo)
    )


@register.simple_tag
def picture(photo, sizes="100vw", lazy=True, css_class="", default_width=960):
    """<picture> with WebP and JPEG renditions; width and height set so nothing jumps while loading."""
    options = renditions.choices(photo)
    if not options:
        return ""
    asked, delivered = min(options, key=lambda pair: abs(pair[0] - default_width))
    attrs = {
        "src": rendition_url(photo, asked, "jpg"),
        "srcset": _srcset(photo, "jpg"),
        "sizes": sizes,
        "width": delivered,
        "height": renditions.height_for(photo, delivered),
        "alt": photo.alt_text,
        "decoding": "async",
    }
    if lazy:
        attrs["loading"] = "lazy"
    if css_class:
        attrs["class"] = css_class
    img = format_html("<img{}>", format_html_join("", ' {}="{}"', attrs.items()))
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        _srcset(photo, "webp"),
        sizes,
        img,
    )


PREVIEW_WIDTH = 1600


def _preview_choice(photo):
    return min(renditions.choices(photo), key=lambda pair: abs(pair[0] - PREVIEW_WIDTH))


@register.simple_tag
def og_image_url(photo):
    """Path of the JPEG rendition that link previews (KakaoTalk, Naver) and JSON-LD point at."""
    return rendition_url(photo, _preview_choice(photo)[0], "jpg")


def preview_image(photo):
    """What a page's Open Graph image needs: path, pixel size and alt text."""
    if photo is None or not photo.width:
        return None
    delivered = _preview_choice(photo)[1]
    return {
        "path": og_image_url(photo),
        "size": (delivered, renditions.height_for(photo, delivered)),
        "alt": photo.alt_text,
    }


@register.simple_tag
def thumbnail_url(photo):
    """The smallest web copy of a photo, for lists of files."""
    options = renditions.choices(photo)
    return rendition_url(photo, options[0][0], "webp") if options else ""
