from presskits.documents.release import ReleaseSheet


def release_text(sheet: ReleaseSheet) -> str:
    """Plain UTF-8 text for pasting into an editing system."""
    lines = [f"[{sheet.kind}]", f"보도시점: {sheet.embargo}"]
    if sheet.distributed:
        lines.append(f"배포: {sheet.distributed}")
    lines += ["", sheet.headline, *[f"- {d} -" for d in sheet.deck], ""]
    if sheet.lead:
        lines += [sheet.lead, ""]
    lines += [p + "\n" for p in sheet.paragraphs]
    if sheet.captions:
        lines += ["[사진]", *sheet.captions, ""]
    if sheet.attachments:
        lines += ["[붙임]", *[f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1)], ""]
    if sheet.contacts or sheet.department:
        lines.append(f"[담당] {sheet.department}")
        lines += [
            f"{c.role} {c.department} {c.position} {c.name} {c.phone} {c.email}".strip()
            for c in sheet.contacts
        ]
        lines.append("")
    lines += [sheet.copyright, sheet.url, ""]
    return "\n".join(lines)
