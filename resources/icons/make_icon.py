"""Draws the program's icon once: resources/icons/dangjian.png (256 px) and dangjian.ico (16-256 px).

An open ledger (台账) in white on a red rounded square, a gold tick on its right page: the program keeps
the branch's books and shows what is done. Drawn for the program; it is deliberately not the party
emblem, which may not be used as a product mark. Run again only to change the drawing:
`python resources/icons/make_icon.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024  # drawn large, then scaled down smoothly
RED, DARK_RED, WHITE, LINE, GOLD = "#C8102E", "#9E0B23", "#FFFFFF", "#E7B9C0", "#F2B418"


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=190, fill=RED)
    d.rounded_rectangle((40, 700, SIZE - 40, SIZE - 40), radius=190, fill=DARK_RED)
    d.rectangle((40, 700, SIZE - 40, 800), fill=DARK_RED)
    # the open book: two pages meeting at a spine in the middle
    left = [(170, 270), (500, 310), (500, 800), (170, 760)]
    right = [(524, 310), (854, 270), (854, 760), (524, 800)]
    d.polygon(left, fill=WHITE)
    d.polygon(right, fill=WHITE)
    d.rectangle((500, 310, 524, 800), fill=LINE)
    # ruled lines on the left page, the ledger's rows
    for i in range(5):
        y = 380 + i * 78
        d.line((220, y + 4 * (1 - i / 5), 450, y + 26), fill=LINE, width=22)
    # a gold tick on the right page
    d.line((600, 540, 680, 630), fill=GOLD, width=64, joint="curve")
    d.line((680, 630, 810, 420), fill=GOLD, width=64, joint="curve")
    return image


def main() -> None:
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "dangjian.png")
    sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    big.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "dangjian.ico", sizes=sizes)


if __name__ == "__main__":
    main()
