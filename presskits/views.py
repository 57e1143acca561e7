import mimetypes
from urllib.parse import quote

from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from core.seo import PageMeta, absolute, summary
from core.views import get_visible_or_404, mark_private
from presskits.contents import contents_of_kit
from presskits.models import PressKit
from presskits.services import kit_members, presskit_stream
from sharing.services import visitor_holds_link


def _kit_for(request, slug, *, share_link=None):
    """Public kits for everyone, staff previews, and kits a share link opened for this visitor."""
    if share_link is not None:
        return PressKit.objects.get(pk=share_link.object_id), True
    try:
        return get_visible_or_404(
            request, PressKit.objects.all(), "presskits.view_presskit", slug=slug
        )
    except Http404:
        kit = PressKit.objects.filter(slug=slug).first()
        if kit and visitor_holds_link(request, kit):
            return kit, True
        raise


def _zip_name(kit):
    return f"{kit.slug}.zip"


def presskit_detail(request, slug, share_link=None):
    kit, private = _kit_for(request, slug, share_link=share_link)
    contents = contents_of_kit(kit, url=absolute(kit.get_absolute_url()))
    meta = PageMeta(
        title=kit.title,
        description=summary(kit.summary)
        or _("보도자료, 사진, 발언, 행사 정보를 한 번에 받는 보도자료 키트"),
        path=kit.get_absolute_url(),
    )
    files = [member.path for member in kit_members(contents, [])]
    context = {
        "kit": kit,
        "contents": contents,
        "files": files,
        "meta": meta,
        "is_preview": private,
        "share_link": share_link,
    }
    response = render(request, "presskits/presskit_detail.html", context)
    return mark_private(response) if private else response


def presskit_file(request, slug, path):
    """One file of the kit, made on request exactly as it is inside the ZIP."""
    kit, private = _kit_for(request, slug)
    contents = contents_of_kit(kit, url=absolute(kit.get_absolute_url()))
    member = next((m for m in kit_members(contents, []) if m.path == path), None)
    if member is None:
        raise Http404
    response = StreamingHttpResponse(
        member.chunks(), content_type=mimetypes.guess_type(path)[0] or "application/octet-stream"
    )
    filename = path.rsplit("/", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"download\"; filename*=UTF-8''{quote(filename)}"
    )
    return mark_private(response) if private else response


def presskit_download(request, slug):
    kit, private = _kit_for(request, slug)
    contents = contents_of_kit(kit, url=absolute(kit.get_absolute_url()))
    audit_record(action=Action.EXPORT, actor=request.user, request=request, obj=kit, via="download")
    response = StreamingHttpResponse(presskit_stream(contents), content_type="application/zip")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{kit.pk}.zip\"; filename*=UTF-8''{quote(_zip_name(kit))}"
    )
    return mark_private(response) if private else response


def render_for_share_link(request, kit, link):
    return presskit_detail(request, kit.slug, share_link=link)


@staff_member_required
def export_download(request, name):
    """A kit ZIP an editor exported from the admin; staff only."""
    if not request.user.has_perm("presskits.view_presskit") or "/" in name or ".." in name:
        raise Http404
    path = f"exports/{name}"
    if not default_storage.exists(path):
        raise Http404
    response = FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=name.split("-", 2)[-1]
    )
    return mark_private(response)
