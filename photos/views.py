from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.media import serve_stored
from core.storage import display_filename
from core.views import mark_private
from photos import renditions
from photos.models import PHOTO_DIR, Photo
from photos.services import photo_create, photo_renditions_request, photo_stage
from photos.visibility import photo_is_public
from sharing.registry import shareable
from sharing.services import session_links

MIME = {"webp": "webp", "jpg": "jpeg"}

PUBLIC_MAX_AGE = 300  # a withdrawn release's photos leave shared caches within minutes
# The original served at a copy's address while the copy is being made: soon asked for again.
NOT_READY_MAX_AGE = 60


@require_POST
@staff_member_required
def editor_upload(request):
    """Images pasted or dropped into CKEditor become Photo records, checked like any other upload."""
    if not request.user.has_perm("photos.add_photo"):
        return JsonResponse({"error": {"message": _("사진을 올릴 권한이 없습니다.")}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("올린 파일이 없습니다.")}}, status=400)
    name = PurePath(display_filename(upload.name)).stem[:200] or _("이름 없음")
    try:
        photo = photo_create(
            upload=upload,
            # Staff can refine it in the photo list; an image never goes out without any.
            alt_text=_("본문 사진: %(name)s") % {"name": name},
            user=request.user,
        )
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    return JsonResponse({"url": photo.get_absolute_url(), "photo_id": photo.pk})


@require_POST
@staff_member_required
def stage_upload(request):
    """A photo dropped into a release or event form, stored at once (see `photo_stage`).

    Answers with what the form needs to place it: the photo's id, a preview address, its size and
    the name it was sent with. A refused file gets the reason in Korean.
    """
    if not request.user.has_perm("photos.add_photo"):
        return JsonResponse({"error": _("사진을 올릴 권한이 없습니다.")}, status=403)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("올린 파일이 없습니다.")}, status=400)
    try:
        photo = photo_stage(upload=upload, user=request.user)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse(
        {
            "id": photo.pk,
            "label": str(photo),
            "url": photo.get_absolute_url(),
            "width": photo.width,
            "height": photo.height,
        },
        status=201,
    )


def _shared_with_visitor(request, photo):
    for link in session_links(request):
        handler = shareable(type(link.target))
        if handler and Photo.objects.filter(handler.photos(link.target), pk=photo.pk).exists():
            return True
    return False


def _access(request, photo):
    """'public', 'private' (staff or a share-link holder) or None (not found, as far as they know)."""
    if photo_is_public(photo.pk):
        return "public"
    if request.user.is_staff and request.user.has_perm("photos.view_photo"):
        return "private"
    return "private" if _shared_with_visitor(request, photo) else None


def _served(request, name, access, **options):
    try:
        return serve_stored(request, name, private=access != "public", **options)
    except FileNotFoundError as missing:
        raise Http404 from missing


@require_GET
def photo_file(request, name):
    """The original file, if the public may see it, or staff, or a share-link holder of its release."""
    photo = Photo.objects.filter(image=PHOTO_DIR + name).first()
    access = _access(request, photo) if photo else None
    if access is None:
        raise Http404
    return _served(request, photo.image.name, access, public_max_age=PUBLIC_MAX_AGE)


@require_GET
def rendition(request, width, stem, fmt, digest=None):
    """A web-sized copy, under the same rule as the original; never made here.

    The address with the digest of the original's file (`renditions.url`) is served as immutable
    once the task worker has made the copies; the address without it (older pages) for minutes.
    Until the copies exist the original is served, briefly cached, and their task queued.
    """
    if width not in renditions.WIDTHS or fmt not in renditions.FORMATS:
        raise Http404
    photos = Photo.objects.filter(image__startswith=PHOTO_DIR, image__contains=f"/{stem}.")
    photo = (photos.filter(sha256__startswith=digest) if digest else photos).first()
    if photo is None and digest:
        # The file was replaced (a repair): its copies have a new address.
        photo = photos.first()
        access = _access(request, photo) if photo else None
        if access is None:
            raise Http404
        response = HttpResponseRedirect(renditions.url(photo, width, fmt))
        if access == "public":
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response
        return mark_private(response)
    access = _access(request, photo) if photo else None
    if access is None:
        raise Http404
    if not photo.renditions_ready:
        photo_renditions_request(photo, from_page=True)
        return _served(request, photo.image.name, access, public_max_age=NOT_READY_MAX_AGE)
    name = renditions.storage_name(photo, renditions.delivered_width(photo, width), fmt)
    if digest:
        return _served(request, name, access, content_type=f"image/{MIME[fmt]}", immutable=True)
    return _served(
        request, name, access, content_type=f"image/{MIME[fmt]}", public_max_age=PUBLIC_MAX_AGE
    )
