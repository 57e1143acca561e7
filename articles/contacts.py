"""The 보도 담당자 list of the release form: staff grouped by department, the release's own first."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from organisations.models import PressContact


@dataclass
class ContactChoice:
    contact: PressContact
    role: str  # the role this person usually has in a release's 담당자 table


@dataclass
class DepartmentGroup:
    name: str
    is_default: bool
    choices: list[ContactChoice] = field(default_factory=list)


def usual_role(contact: PressContact, last_role: str | None) -> str:
    """The role a person is listed with unless changed: the one they had last time, else by rank.

    Titles ending in 장 (팀장, 실장, 단장, 센터장, 본부장) head a unit and stand as 책임자.
    """
    from articles.models import ContactRole

    if last_role:
        return last_role
    return (
        ContactRole.RESPONSIBLE if contact.position.strip().endswith("장") else ContactRole.CONTACT
    )


def contact_groups(*, department: str, chosen_ids=()) -> list[DepartmentGroup]:
    """Active staff (and anyone already chosen), grouped by department; `department` comes first."""
    from articles.models import ArticleContact

    last_role = ArticleContact.objects.filter(contact=OuterRef("pk")).order_by("-id").values("role")
    contacts = (
        PressContact.objects.filter(Q(is_active=True) | Q(pk__in=list(chosen_ids)))
        .annotate(last_role=Subquery(last_role[:1]))
        .order_by("department", "name")
    )
    groups: dict[str, DepartmentGroup] = {}
    wanted = (department or "").strip()
    for contact in contacts:
        group = groups.setdefault(
            contact.department,
            DepartmentGroup(name=contact.department, is_default=contact.department == wanted),
        )
        group.choices.append(ContactChoice(contact, usual_role(contact, contact.last_role)))
    return sorted(groups.values(), key=lambda group: (not group.is_default, group.name))


def department_of(user) -> str:
    """The department of the staff member signed in, when they are on the 담당자 list by e-mail."""
    if not user.email:
        return ""
    contact = PressContact.objects.filter(email__iexact=user.email, is_active=True).first()
    return contact.department if contact else ""
