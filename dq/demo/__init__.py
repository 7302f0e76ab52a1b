"""The deterministic, realistically messy demo office."""
