"""Majestic exports: backlinks and referring domains.

Backlinks (exact header text unverified; names from public parsers)::

    Source URL, Target URL, Anchor Text, Source Trust Flow, Source Citation Flow, Domain Trust Flow,
    Domain Citation Flow, Link First Indexed Date, Last Seen Date, NoFollow, Image Link, Redirect, Frame,
    Old Crawl, Alt Text, Mention, ...

The API writes the names run together (``SourceURL, AnchorText, FlagNoFollow, SourceTrustFlow``); both
spellings are read. ``trust_flow``/``citation_flow`` take the page's values, else the domain's. Dates
are read day first (``dd/mm/yyyy``).

Referring domains (real 2013 sample: UTF-8 with BOM, quoted headers, ``dd/mm/yyyy`` dates)::

    "Position","Domain","RefDomains","AlexaRank","Matches","MatchedLinks","ExtBackLinks","IndexedURLs",
    "CrawledURLs","FirstCrawled","LastSuccessfulCrawl","IP","SubNet","CountryCode","TLD","CitationFlow",
    "TrustFlow","BackLinks_<site>","FirstLinkDate_<site>","LastLinkDate_<site>"

``links`` is ``BackLinks_<site>`` (links to the audited site), else ``MatchedLinks``.
"""

from __future__ import annotations

from toxicity.io.spec import FormatSpec

BACKLINKS_HEADER = [
    "Source URL", "Target URL", "Anchor Text", "Source Trust Flow", "Source Citation Flow",
    "Domain Trust Flow", "Domain Citation Flow", "Link First Indexed Date", "Last Seen Date",
    "NoFollow", "Image Link", "Redirect", "Frame", "Old Crawl", "Alt Text", "Mention",
]  # fmt: skip

DOMAINS_HEADER = [
    "Position", "Domain", "RefDomains", "AlexaRank", "Matches", "MatchedLinks", "ExtBackLinks",
    "IndexedURLs", "CrawledURLs", "FirstCrawled", "LastSuccessfulCrawl", "IP", "SubNet", "CountryCode",
    "TLD", "CitationFlow", "TrustFlow", "BackLinks_<site>", "FirstLinkDate_<site>", "LastLinkDate_<site>",
]  # fmt: skip

SPEC = FormatSpec(
    name="majestic",
    description="Majestic backlinks (Site Explorer export or API names)",
    columns={
        "source_url": ("Source URL", "SourceURL"),
        "target_url": ("Target URL", "TargetURL"),
        "anchor": ("Anchor Text", "AnchorText"),
        "source_title": ("Source Title", "SourceTitle"),
        "trust_flow": ("Source Trust Flow", "SourceTrustFlow", "Domain Trust Flow", "DomainTrustFlow"),
        "citation_flow": (
            "Source Citation Flow",
            "SourceCitationFlow",
            "Domain Citation Flow",
            "DomainCitationFlow",
        ),
        "first_seen": ("Link First Indexed Date", "FirstIndexedDate", "First Indexed"),
        "last_seen": ("Last Seen Date", "LastSeenDate", "Last Seen"),
        "nofollow": ("NoFollow", "FlagNoFollow"),
        "image": ("Image Link", "FlagImageLink", "FlagImage"),
        "redirect": ("Redirect", "FlagRedirect"),
        "frame": ("Frame", "FlagFrame"),
        "lost": ("Deleted", "FlagDeleted"),
    },
    signatures=(
        frozenset({"source url", "target url", "anchor text", "source trust flow"}),
        frozenset({"source url", "target url", "anchor text", "domain trust flow"}),
        frozenset({"source url", "target url", "link first indexed date"}),
        frozenset({"sourceurl", "anchortext"}),
        frozenset({"sourceurl", "sourcetrustflow"}),
        frozenset({"sourceurl", "flagnofollow"}),
    ),
    dayfirst=True,
    notes="exact header text unverified",
)

DOMAINS_SPEC = FormatSpec(
    name="majestic-domains",
    description="Majestic referring domains (one row per linking domain)",
    columns={
        "source_url": ("Domain",),
        "referring_domains": ("RefDomains",),
        "trust_flow": ("TrustFlow", "Trust Flow"),
        "citation_flow": ("CitationFlow", "Citation Flow"),
        "ip": ("IP",),
        "subnet": ("SubNet",),
        "links": ("BackLinks_*", "MatchedLinks"),
        "first_seen": ("FirstLinkDate_*", "FirstCrawled"),
        "last_seen": ("LastLinkDate_*", "LastSuccessfulCrawl"),
    },
    signatures=(
        frozenset({"domain", "refdomains", "trustflow"}),
        frozenset({"domain", "matchedlinks"}),
        frozenset({"domain", "refdomains", "citationflow"}),
    ),
    level="domain",
    dayfirst=True,
)
