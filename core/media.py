"""Handing a stored file to the reader once the view has decided they may have it.

Every view that serves media (photo originals and renditions, 붙임 attachments, press kits) checks
the public rule itself and then calls `serve_stored()`, which answers in one of three ways:

- local files with `MEDIA_ACCEL_REDIRECT` set (production behind nginx): an empty response with
  `X-Accel-Redirect: <prefix><storage name>`; nginx sends the file from an `internal` location that
  aliases MEDIA_ROOT (README, "Production"). nginx keeps Content-Type, Content-Disposition,
  Cache-Control and Expires from this response; the location adds the app's ETag and X-Robots-Tag.
- object storage (S3-compatible, no local path): a 302 to a presigned URL valid for
  `MEDIA_REDIRECT_SECONDS`, asking the object store to answer with our Content-Type,
  Content-Disposition and Cache-Control; the redirect itself is only ever cached privately.
- local files without `MEDIA_ACCEL_REDIRECT` (`make run`, tests): Python streams the file.

A request whose If-None-Match names the file's ETag gets its 304 from the app in every case.

A public file handed to nginx also says how long the newsroom's own nginx may keep it (the media
cache of the README's configuration, which reads only this): `X-Accel-Expires`, which nginx never
passes on. Immutable web copies for a year, other public files for their `public_max_age` or, with
`shared_max_age`, for that many seconds while browsers still ask every time. Previews and share-link
holders' files carry none, so nginx never keeps them; repeat downloads of a public file never reach
Python.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.utils.http import content_disposition_header, http_date, quote_etag

from core.storage import local_path
from core.views import mark_private

YEAR = 31536000
IMMUTABLE = f"public, max-age={YEAR}, immutable"


def serving_mode(storage=None) -> str:
    """'accel', 'redirect' or 'stream': how `serve_stored` hands files out with this storage."""
    storage = storage or default_storage
    if local_path(storage, "") is None:
        return "redirect"
    return "accel" if settings.MEDIA_ACCEL_REDIRECT else "stream"


def _cache_control(*, private, public_max_age, immutable):
    if private:
        return None  # mark_private sets it
    if immutable:
        return IMMUTABLE
    if public_max_age is None:
        return None
    if public_max_age <= 0:
        # Shared caches may keep it but must ask again each time (a 304 is cheap).
        return "public, no-cache"
    return f"public, max-age={public_max_age}"


def _finish(response, *, private, cache_control):
    if private:
        return mark_private(response)
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def serve_stored(
    request,
    name: str,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    disposition: str | None = None,
    private: bool = False,
    public_max_age: int | None = None,
    immutable: bool = False,
    shared_max_age: int | None = None,
    etag: str | None = None,
    last_modified=None,
    size: int | None = None,
    verify: bool = False,
    storage=None,
):
    """The response that gives the reader the stored file `name` (after the caller's access check).

    `private`: staff preview or share-link holder (never cached, not indexed). Otherwise the file is
    public: `immutable` for content-addressed names, else `public_max_age` seconds (0: revalidate
    every time; None: no Cache-Control of our own); `shared_max_age`: seconds the newsroom's own
    nginx may keep a public file whatever `public_max_age` says (see the module's text). `disposition` is a full Content-Disposition
    value; `filename` alone makes an attachment named so. `etag` (unquoted) answers If-None-Match
    with a 304. `verify` checks that the file exists before handing out its address (a stat or a
    HEAD request) where nothing reads it here. A missing file raises FileNotFoundError.
    """
    storage = storage or default_storage
    cache_control = _cache_control(
        private=private, public_max_age=public_max_age, immutable=immutable
    )
    quoted_etag = quote_etag(etag) if etag else None
    if quoted_etag and request.headers.get("If-None-Match") == quoted_etag:
        response = HttpResponseNotModified()
        response["ETag"] = quoted_etag
        return _finish(response, private=private, cache_control=cache_control)
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if disposition is None and filename:
        disposition = content_disposition_header(True, filename)
    mode = serving_mode(storage)
    if mode == "stream":
        try:
            handle = storage.open(name, "rb")
        except IsADirectoryError as missing:
            raise FileNotFoundError(name) from missing
        response = FileResponse(handle, content_type=content_type)
        if size is not None:
            response["Content-Length"] = str(size)
    else:
        if verify and not storage.exists(name):
            raise FileNotFoundError(name)
        if mode == "accel":
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(name)
        else:
            return _presigned_redirect(
                storage, name, content_type, disposition, private, cache_control, public_max_age
            )
    if disposition:
        response["Content-Disposition"] = disposition
    if quoted_etag:
        response["ETag"] = quoted_etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    keep = shared_max_age or (YEAR if immutable else public_max_age)
    if keep and keep > 0 and not private:
        response["X-Accel-Expires"] = str(keep)
    return _finish(response, private=private, cache_control=cache_control)


def _presigned_redirect(storage, name, content_type, disposition, private, cache_control, max_age):
    """A 302 to a short-lived signed URL; the object store answers with our headers."""
    expire = settings.MEDIA_REDIRECT_SECONDS
    parameters = {"ResponseContentType": content_type}
    if disposition:
        parameters["ResponseContentDisposition"] = disposition
    parameters["ResponseCacheControl"] = (
        "private, no-store" if private else cache_control or "no-cache"
    )
    try:
        url = storage.url(name, parameters=parameters, expire=expire)
    except TypeError:  # a storage without signed URLs of its own
        url = storage.url(name)
    response = HttpResponseRedirect(url)
    if private:
        return mark_private(response)
    # The signed URL expires: only the reader's own browser keeps the redirect, and not for long.
    keep = min(max_age if max_age is not None else 0, expire // 2)
    if cache_control == IMMUTABLE:
        keep = expire // 2
    response["Cache-Control"] = f"private, max-age={keep}" if keep > 0 else "private, no-cache"
    return response
