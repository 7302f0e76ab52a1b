"""Bytes in, a table of text out, within limits; knows no field."""
