from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from photos.services import photo_create


@require_POST
@staff_member_required
def editor_upload(request):
    """Images pasted or dropped into CKEditor become Photo records, checked like any other upload."""
    if not request.user.has_perm("photos.add_photo"):
        return JsonResponse({"error": {"message": _("사진을 올릴 권한이 없습니다.")}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("올린 파일이 없습니다.")}}, status=400)
    try:
        photo = photo_create(
            upload=upload,
            # Staff can refine it in the photo list; an image never goes out without any.
            alt_text=_("본문 사진: %(name)s") % {"name": PurePath(upload.name).stem[:200]},
            user=request.user,
        )
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    return JsonResponse({"url": photo.image.url, "photo_id": photo.pk})
