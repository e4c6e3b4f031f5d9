"""Draw the default cover pictures, one per sector group, into static/img/covers/.

    .venv/bin/python tools/cover_defaults.py

Calm abstract shapes in the platform's colours, 1200 × 630 (the size of a page picture and
a link preview; cards crop them to 16:9). They say nothing about a challenge, so pages
show them as decoration (alt=""). The groups are app.challenges.covers.SECTOR_GROUPS.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 630
SCALE = 2  # drawn at twice the size, then reduced: smooth edges
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "covers"
BRAND, DARK, MINT, LIGHT, PALE = "#0b5560", "#083f47", "#5ec4b6", "#e3f1ef", "#f3f7f7"


def _canvas(background: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGBA", (WIDTH * SCALE, HEIGHT * SCALE), background)
    return image, ImageDraw.Draw(image, "RGBA")


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    return (int(x0 * SCALE), int(y0 * SCALE), int(x1 * SCALE), int(y1 * SCALE))


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), alpha)


def care(draw: ImageDraw.ImageDraw) -> None:
    """Two overlapping circles: people side by side."""
    draw.ellipse(_box(300, 110, 710, 520), fill=_rgba(MINT, 200))
    draw.ellipse(_box(520, 110, 930, 520), fill=_rgba(BRAND, 150))


def learning(draw: ImageDraw.ImageDraw) -> None:
    """Steps of rounded bars, rising."""
    for step in range(5):
        x = 220 + step * 160
        draw.rounded_rectangle(_box(x, 470 - step * 70, x + 130, 520), radius=24 * SCALE,
                               fill=_rgba(BRAND if step % 2 else MINT, 170 + step * 15))


def city(draw: ImageDraw.ImageDraw) -> None:
    """Blocks of different heights on a calm line."""
    for x, top, colour in ((180, 300, MINT), (330, 200, BRAND), (480, 340, MINT),
                           (630, 250, DARK), (780, 320, BRAND), (930, 380, MINT)):
        draw.rectangle(_box(x, top, x + 120, 500), fill=_rgba(colour, 190))
    draw.rectangle(_box(120, 500, 1080, 512), fill=_rgba(DARK, 230))


def nature(draw: ImageDraw.ImageDraw) -> None:
    """A sun over two soft hills."""
    draw.ellipse(_box(780, 90, 960, 270), fill=_rgba(MINT, 220))
    draw.ellipse(_box(-200, 380, 800, 900), fill=_rgba(BRAND, 170))
    draw.ellipse(_box(400, 420, 1500, 960), fill=_rgba(MINT, 190))


def society(draw: ImageDraw.ImageDraw) -> None:
    """Points joined into a network."""
    points = [(260, 200), (470, 380), (640, 170), (820, 400), (980, 230), (560, 520)]
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        draw.line(_box(x0, y0, x1, y1), fill=_rgba(BRAND, 140), width=8 * SCALE)
    for index, (x, y) in enumerate(points):
        radius = 46 if index % 2 else 34
        draw.ellipse(_box(x - radius, y - radius, x + radius, y + radius),
                     fill=_rgba(MINT if index % 2 else BRAND, 235))


def general(draw: ImageDraw.ImageDraw) -> None:
    """Calm diagonal bands."""
    for index, colour in enumerate((MINT, BRAND, MINT)):
        offset = 300 + index * 220
        draw.polygon([(int((offset + dx) * SCALE), int(y * SCALE)) for dx, y in
                      ((0, 630), (160, 630), (560, 0), (400, 0))], fill=_rgba(colour, 120))


DRAWINGS = {"care": (care, PALE), "learning": (learning, LIGHT), "city": (city, PALE),
            "nature": (nature, LIGHT), "society": (society, PALE), "general": (general, LIGHT)}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (draw_shapes, background) in DRAWINGS.items():
        image, draw = _canvas(background)
        draw_shapes(draw)
        small = image.convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        small.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(
            OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png", (OUT / f"{name}.png").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
