"""The engine: map columns, check them, apply the rules, score, and hold the result."""
