import io
import logging
from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.storage import display_filename
from core.views import mark_private
from photos import renditions
from photos.models import PHOTO_DIR, Photo
from photos.services import photo_create, photo_stage
from sharing.registry import shareable
from sharing.services import session_links

logger = logging.getLogger(__name__)
MIME = {"webp": "webp", "jpg": "jpeg"}

PUBLIC_MAX_AGE = 300  # a withdrawn release's photos leave shared caches within minutes


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
    if Photo.objects.public().filter(pk=photo.pk).exists():
        return "public"
    if request.user.is_staff and request.user.has_perm("photos.view_photo"):
        return "private"
    return "private" if _shared_with_visitor(request, photo) else None


def _serve(access, opener, content_type=None):
    try:
        response = FileResponse(opener(), content_type=content_type)
    except FileNotFoundError as missing:
        raise Http404 from missing
    if access == "public":
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response
    return mark_private(response)


@require_GET
def photo_file(request, name):
    """The original file, if the public may see it, or staff, or a share-link holder of its release."""
    photo = Photo.objects.filter(image=PHOTO_DIR + name).first()
    access = _access(request, photo) if photo else None
    if access is None:
        raise Http404
    return _serve(access, lambda: photo.image.open("rb"))


@require_GET
def rendition(request, width, stem, fmt):
    """A web-sized copy, under the same rule as the original; made once, then read from storage."""
    if width not in renditions.WIDTHS or fmt not in renditions.FORMATS:
        raise Http404
    photo = Photo.objects.filter(image__startswith=PHOTO_DIR, image__contains=f"/{stem}.").first()
    access = _access(request, photo) if photo else None
    if access is None:
        raise Http404
    width = min(width, photo.width)
    try:
        name = renditions.ensure(photo, width, fmt)
    except FileNotFoundError as missing:
        raise Http404 from missing
    except OSError:
        # Storage refused the copy (a full or read-only disk): the reader still gets the picture,
        # made now and kept nowhere; the operator gets the cause in the log.
        logger.exception("Could not store the %dpx %s copy of %s", width, fmt, photo.image.name)
        data = renditions.render(photo, width, fmt)
        return _serve(access, lambda: io.BytesIO(data), content_type=f"image/{MIME[fmt]}")
    return _serve(access, lambda: default_storage.open(name, "rb"))
