"""Fixing on screen: cell edits, batches, undo and redo, and warnings accepted with a reason."""
