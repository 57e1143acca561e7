from core.seo import absolute


def person(person, image_url=None) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": absolute(person.get_absolute_url()),
        "url": absolute(person.get_absolute_url()),
        "name": person.name,
    }
    if person.title:
        data["jobTitle"] = person.title
    if person.organisation:
        data["worksFor"] = {"@type": "Organization", "name": person.organisation.name}
    if image_url:
        data["image"] = image_url
    if person.email:
        data["email"] = person.email
    if person.phone:
        data["telephone"] = person.phone
    return data
