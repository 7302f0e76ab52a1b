"""What a relatie is (type, rechtsvorm, products, tijdvakken), as boolean columns the rules read."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dq.spec.catalog import Catalog

_ACTIVE = ("maand", "kwartaal", "jaar", "vier weken", "halfjaar")
#: The fields a Context is built from: an edit of one of them changes what a relatie is.
CONTEXT_FIELDS = ("type", "rechtsvorm", "tijdvak_btw", "tijdvak_lh", "tijdvak_icp", "producten")


@dataclass
class Context:
    """Normalised type, rechtsvorm, tijdvakken and product flags of every relatie row.

    Built once from the field outcomes; requiredness rules and cross-field rules read it.
    """

    index: pd.Index
    type: pd.Series
    rechtsvorm: pd.Series
    tijdvak_btw: pd.Series
    tijdvak_lh: pd.Series
    tijdvak_icp: pd.Series
    products: pd.DataFrame  # one bool column per canonical product
    catalog: Catalog

    @classmethod
    def build(cls, normal: dict[str, pd.Series], catalog: Catalog, index: pd.Index) -> Context:
        """From normalised columns (missing fields become empty columns)."""

        def col(name: str) -> pd.Series:
            return normal.get(name, pd.Series(pd.NA, index=index, dtype="str"))

        return cls(
            index=index,
            type=col("type"),
            rechtsvorm=col("rechtsvorm"),
            tijdvak_btw=col("tijdvak_btw"),
            tijdvak_lh=col("tijdvak_lh"),
            tijdvak_icp=col("tijdvak_icp"),
            products=product_flags(col("producten_list"), catalog, index),
            catalog=catalog,
        )

    def _false(self) -> pd.Series:
        return pd.Series(False, index=self.index)

    @property
    def persoon(self) -> pd.Series:
        """Rows of type persoon."""
        return self.type.eq("persoon").fillna(False).astype(bool)

    @property
    def organisatie(self) -> pd.Series:
        """Rows of type organisatie."""
        return self.type.eq("organisatie").fillna(False).astype(bool)

    def rechtsvorm_has(self, attribute: str, value: object = True) -> pd.Series:
        """Rows whose rechtsvorm has `attribute == value` (e.g. profit_tax == "vpb")."""
        wanted = {r.value for r in self.catalog.rechtsvormen if getattr(r, attribute) == value}
        return self.rechtsvorm.isin(wanted).fillna(False).astype(bool)

    def is_rechtsvorm(self, value: str) -> pd.Series:
        """Rows with this canonical rechtsvorm."""
        return self.rechtsvorm.eq(value).fillna(False).astype(bool)

    @property
    def rsin_required(self) -> pd.Series:
        """Organisaties whose rechtsvorm has an RSIN."""
        return self.organisatie & self.rechtsvorm_has("has_rsin")

    def product(self, name: str) -> pd.Series:
        """Rows that take this product."""
        if name in self.products:
            return self.products[name]
        return self._false()

    @staticmethod
    def _active(tijdvak: pd.Series) -> pd.Series:
        return tijdvak.isin(_ACTIVE).fillna(False).astype(bool)

    @property
    def btw_active(self) -> pd.Series:
        """Rows with a btw workflow: the product or a BTW tijdvak other than geen."""
        return self.product("Aangifte BTW") | self._active(self.tijdvak_btw)

    @property
    def lh_active(self) -> pd.Series:
        """Rows with a loonheffingen workflow."""
        return self.product("Loonadministratie") | self._active(self.tijdvak_lh)

    @property
    def icp_active(self) -> pd.Series:
        """Rows with an ICP workflow."""
        return self.product("Opgaaf ICP") | self._active(self.tijdvak_icp)


@dataclass
class ContactContext:
    """What the requiredness rules of Contacten read: which cells are filled."""

    presence: dict[str, pd.Series]

    def filled(self, key: str) -> pd.Series:
        """Rows where the field has a value."""
        return self.presence[key]


def product_flags(items: pd.Series, catalog: Catalog, index: pd.Index) -> pd.DataFrame:
    """Bool matrix rows x products from canonical product items (index = row, repeated)."""
    labels = items.index.to_numpy()
    return pd.DataFrame(
        {p.value: index.isin(labels[(items == p.value).to_numpy()]) for p in catalog.products},
        index=index,
    )
