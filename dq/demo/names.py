"""Small built-in word lists for the demo office (no real personal data, only common words)."""

FIRST_NAMES: list[str] = [
    "Jan", "Pieter", "Kees", "Willem", "Henk", "Gerrit", "Johan", "Marco", "Dennis", "Sander",
    "Bas", "Thijs", "Joost", "Ruud", "Erik", "Martijn", "Jeroen", "Daan", "Sem", "Lucas",
    "Ahmed", "Mohamed", "Ömer", "René", "Noël", "Anna", "Maria", "Els", "Ingrid", "Petra",
    "Monique", "Sandra", "Linda", "Marieke", "Annemiek", "Sanne", "Lotte", "Femke", "Iris",
    "Eva", "Emma", "Julia", "Fatima", "Yasmina", "Chloë", "Inge", "Karin", "Wendy", "Mirjam",
    "Esther",
]  # fmt: skip

# (tussenvoegsel, achternaam): Dutch surnames keep their own particle.
SURNAMES: list[tuple[str, str]] = [
    ("", "Jansen"), ("de", "Vries"), ("", "Bakker"), ("", "Visser"), ("", "Smit"),
    ("", "Meijer"), ("", "Mulder"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"),
    ("", "Dekker"), ("", "Brouwer"), ("van", "Dijk"), ("de", "Wit"), ("", "Dijkstra"),
    ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"),
    ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("van den", "Berg"),
    ("", "Schouten"), ("van der", "Beek"), ("", "Willems"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("", "Prins"), ("van", "Leeuwen"), ("", "Postma"),
    ("", "Kuipers"), ("", "Vink"), ("", "Wouters"), ("de", "Groot"), ("", "Huisman"),
    ("", "Kramer"), ("", "Yilmaz"), ("", "Boukhari"), ("", "Veldhuis"), ("", "Hermans"),
    ("van den", "Brink"), ("", "Kaya"), ("", "Molenaar"), ("", "Timmermans"), ("de", "Boer"),
    ("van der", "Sluis"), ("", "Zwart"), ("", "Wiersma"), ("van den", "Bosch"),
    ("de", "Koning"), ("", "Blom"), ("de", "Jong"), ("van", "Vliet"), ("ter", "Horst"),
    ("in 't", "Veld"),
]  # fmt: skip

COMPANY_STEMS: list[str] = [
    "Noord", "Zuid", "Polder", "Delta", "Kroon", "Eiken", "Linde", "Horizon", "Zonnebloem",
    "Molen", "Haven", "Duin", "Brug", "Vlinder", "Zwaluw", "Toren", "Dijkzicht", "Kompas",
    "Anker", "Eendracht", "Vooruit", "Oranje", "Lindeboom", "Morgenster",
]  # fmt: skip

SECTORS: list[str] = [
    "Bouw", "Installatietechniek", "Advies", "Logistiek", "Transport", "Schilderwerken",
    "Hoveniers", "ICT", "Consultancy", "Vastgoed", "Horeca", "Bakkerij", "Autobedrijf",
    "Tandartspraktijk", "Fysiotherapie", "Kapsalon", "Reclame", "Webdesign", "Dakwerken",
    "Metaalbewerking", "Groothandel", "Klusbedrijf", "Timmerwerken", "Catering",
]  # fmt: skip

PARTNERSHIP_TRADES: list[str] = [
    "Huisartsenpraktijk", "Advocatenkantoor", "Notariskantoor", "Dierenartsenpraktijk",
    "Architectenbureau", "Maatschap",
]  # fmt: skip

CLUB_KINDS: list[str] = [
    "Voetbalvereniging", "Tennisvereniging", "Muziekvereniging", "Ondernemersvereniging",
    "Hockeyclub", "IJsclub", "Vereniging Dorpshuis",
]  # fmt: skip

EMAIL_PROVIDERS: list[str] = [
    "ziggo.nl", "kpnmail.nl", "hetnet.nl", "xs4all.nl", "planet.nl", "home.nl", "live.nl",
    "hotmail.nl", "outlook.nl", "upcmail.nl", "casema.nl", "online.nl",
]  # fmt: skip

# (plaats, first and last 4-digit postcode of a made-up but plausible range)
TOWNS: list[tuple[str, int, int]] = [
    ("Amsterdam", 1011, 1109), ("Rotterdam", 3011, 3089), ("Utrecht", 3511, 3585),
    ("Den Haag", 2491, 2599), ("Eindhoven", 5611, 5658), ("Groningen", 9711, 9747),
    ("Tilburg", 5011, 5049), ("Almere", 1311, 1363), ("Breda", 4811, 4839),
    ("Nijmegen", 6511, 6546), ("Apeldoorn", 7311, 7339), ("Haarlem", 2011, 2037),
    ("Arnhem", 6811, 6846), ("Enschede", 7511, 7548), ("Amersfoort", 3811, 3829),
    ("Zwolle", 8011, 8047), ("Leiden", 2311, 2334), ("Maastricht", 6211, 6229),
    ("Dordrecht", 3311, 3329), ("Deventer", 7411, 7431), ("Delft", 2611, 2629),
    ("Alkmaar", 1811, 1827), ("Leeuwarden", 8911, 8941), ("Zeist", 3701, 3709),
    ("Hoorn", 1621, 1628), ("Gouda", 2801, 2809), ("Venlo", 5911, 5928), ("Assen", 9401, 9409),
    ("Ede", 6711, 6718), ("Doetinchem", 7001, 7009), ("Middelburg", 4331, 4339),
    ("Goes", 4461, 4465), ("Roermond", 6041, 6046), ("'s-Hertogenbosch", 5211, 5237),
    ("Woerden", 3441, 3449), ("Heerenveen", 8441, 8449), ("Emmen", 7811, 7825),
]  # fmt: skip

BANK_CODES: list[str] = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB", "RBRB"]

# Dutch geographic area codes (with the trunk 0); the subscriber number fills up to 10 digits.
AREA_CODES: list[str] = [
    "020", "010", "030", "070", "040", "050", "024", "026", "033", "035", "038", "043",
    "045", "053", "055", "058", "071", "072", "073", "076", "079", "0413", "0522", "0314",
    "0172", "0591", "0229",
]  # fmt: skip

ACCOUNT_MANAGERS: list[str] = ["JdV", "MK", "AB", "PvdB", "SH", "EvL"]

FUNCTIES_BOARD: list[str] = ["Penningmeester", "Secretaris", "Voorzitter"]
FUNCTIES_STAFF: list[str] = ["Office manager", "Administratief medewerker", "Controller"]
