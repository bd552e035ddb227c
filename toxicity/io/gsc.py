"""Google Search Console "Links" report exports (CSV, or .xlsx from the same menu).

- ``gsc-links``: "Latest links" (``Linking page, Last crawled``) and "More sample links"
  (``Linking page`` alone). One row per linking page; Search Console gives no anchor and no
  follow/nofollow flag.
- ``gsc-sites``: "Top linking sites" (``Site, Linking pages, Target pages``). One row per linking site;
  ``links`` is ``Linking pages``.

Headers follow the account's interface language. English is documented; the German, French,
Spanish, Portuguese, Italian, Dutch and Turkish names below are the interface's usual wording and are
**unverified** against real exports. A single-column file with a header not listed here is still read,
as a URL list. Numbers carry thousands separators in quotes (``"1,240"``); dates are ISO
(``2026-09-15``) or ``Sep 15, 2026``.

The "Top linked pages" table (``Target page, Incoming links, Linking sites``) names the audited site's
own pages, not the sites linking to it, so it is recognised only to say which table to export instead.
"""

from __future__ import annotations

from toxicity.io.spec import FormatSpec, normalise_header

#: Language -> (linking page, last crawled, site, linking pages, target pages). English verified;
#: others unverified.
HEADERS: dict[str, tuple[str, str, str, str, str]] = {
    "en": ("Linking page", "Last crawled", "Site", "Linking pages", "Target pages"),
    "de": ("Verweisende Seite", "Zuletzt gecrawlt", "Website", "Verweisende Seiten", "Zielseiten"),
    "fr": (
        "Page d'origine du lien",
        "Dernière exploration",
        "Site",
        "Pages d'origine du lien",
        "Pages cibles",
    ),
    "es": ("Página que enlaza", "Último rastreo", "Sitio", "Páginas que enlazan", "Páginas de destino"),
    "pt": ("Página com link", "Último rastreamento", "Site", "Páginas com link", "Páginas de destino"),
    "it": (
        "Pagina che rimanda",
        "Ultima scansione",
        "Sito",
        "Pagine che rimandano",
        "Pagine di destinazione",
    ),
    "nl": ("Linkende pagina", "Laatst gecrawld", "Site", "Linkende pagina's", "Doelpagina's"),
    "tr": ("Bağlantı veren sayfa", "Son tarama", "Site", "Bağlantı veren sayfalar", "Hedef sayfalar"),
}

#: Header of the "Top linked pages" table, which cannot serve as link records.
TOP_LINKED_PAGES = frozenset({"target page", "incoming links", "linking sites"})


def _names(index: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h[index] for h in HEADERS.values()))


LINKS_SPEC = FormatSpec(
    name="gsc-links",
    description="Search Console Links: Latest links / More sample links",
    columns={"source_url": _names(0), "last_seen": _names(1)},
    signatures=tuple(frozenset({normalise_header(h[0])}) for h in HEADERS.values()),
    notes="non-English headers unverified",
)

SITES_SPEC = FormatSpec(
    name="gsc-sites",
    description="Search Console Links: Top linking sites (one row per site)",
    columns={"source_url": _names(2), "links": _names(3)},
    signatures=tuple(frozenset({normalise_header(h[2]), normalise_header(h[3])}) for h in HEADERS.values()),
    level="domain",
    notes="non-English headers unverified",
)
