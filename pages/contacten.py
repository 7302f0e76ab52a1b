"""Contacten: every row of the contactenbestand with its issues, filterable and searchable."""

from dq.spec.fields import CONTACTEN
from ui import rows

rows.page(CONTACTEN)
