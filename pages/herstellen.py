"""Herstellen: fix cells on screen, re-checked at once; undo, apply to all, accept warnings."""

from ui import fix

fix.page()
