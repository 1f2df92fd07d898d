"""The languages of the public pages and leaflets, chosen by `?lang=` in the address.

The address alone decides, with no cookie and no browser negotiation: a link printed on a
leaflet or sent by a social worker opens in the language it was made for.
"""

from dataclasses import dataclass

DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class PublicLanguage:
    code: str
    name: str  # in the language itself, so that a reader recognises their own
    long_date: str  # a date with its weekday, written out: "lundi 14 juillet 2025"


PUBLIC_LANGUAGES = (
    PublicLanguage("fr", "Français", "l j F Y"),
    PublicLanguage("en", "English", "l j F Y"),
    PublicLanguage("es", "Español", r"l j \d\e F \d\e Y"),
    PublicLanguage("ar", "العربية", "l j F Y"),
)
BY_CODE = {language.code: language for language in PUBLIC_LANGUAGES}
CODES = frozenset(BY_CODE)


def language_from(request) -> str:
    """The language asked in the query string; French for anything else."""
    code = request.GET.get("lang", "").strip().lower()
    return code if code in CODES else DEFAULT_LANGUAGE


def language_query(code: str) -> str:
    """The query string that keeps a language in links ("" for the default)."""
    return "" if code == DEFAULT_LANGUAGE else f"?lang={code}"
