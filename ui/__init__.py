"""Streamlit helpers shared by the pages: session state, masking, labels, styling and views.

Only this package and `pages/` import streamlit; the engine (`dq`) never does.
"""
