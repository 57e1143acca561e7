"""One way to make the office's e-mail: a subject, a text body and an HTML body from three templates.

`templated_mail("sharing/email/share_link", context, to)` renders `share_link_subject.txt`,
`share_link.txt` and `share_link.html` in Korean (or in `language`), joins the subject onto one line,
and sends from DEFAULT_FROM_EMAIL with the press office's address to reply to.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def templated_mail(
    template: str, context: dict, to: str, *, headers=None, language=None
) -> EmailMultiAlternatives:
    office = settings.PRESS_OFFICE
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[office["email"]] if office.get("email") else None,
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message
