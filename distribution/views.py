from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.views import mark_private
from distribution.forms import SubscribeForm
from distribution.services import (
    CONFIRM_DAYS,
    CONFIRM_SALT,
    STOP_SALT,
    subscribe,
    subscribe_allowed,
    subscriber_for,
    subscription_confirm,
    subscription_stop,
    unsubscribe,
    unsubscribe_delivery,
)


@csrf_exempt  # the signed token is the authority; mail programs post without a cookie (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET: a page with one button. POST: done (also a mail program's one-click request)."""
    if request.method == "POST":
        done = unsubscribe(token, request=request)
    else:
        done = None
        if unsubscribe_delivery(token) is None:
            raise Http404
    if request.method == "POST" and done is None:
        raise Http404
    response = render(request, "distribution/unsubscribe.html", {"done": done is not None})
    response["X-Robots-Tag"] = "noindex"
    return mark_private(response)


def subscribe_view(request):
    """The public form: e-mail, categories, consent. The same answer whatever the address."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and not subscribe_allowed(request):
        response = render(request, "distribution/subscribe.html", {"form": form, "busy": True})
        response.status_code = 429
        return mark_private(response)
    if request.method == "POST" and form.is_valid():
        subscribe(
            email=form.cleaned_data["email"],
            categories=form.cleaned_data["categories"],
            request=request,
        )
        return mark_private(render(request, "distribution/subscribe_sent.html"))
    response = render(
        request, "distribution/subscribe.html", {"form": form}, status=400 if form.errors else 200
    )
    return mark_private(response)


@require_http_methods(["GET", "POST"])
def subscription_confirm_view(request, token):
    """GET shows a button (link scanners in mail programs must not confirm); POST confirms."""
    if request.method == "POST":
        subscriber = subscription_confirm(token, request=request)
        if subscriber is None:
            raise Http404
        return mark_private(render(request, "distribution/subscribe_confirmed.html"))
    if subscriber_for(token, CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS)) is None:
        raise Http404
    return mark_private(render(request, "distribution/subscribe_confirm.html"))


@csrf_exempt  # one click from the mail program (RFC 8058): the signed token is the authority
@require_http_methods(["GET", "POST"])
def subscription_stop_view(request, token):
    if request.method == "POST":
        if subscription_stop(token, request=request) is None:
            raise Http404
        done = True
    else:
        if subscriber_for(token, STOP_SALT) is None:
            raise Http404
        done = False
    response = render(
        request, "distribution/unsubscribe.html", {"done": done, "subscription": True}
    )
    response["X-Robots-Tag"] = "noindex"
    return mark_private(response)
