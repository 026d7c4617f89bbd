"""How personal data looks on screens, boards, documents and in announcements (X2)."""

from __future__ import annotations


def mask_middle(value: str, *, keep_start: int, keep_end: int) -> str:
    """Keep the ends, star the middle: 3201**********1234."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + (value[-keep_end:] if keep_end else "")


def mask_resident_id(value: str) -> str:
    return mask_middle(value, keep_start=4, keep_end=4)


def mask_credit_code(value: str) -> str:
    return mask_middle(value, keep_start=4, keep_end=4)


def mask_mobile(value: str) -> str:
    return mask_middle(value, keep_start=3, keep_end=4)


def mask_name(value: str) -> str:
    """张三 → 张**, 杭州某某科技有限公司 → 杭**: the first character stays, so staff can still
    address people; always two stars, so a long name neither fills a column nor shows its
    length."""
    value = value.strip()
    if not value:
        return ""
    return value[0] + "**"
