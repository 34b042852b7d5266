"""App icons in the Jobcenter's colour, drawn with Pillow: no image files to keep per Jobcenter.

A white "speech and person" mark on the brand colour. ``maskable`` icons keep the mark inside the
inner 80 % (the safe zone launchers may crop to a circle); normal icons have rounded corners.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

SIZES = (192, 512)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@lru_cache(maxsize=64)
def icon_png(colour: str, size: int, *, maskable: bool = False) -> bytes:
    scale = 4  # draw large, then shrink: smooth edges without an anti-aliasing library
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    background = (*_rgb(colour), 255)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=background)
        inset = big * 0.22
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.2, fill=background)
        inset = big * 0.16
    white = (255, 255, 255, 255)
    box = big - 2 * inset
    # A person: head and shoulders.
    head_r = box * 0.14
    cx, cy = inset + box * 0.36, inset + box * 0.36
    draw.ellipse((cx - head_r, cy - head_r, cx + head_r, cy + head_r), fill=white)
    draw.pieslice(
        (cx - box * 0.26, cy + head_r * 1.2, cx + box * 0.26, cy + head_r * 1.2 + box * 0.52), 180, 360, fill=white
    )
    # A speech bubble at the upper right: talking to the Jobcenter.
    bx0, by0 = inset + box * 0.56, inset + box * 0.08
    bx1, by1 = inset + box * 0.98, inset + box * 0.40
    draw.rounded_rectangle((bx0, by0, bx1, by1), radius=box * 0.07, fill=white)
    draw.polygon(
        [(bx0 + box * 0.06, by1 - 1), (bx0 + box * 0.18, by1 - 1), (bx0 + box * 0.02, by1 + box * 0.1)], fill=white
    )
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
