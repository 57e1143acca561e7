from django import template

from desk.sections import desk_for

register = template.Library()


@register.inclusion_tag("desk/desk.html", takes_context=True)
def desk_panel(context):
    """The signed-in staff member's desk, shown on the admin home."""
    return {**desk_for(context["request"].user), "request": context["request"]}
