"""Write caption, credit and rights into photo files (XMP in JPEG, PNG and WebP; IPTC IIM in JPEG), streaming.

The picture bytes are never decoded or re-encoded: metadata segments are spliced in after the file's
first header, and the rest of the file is copied through in chunks, so memory stays constant.
"""

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

CHUNK = 64 * 1024


@dataclass(frozen=True)
class PhotoCredits:
    caption: str
    credit: str
    rights_holder: str
    copyright: str
    licence: str
    alt_text: str


def xmp_packet(meta: PhotoCredits) -> bytes:
    def alt(value):
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
   <dc:description>{alt(meta.caption)}</dc:description>
   <dc:rights>{alt(meta.copyright)}</dc:rights>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.rights_holder)}</rdf:li></rdf:Seq></dc:creator>
   <photoshop:Credit>{escape(meta.credit)}</photoshop:Credit>
   <photoshop:Source>{escape(meta.rights_holder)}</photoshop:Source>
   <xmpRights:Marked>True</xmpRights:Marked>
   <xmpRights:UsageTerms>{alt(meta.licence)}</xmpRights:UsageTerms>
   <Iptc4xmpCore:AltTextAccessibility>{alt(meta.alt_text)}</Iptc4xmpCore:AltTextAccessibility>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def _iptc_dataset(record: int, number: int, value: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, number, len(value)) + value


def iptc_block(meta: PhotoCredits) -> bytes:
    """IPTC IIM records in UTF-8 (declared by 1:90), as a Photoshop image resource (8BIM 0x0404)."""
    datasets = _iptc_dataset(1, 90, b"\x1b%G")  # CodedCharacterSet: UTF-8
    datasets += _iptc_dataset(2, 0, b"\x00\x04")  # record version
    for number, value in (
        (120, meta.caption),
        (110, meta.credit),
        (116, meta.copyright),
        (115, meta.rights_holder),
    ):
        if value:
            datasets += _iptc_dataset(2, number, value.encode("utf-8")[:2000])
    resource = (
        b"8BIM"
        + struct.pack(">H", 0x0404)
        + b"\x00\x00"
        + struct.pack(">I", len(datasets))
        + datasets
    )
    if len(datasets) % 2:
        resource += b"\x00"
    return b"Photoshop 3.0\x00" + resource


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _jpeg(meta, read) -> Iterator[bytes]:
    head = read(2)
    if head != b"\xff\xd8":
        raise ValueError("not a JPEG")
    yield head
    # Keep a leading JFIF/EXIF header first, as readers expect; ours follow it.
    first = read(4)
    rest = b""
    if len(first) == 4 and first[0] == 0xFF and first[1] in (0xE0, 0xE1):
        length = struct.unpack(">H", first[2:4])[0]
        yield first + read(length - 2)
    else:
        rest = first
    yield _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(meta))
    yield _segment(0xED, iptc_block(meta))
    if rest:
        yield rest
    while block := read(CHUNK):
        yield block


def _png(meta, read) -> Iterator[bytes]:
    signature = read(8)
    if signature != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    ihdr = read(25)  # length, type, 13 bytes of data, CRC
    yield signature + ihdr
    data = b"iTXt" + b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp_packet(meta)
    yield struct.pack(">I", len(data) - 4) + data + struct.pack(">I", zlib.crc32(data) & 0xFFFFFFFF)
    while block := read(CHUNK):
        yield block


def _webp(meta, read, canvas) -> Iterator[bytes]:
    """RIFF/WebP: mark XMP in the extended header (adding one to a simple file) and append the chunk."""
    header = read(12)
    if header[:4] != b"RIFF" or header[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    riff_size = struct.unpack("<I", header[4:8])[0]
    packet = xmp_packet(meta)
    xmp = b"XMP " + struct.pack("<I", len(packet)) + packet + (b"\x00" if len(packet) % 2 else b"")
    first = read(8)
    kind, size = first[:4], struct.unpack("<I", first[4:8])[0]
    if kind == b"VP8X":
        body = read(size)
        vp8x = first + bytes([body[0] | 0x04]) + body[1:]
        added = len(xmp)
    else:  # a simple lossy/lossless file: give it the extended header that allows metadata
        width, height = canvas
        vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([0x04, 0, 0, 0])
        vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        added = len(vp8x) + len(xmp)
        vp8x += first
    yield b"RIFF" + struct.pack("<I", riff_size + added) + b"WEBP" + vp8x
    while block := read(CHUNK):
        yield block
    yield xmp


def with_credits(
    open_file, fmt: str, meta: PhotoCredits, canvas: tuple[int, int] | None = None
) -> Iterator[bytes]:
    """The file's bytes with credits embedded; `open_file()` returns a fresh binary file each call.

    `canvas` is the stored pixel size, needed only to give a simple WebP file its extended header.
    """
    with open_file() as source:
        if fmt == "jpg":
            yield from _jpeg(meta, source.read)
        elif fmt == "png":
            yield from _png(meta, source.read)
        elif fmt == "webp":
            yield from _webp(meta, source.read, canvas)
        else:
            while block := source.read(CHUNK):
                yield block
