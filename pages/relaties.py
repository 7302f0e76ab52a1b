"""Relaties: every row of the relatiesbestand with its issues, filterable and searchable."""

from dq.spec.fields import RELATIES
from ui import rows

rows.page(RELATIES)
