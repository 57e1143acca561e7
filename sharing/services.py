from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record, client_ip
from core.signals import content_changed
from sharing.models import ShareLink, ShareLinkOpen, Use, hash_token
from sharing.tasks import send_share_mail

SESSION_KEY = "share_links"
DEFAULT_LIFETIME = timedelta(days=3)


@transaction.atomic
def sharelink_create(*, link: ShareLink, by, request=None) -> str:
    """Store a personal link (an unsaved ShareLink naming its target and recipient).

    Returns the token, which is never stored and can be shown only now.
    """
    token = ShareLink.new_token()
    link.token_hash = hash_token(token)
    link.created_by = by
    if link.expires_at is None:
        link.expires_at = timezone.now() + DEFAULT_LIFETIME
    link.save()
    stamped = distributed_stamp(link.target)
    audit_record(
        action=Action.SHARE_CREATE, actor=by, request=request, obj=link.target,
        recipient=str(link), expires_at=link.expires_at.isoformat(), link=link.pk,
    )  # fmt: skip
    # A stamped 배포일시 changes what the item's documents say; otherwise the link only needs
    # the item's kit to exist.
    changed = type(link.target)._default_manager.get(pk=link.target.pk) if stamped else link
    content_changed.send(sender=type(changed), instance=changed)
    if link.recipient_email:
        _mail_to_recipient(link, token)
    return token


def _mail_to_recipient(link: ShareLink, token: str) -> None:
    """Queue the e-mail that hands the address to the recipient; it exists once the link commits.

    The task row carries the address until its run ends (see `sharing.tasks` for why and how long).
    """
    send_share_mail.enqueue(link.pk, settings.SITE_URL + ShareLink.url_for(token))


def sharelink_issue(
    *, target, recipient_name, recipient_organisation="", purpose="", expires_at, by
) -> tuple[ShareLink, str]:
    """A personal link made by a service that reports on it itself (a release mailing): no e-mail
    and no signal of its own. Returns the link and its token, which is never stored."""
    token = ShareLink.new_token()
    link = ShareLink.objects.create(
        target=target,
        recipient_name=recipient_name[:100],
        recipient_organisation=recipient_organisation[:100],
        purpose=purpose[:200],
        token_hash=hash_token(token),
        expires_at=expires_at,
        created_by=by,
    )
    return link, token


def distributed_stamp(target) -> bool:
    """Sending a release to a journalist distributes it: 배포일시 is stamped if it was empty.

    The version moves on too, so an editor's open form with the old, empty value is refused
    instead of wiping the stamp.
    """
    if getattr(target, "distributed_at", False) is not None:
        return False
    return bool(
        type(target)
        ._default_manager.filter(pk=target.pk, distributed_at__isnull=True)
        .update(distributed_at=timezone.now(), version=F("version") + 1)
    )


@transaction.atomic
def sharelink_revoke(*, link: ShareLink, by, request=None) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(
            action=Action.SHARE_REVOKE,
            actor=by,
            request=request,
            obj=link.target,
            recipient=str(link),
        )
    return link


def sharelink_open(*, token: str, request) -> ShareLink | None:
    """Find a valid link for `token`, log the open, and remember it in the visitor's session."""
    link = ShareLink.objects.valid().for_token(token).select_related("content_type").first()
    if link is None:
        return None
    ShareLinkOpen.objects.create(
        link=link, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
    )
    audit_record(
        action=Action.SHARE_OPEN,
        request=request,
        obj=link.target,
        actor_label=str(link),
        link=link.pk,
    )
    granted = set(request.session.get(SESSION_KEY, []))
    if link.pk not in granted:
        request.session[SESSION_KEY] = [*granted, link.pk]
    return link


def session_links(request):
    """Links this visitor opened that are still valid (expiry and revocation apply at once)."""
    ids = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not ids:
        return ShareLink.objects.none()
    return ShareLink.objects.valid().filter(pk__in=ids)


def sharelink_record_kit(request, obj) -> None:
    """A kit downloaded by someone holding personal links to `obj`: one line per link, for the
    distribution report. No query at all for a visitor without links."""
    from django.contrib.contenttypes.models import ContentType

    if not (hasattr(request, "session") and request.session.get(SESSION_KEY)):
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    for link in session_links(request).filter(content_type=content_type, object_id=obj.pk):
        ShareLinkOpen.objects.create(
            link=link,
            what=Use.KIT,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )


def visitor_holds_link(request, obj) -> bool:
    """Whether this visitor opened a still-valid share link to `obj` in this browser session."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(type(obj))
    return session_links(request).filter(content_type=content_type, object_id=obj.pk).exists()
