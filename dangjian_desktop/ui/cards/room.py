"""The room left on the printed wall card, shown in the card editor while the clauses are typed."""

from __future__ import annotations

from dangjian_desktop.core.cards import Card

WARN_STYLE = "color: #b36b00;"
OK_STYLE = "color: #1b7d2c;"


def room_text(card: Card, per_page: int) -> tuple[str, str]:
    """The sentence and its colour: characters still free, or that the card runs onto another sheet
    (the type never goes below 14 pt one to a page, 12 pt two to a page)."""
    from dangjian_desktop.documents.cards import card_chars_left

    left = card_chars_left(card, per_page=per_page)
    layout = "每页一张" if per_page == 1 else "每页两张"
    if left < 0:
        if per_page == 1:
            return f"上墙明白卡（{layout}）：已超出一页，将续印第二张", WARN_STYLE
        return f"上墙明白卡（{layout}）：已超出半页，将续印到下一半页（可改为每页一张打印）", WARN_STYLE
    if left == 0:
        return f"上墙明白卡（{layout}）：本页已基本写满，再写将续印下一张", WARN_STYLE
    return f"上墙明白卡（{layout}）：还可写约 {left} 字", OK_STYLE
