"""The release as plain UTF-8 text, for pasting into an editing system.

The outline keeps its marks and depth (two spaces per level), links show their address after the
text, tables become one line per row and photos a `[사진]` line with caption and credit.
"""

from presskits.documents.outline import Image, Table, block_text
from presskits.documents.release import ReleaseSheet

INDENT = "  "


def _block_lines(block) -> list[str]:
    if isinstance(block, Image):
        return [block_text(block)]
    depth = getattr(block, "depth", 0)
    if isinstance(block, Table):
        return [INDENT * depth + line for line in block_text(block, addresses=True).splitlines()]
    lines = block_text(block, addresses=True).split("\n")
    hang = " " * (len(block.label) + 1 if block.label else 0)
    return [INDENT * depth + lines[0], *[INDENT * depth + hang + line for line in lines[1:]]]


def release_text(sheet: ReleaseSheet) -> str:
    lines = [sheet.letterhead.name, f"[{sheet.kind}]", f"보도시점: {sheet.embargo}"]
    lines.append(f"배포: {sheet.distributed_or_dash}")
    if sheet.department:
        lines.append(f"담당부서: {sheet.department}")
    lines += ["", sheet.headline, *[f"- {d} -" for d in sheet.deck], ""]
    for block in sheet.outline:
        lines += _block_lines(block)
        lines.append("")
    if sheet.captions:
        lines += ["[사진 설명]", *[f"* {c}" for c in sheet.captions], ""]
    for label, value in sheet.facts:
        lines.append(f"{label}: {value}")
    if sheet.facts:
        lines.append("")
    if sheet.attachments:
        lines += ["[붙임]", *[f"{i}. {t}" for i, t in enumerate(sheet.attachments, 1)], ""]
    if sheet.contacts or sheet.department:
        lines.append(f"[담당] {sheet.department}")
        lines += [
            f"{c.role} {c.department} {c.position} {c.name} {c.phone} {c.email}".strip()
            for c in sheet.contacts
        ]
        lines.append("")
    lines += ["―" * 20, *sheet.footer_lines, ""]
    return "\n".join(lines)
