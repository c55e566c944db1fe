"""Renderers: a Result in, text / JSON / HTML out. They never touch the engine."""

from .text import render_text

__all__ = ["render_text"]
