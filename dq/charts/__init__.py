"""Plotly figures of a check and of progress, shared by the app, the report and notebooks."""
