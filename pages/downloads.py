"""Downloads: every file the office gets, built on click from the check as it stands now."""

from __future__ import annotations

import streamlit as st

from ui import frame, handover, nav, state

frame.page_header(
    "Downloads",
    "Alles voor de overdracht: de fixlijst, het gereedheidsrapport, de opgeschoonde bestanden, "
    "de importbestanden in de indeling van Mijn Kantoor en de lege importbestanden. Elk bestand "
    "bevat de bewerkingen, correcties en geaccepteerde waarschuwingen van deze sessie.",
)
report = state.report()
if report is None:
    st.info("Er zijn nog geen bestanden gecontroleerd. Begin op de pagina Bestanden.")
    st.page_link(nav.BESTANDEN.path, label="Naar Bestanden", icon=nav.BESTANDEN.icon)
else:
    masked = state.masked()
    edits = state.edits()
    handover.name_caption()
    allowed = handover.full_data_confirmed("downloads")
    st.subheader("Fixlijst")
    st.caption(
        "De lijst om in te vullen. "
        + ("BSN en RSIN gemaskeerd (presentatiemodus). " if masked else "Volledige nummers. ")
        + "Ingevuld terugzetten kan op de pagina Fixlijst."
    )
    handover.fixlist_buttons(report, masked, False, masked or allowed, "downloads_fixlijst")
    st.subheader("Gereedheidsrapport")
    st.caption("Eén HTML-bestand om te mailen, ook offline leesbaar; zonder BSN of andere waarden.")
    handover.report_button(report)
    st.subheader("Opgeschoonde bestanden")
    st.markdown("**In de eigen indeling van het kantoor**")
    st.caption(
        "Elke rij en kolom van het origineel, met de zekere reparaties en alle wijzigingen van "
        "deze sessie; het blad of bestand Wijzigingen noemt per cel de bron."
    )
    handover.cleaned_buttons(report, edits, allowed)
    st.markdown("**In de indeling van Mijn Kantoor (importbestanden)**")
    st.caption(
        "Precies de kolommen, volgorde en kopteksten van het lege importbestand; kolommen van "
        "het kantoor die niet worden geïmporteerd, staan op het blad Uitleg."
    )
    handover.import_section(report, edits, allowed)
st.subheader("Lege importbestanden")
st.caption("Met keuzelijsten, uitleg per kolom en een voorbeeldblad; alle kolommen als tekst.")
handover.template_buttons(report.catalog if report is not None else None)
