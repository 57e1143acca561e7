import ipaddress

from django.conf import settings

from audit.models import AuditEvent


def _valid_ip(value):
    """`value` as a normalised IP address, or None when it is not one (a header can hold anything)."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address: the one our own proxies saw, never one the client wrote itself.

    With TRUSTED_PROXY_COUNT = N > 0, each of our N proxies appended the address it was talking to, so
    the client is the N-th entry from the right of X-Forwarded-For; entries further left came from the
    client and are ignored. A missing, short or invalid header falls back to the socket address. Used by
    the audit trail, share-link opens and the login lock-out alike.
    """
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    return _valid_ip(hops[-count]) or remote


def audit_record(
    *, action, actor=None, request=None, obj=None, actor_label="", **details
) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor else ""),
        ip=client_ip(request),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details={k: v for k, v in details.items() if v not in (None, "")},
    )
