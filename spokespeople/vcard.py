"""Spokespeople as vCard 3.0: a pure function from a person to text."""

import vobject


def _name_parts(name: str):
    # Korean names are family name first, usually one syllable: 하인성 → 하 / 인성.
    if len(name) in (2, 3, 4) and all("\uac00" <= ch <= "\ud7a3" for ch in name):
        return name[0], name[1:]
    return "", name


def person_to_vcard(person, *, site_url: str, office_phone: str = "") -> str:
    """`office_phone` stands in when the person publishes no number of their own: press calls go there."""
    card = vobject.vCard()
    card.add("fn").value = person.name
    family, given = _name_parts(person.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if person.organisation:
        card.add("org").value = [person.organisation.name]
    if person.title:
        card.add("title").value = person.title
    if person.phone or office_phone:
        tel = card.add("tel")
        tel.value = person.phone or office_phone
        tel.type_param = "WORK"
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = "INTERNET"
    card.add("url").value = site_url + person.get_absolute_url()
    return card.serialize()
