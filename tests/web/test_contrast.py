"""The colors of app.css meet WCAG AA contrast (4.5:1) for the text they carry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "src/clearair/web/static/app.css").read_text()
VARS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))

#: (text color, background) pairs the stylesheet uses for text.
PAIRS = [
    ("ink", "bg"),
    ("ink", "panel"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("accent", "bg"),
    ("accent", "panel"),
    ("accent-ink", "accent"),
    ("problem", "problem-bg"),
    ("problem", "bg"),
    ("strength", "strength-bg"),
    ("strength", "panel"),
    ("panel", "ink"),  # tooltips
    ("ink", "warn-bg"),
    ("accent-ink", "problem"),  # danger buttons
]


def luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast_is_at_least_aa(text: str, background: str) -> None:
    ratio = contrast(VARS[text], VARS[background])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
