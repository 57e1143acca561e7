"""Draws the demo photos: simple illustrations made on the spot, so the demo ships no stock images."""

import io
import random

from PIL import Image, ImageDraw

SIZE = (1600, 1067)


def _gradient(top, bottom):
    image = Image.new("RGB", SIZE, top)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / SIZE[1]
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=colour)
    return image, draw


def _battery(draw, rnd):
    for i in range(4):
        x = 220 + i * 320
        draw.rounded_rectangle(
            [x, 380, x + 200, 820], radius=24, fill=(240, 244, 248), outline=(20, 60, 110), width=10
        )
        draw.rectangle([x + 70, 340, x + 130, 380], fill=(20, 60, 110))
        level = rnd.randint(2, 4)
        for j in range(level):
            draw.rectangle([x + 30, 690 - j * 95, x + 170, 760 - j * 95], fill=(46, 160, 90))


def _expo(draw, rnd):
    draw.rectangle([0, 820, SIZE[0], SIZE[1]], fill=(90, 96, 110))
    for i in range(5):
        x = 120 + i * 290
        draw.rectangle([x, 420, x + 220, 820], fill=(0, 80, 143), outline=(255, 255, 255), width=6)
        draw.rectangle([x + 20, 440, x + 200, 520], fill=(255, 255, 255))
    for _ in range(14):
        x = rnd.randint(80, SIZE[0] - 80)
        draw.ellipse([x - 28, 760, x + 28, 816], fill=(250, 210, 170))
        draw.rounded_rectangle(
            [x - 40, 816, x + 40, 1000],
            radius=20,
            fill=rnd.choice([(200, 60, 60), (60, 60, 70), (40, 120, 200)]),
        )


def _persimmon(draw, rnd):
    draw.rectangle([0, 880, SIZE[0], SIZE[1]], fill=(120, 150, 70))
    draw.rectangle([760, 420, 840, 900], fill=(110, 70, 40))
    draw.ellipse([380, 120, 1220, 620], fill=(60, 120, 60))
    for _ in range(28):
        x, y = rnd.randint(440, 1160), rnd.randint(180, 560)
        draw.ellipse(
            [x - 34, y - 30, x + 34, y + 30], fill=(240, 120, 30), outline=(200, 90, 20), width=3
        )
    draw.rounded_rectangle([1080, 820, 1360, 980], radius=30, fill=(170, 120, 60))


def _network(draw, rnd):
    points = [(300, 560), (560, 720), (1300, 420)]
    for a in points:
        for b in points:
            if a < b:
                draw.line([a, b], fill=(255, 255, 255), width=8)
    for x, y in points:
        draw.ellipse(
            [x - 70, y - 70, x + 70, y + 70], fill=(255, 191, 71), outline=(255, 255, 255), width=8
        )
    for _ in range(40):
        x, y = rnd.randint(0, SIZE[0]), rnd.randint(0, SIZE[1])
        draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=(200, 220, 255))


MOTIFS = {
    "battery": (((214, 230, 245), (120, 170, 210)), _battery),
    "expo": (((235, 238, 242), (170, 180, 195)), _expo),
    "persimmon": (((250, 224, 180), (170, 210, 240)), _persimmon),
    "network": (((10, 40, 90), (40, 110, 170)), _network),
}


def draw_photo(motif: str, seed: str) -> bytes:
    (top, bottom), painter = MOTIFS[motif]
    image, draw = _gradient(top, bottom)
    painter(draw, random.Random(seed))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
