"""The feature catalogue: every column :func:`toxicity.features.build_features` returns, documented.

Each entry says what the feature means, its range, what NaN means, and a reason template that
turns a value into words for a reviewer (``entry.reason.format(value=0.4, **profile_words)``).
Templates may use ``{value}`` and the profile fields ``{site}``, ``{topic}`` and ``{language}``.

The ``page_*`` family comes from fetched linking pages (``toxicity fetch``); it is NaN for every link
whose page was not fetched or could not be fetched.

Columns starting with ``listed_`` come from the known-toxic lists that are also the training labels:
``model=False`` marks them (and the coverage flags) as unsuitable model inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from toxicity.lookups import CATEGORIES, TOXIC_LISTS
from toxicity.schema import FLAG_COLUMNS

FAMILIES: Final = ("domain", "context", "anchor", "topic", "readability", "page", "coverage")


@dataclass(frozen=True)
class Feature:
    """One catalogue entry.

    Attributes
    ----------
    name : column name
    family : one of :data:`FAMILIES`
    meaning : what the value measures
    range : the values it takes
    missing : what NaN means for this column
    reason : a phrase template for explanations (``{value}`` is the feature value)
    model : False for columns a model must not train on (``listed_*`` labels, coverage flags)
    lowers : a phrase for when the feature lowers the risk ("" when it has none)
    """

    name: str
    family: str
    meaning: str
    range: str
    missing: str
    reason: str
    model: bool = True
    lowers: str = ""


_NO_HOST = "the link record has no parseable host"
_NO_LABEL = "no host, or an IP host (no label)"
_BINARY = "0 or 1"


def _f(
    name: str, family: str, meaning: str, rng: str, missing: str, reason: str, model: bool = True
) -> Feature:
    return Feature(name, family, meaning, rng, missing, reason, model)


_DOMAIN = [
    _f(
        "label_length",
        "domain",
        "length of the registrable label (example in example.co.uk)",
        ">= 1",
        _NO_LABEL,
        "domain name is {value:.0f} characters long",
    ),
    _f(
        "label_digits",
        "domain",
        "digits in the registrable label",
        ">= 0",
        _NO_LABEL,
        "domain name contains {value:.0f} digits",
    ),
    _f(
        "label_hyphens",
        "domain",
        "hyphens in the registrable label",
        ">= 0",
        _NO_LABEL,
        "domain name contains {value:.0f} hyphens",
    ),
    _f(
        "label_entropy",
        "domain",
        "Shannon entropy of the label's characters, bits per character",
        "0 to ~4.5",
        _NO_LABEL,
        "domain name looks random (entropy {value:.1f} bits/char)",
    ),
    _f(
        "label_consonant_run",
        "domain",
        "longest run of consonants in the label",
        ">= 0",
        _NO_LABEL,
        "domain name has {value:.0f} consonants in a row",
    ),
    _f(
        "subdomain_depth",
        "domain",
        "labels above the registrable domain, not counting www",
        ">= 0",
        _NO_HOST,
        "host is {value:.0f} subdomain levels deep",
    ),
    _f("ip_host", "domain", "the host is an IP address", _BINARY, _NO_HOST, "links from a bare IP address"),
    _f(
        "idn_host",
        "domain",
        "the host has an internationalised (punycode xn--) label",
        _BINARY,
        _NO_HOST,
        "internationalised (IDN) host name",
    ),
    _f(
        "platform_host",
        "domain",
        "host under a private Public Suffix List suffix: free blog or hosting platform "
        "(blogspot.com, github.io ...)",
        _BINARY,
        _NO_HOST,
        "site on a free hosting or blog platform",
    ),
    _f(
        "tld_abuse_rate",
        "domain",
        "smoothed share of the TLD's listed domains that are on toxic lists (vs clean references)",
        "0 to 1",
        "no host, an IP host or not an IANA TLD",
        "top-level domain with a {value:.0%} abuse rate",
    ),
    _f(
        "spam_words_host",
        "domain",
        "spam-vocabulary words in the host, run-together labels split into words",
        ">= 0",
        _NO_HOST,
        "host name contains {value:.0f} spam words",
    ),
    *[
        _f(
            f"cat_{c}",
            "domain",
            f"host or a parent domain is on the reference '{c}' category list",
            _BINARY,
            _NO_HOST,
            f"site listed in the {c} category",
        )
        for c in CATEGORIES
    ],
    _f(
        "off_topic_category",
        "domain",
        "host is in a spam-niche category (gambling, adult, dating, warez, piracy, scam, phishing, malware, "
        "drugs, crypto) that is not the audited site's own niche",
        _BINARY,
        _NO_HOST,
        "site in a spam category unrelated to {site}",
    ),
    _f(
        "popular",
        "domain",
        "registrable domain is among the Majestic top 15,000 sites",
        _BINARY,
        _NO_HOST,
        "one of the most linked sites on the web",
    ),
    _f(
        "popularity_log_rank",
        "domain",
        "log10 of the Majestic Million rank",
        "0 to ~4.2",
        "not among the top 15,000 sites (most sites), or no host",
        "popular site (rank {value:.1f} on a log10 scale)",
    ),
    *[
        _f(
            f"listed_{c}",
            "domain",
            f"host or a parent domain is on the public '{c}' toxic lists (a training label: rules and "
            f"reasons only)",
            _BINARY,
            _NO_HOST,
            f"listed on public {c.replace('_', ' ')} lists",
            model=False,
        )
        for c in TOXIC_LISTS
    ],
    _f(
        "listed_any",
        "domain",
        "host is on any public toxic list (a training label: rules and reasons only)",
        _BINARY,
        _NO_HOST,
        "listed on public toxic-link lists",
        model=False,
    ),
    _f(
        "path_footprint",
        "domain",
        "linking URL path has a link-farm footprint (/links/, /partners/, directory, bookmarks, profiles, "
        "members, guestbook, pingback, ?replytocom=)",
        _BINARY,
        "no source URL",
        "linking page looks like a link farm page",
    ),
    _f(
        "path_depth",
        "domain",
        "slashes in the linking URL path",
        ">= 0",
        "no source URL",
        "linking page is {value:.0f} folders deep",
    ),
    _f(
        "spam_words_path",
        "domain",
        "spam-vocabulary words in the linking URL path and query",
        ">= 0",
        "no source URL",
        "linking URL contains {value:.0f} spam words",
    ),
]

_CONTEXT = [
    *[
        _f(
            flag,
            "context",
            f"the link is marked {flag} by the export",
            _BINARY,
            "the export has no such flag",
            f"{flag} link",
        )
        for flag in FLAG_COLUMNS
    ],
    _f(
        "lost",
        "context",
        "the export reports the link as lost",
        _BINARY,
        "the export does not say",
        "link already lost",
    ),
    _f(
        "export_spam",
        "context",
        "the backlink tool itself marks the link or its site as spam (Ahrefs Is spam); 0 only means it did "
        "not (the tools miss most spam), never that the link is clean",
        _BINARY,
        "the export gives no spam verdict",
        "the backlink tool marks it as spam",
    ),
    _f(
        "links_in_group",
        "context",
        "links the linking site gives in the same group (Ahrefs Links in group); many means a sitewide or "
        "footer link",
        ">= 1",
        "not in the export",
        "{value:.0f} links from the same group (sitewide or footer)",
    ),
    _f(
        "boilerplate_link",
        "context",
        "the export places the link outside the page's main content (Ahrefs Content false); 0 when in "
        "the content",
        _BINARY,
        "the export does not say where on the page the link sits",
        "link outside the main content (footer, sidebar or menu)",
    ),
    _f(
        "domain_rating",
        "context",
        "Ahrefs Domain Rating of the linking site",
        "0 to 100",
        "not in the export",
        "linking site has Domain Rating {value:.0f}",
    ),
    _f(
        "url_rating",
        "context",
        "Ahrefs URL Rating of the linking page",
        "0 to 100",
        "not in the export",
        "linking page has URL Rating {value:.0f}",
    ),
    _f(
        "trust_flow",
        "context",
        "Majestic Trust Flow of the linking page",
        "0 to 100",
        "not in the export",
        "Trust Flow {value:.0f}",
    ),
    _f(
        "citation_flow",
        "context",
        "Majestic Citation Flow of the linking page",
        "0 to 100",
        "not in the export",
        "Citation Flow {value:.0f}",
    ),
    _f(
        "authority_score",
        "context",
        "Semrush Authority Score or Moz DA/PA",
        "0 to 100",
        "not in the export",
        "authority score {value:.0f}",
    ),
    _f(
        "spam_score",
        "context",
        "Moz Spam Score or Semrush Toxicity Score",
        "0 to 100",
        "not in the export",
        "the backlink tool rates it {value:.0f}/100 spammy",
    ),
    _f(
        "tf_cf_ratio",
        "context",
        "Trust Flow / Citation Flow (low: many links, little trust)",
        ">= 0",
        "no Majestic flows, or Citation Flow 0",
        "Trust Flow is only {value:.0%} of Citation Flow",
    ),
    _f(
        "log_domain_traffic",
        "context",
        "log(1 + organic traffic of the linking site)",
        ">= 0",
        "not in the export",
        "linking site has almost no search traffic",
    ),
    _f(
        "log_page_traffic",
        "context",
        "log(1 + organic traffic of the linking page)",
        ">= 0",
        "not in the export",
        "linking page has almost no search traffic",
    ),
    _f(
        "log_external_links",
        "context",
        "log(1 + outbound external links on the linking page)",
        ">= 0",
        "not in the export",
        "linking page carries many outbound links",
    ),
    _f(
        "log_referring_domains",
        "context",
        "log(1 + referring domains of the linking page or site)",
        ">= 0",
        "not in the export",
        "linking site has few links of its own",
    ),
    _f(
        "http_code",
        "context",
        "HTTP status of the linking page",
        "100 to 599",
        "not in the export",
        "linking page answers HTTP {value:.0f}",
    ),
    _f(
        "http_error",
        "context",
        "linking page answers with HTTP 400 or above",
        _BINARY,
        "no HTTP code in the export",
        "linking page is broken or gone",
    ),
    _f(
        "links_from_domain",
        "context",
        "links in the profile from the same referring domain",
        ">= 1",
        "no referring domain",
        "{value:.0f} links from this one domain",
    ),
    _f(
        "domain_link_share",
        "context",
        "share of the profile's links that come from the same referring domain",
        "0 to 1",
        "no referring domain",
        "this domain gives {value:.0%} of all links",
    ),
    _f(
        "velocity_share",
        "context",
        "share of the profile's dated links first seen within 3.5 days of this one",
        "0 to 1",
        "no first-seen date",
        "{value:.0%} of links appeared in the same week (a burst)",
    ),
    _f(
        "days_before_newest",
        "context",
        "days between this link's first sighting and the profile's newest link",
        ">= 0",
        "no first-seen date",
        "first seen {value:.0f} days before the newest link",
    ),
    _f(
        "days_seen",
        "context",
        "days between first and last sighting",
        ">= 0",
        "a date is missing",
        "seen over {value:.0f} days",
    ),
]

_ANCHOR = [
    *[
        _f(
            f"anchor_{c}",
            "anchor",
            f"anchor class is {c.replace('_', ' ')} (relative to the site's brand and keywords)",
            _BINARY,
            "the export has no anchor",
            text,
        )
        for c, text in (
            ("brand", "brand anchor"),
            ("naked_url", "naked URL anchor"),
            ("generic", "generic anchor such as 'click here'"),
            ("money_exact", "exact-match money keyword anchor"),
            ("money_partial", "partial-match keyword anchor"),
            ("empty", "empty anchor (image or hidden link)"),
            ("other", "anchor unrelated to the site's brand or keywords"),
        )
    ],
    _f("anchor_words", "anchor", "words in the anchor", ">= 0", "no anchor", "{value:.0f}-word anchor"),
    _f(
        "spam_words_anchor",
        "anchor",
        "spam-vocabulary words in the anchor",
        ">= 0",
        "no anchor",
        "anchor contains {value:.0f} spam words",
    ),
    _f(
        "anchor_lang_mismatch",
        "anchor",
        "anchor language differs from the profile's main language",
        _BINARY,
        "no anchor, the anchor's language cannot be told, or no main language",
        "anchor not in the site's main language ({language})",
    ),
    _f(
        "anchor_rd_share",
        "anchor",
        "share of the profile's referring domains that use this exact anchor",
        "0 to 1",
        "no anchor or no referring domain",
        "same anchor used by {value:.0%} of referring domains",
    ),
    _f(
        "target_money_share",
        "anchor",
        "share of referring domains to the link's target page that use a money anchor",
        "0 to 1",
        "no target URL or no anchors to it",
        "{value:.0%} of domains linking to this page use money anchors",
    ),
]

_TOPIC = [
    _f(
        "topic_similarity",
        "topic",
        "cosine similarity of the linking page's words (host, path, title, anchor, context) with the "
        "site's topic",
        "0 to 1",
        "no topic (none given or inferable) or no words on the page",
        "page topic far from {topic}",
    ),
    _f(
        "topic_term_share",
        "topic",
        "share of the topic's words found on the linking page",
        "0 to 1",
        "no topic or no words on the page",
        "page shares {value:.0%} of the words of {topic}",
    ),
    _f(
        "off_topic_spam",
        "topic",
        "spam-vocabulary words on the linking page from niches that are not the site's own (a casino "
        "site's casino words do not count; words with an ordinary sense such as 'credit' or 'directory' "
        "do not count)",
        ">= 0",
        "no words on the page",
        "{value:.0f} spam words off-topic for {topic}",
    ),
]

_READABILITY = [
    _f(
        "title_reading_ease",
        "readability",
        "Flesch reading ease of the linking page's title",
        "about -100 to 121",
        "no title, or a title without words",
        "title reads like keyword stuffing",
    ),
    _f(
        "title_words",
        "readability",
        "words in the linking page's title",
        ">= 0",
        "no title",
        "{value:.0f}-word title",
    ),
    _f(
        "title_caps_share",
        "readability",
        "share of upper-case letters in the title",
        "0 to 1",
        "no title or no letters",
        "{value:.0%} of the title in capitals",
    ),
    _f(
        "context_reading_ease",
        "readability",
        "Flesch reading ease of the text around the link (80 characters each side)",
        "about -100 to 121",
        "no context, or context without words",
        "text around the link reads like spam",
    ),
    _f(
        "context_words",
        "readability",
        "words of context around the link",
        ">= 0",
        "no context",
        "{value:.0f} words around the link",
    ),
]

_UNFETCHED = "the page was not fetched (no --fetch/--pages) or the fetch failed"
_NO_LINK = _UNFETCHED + ", or the page no longer carries the link"

_PAGE = [
    _f(
        "page_link_gone",
        "page",
        "the fetched page no longer links to the audited site, or the page itself answers HTTP 404/410",
        _BINARY,
        _UNFETCHED + ", or no audited site to look for",
        "link no longer on the page",
    ),
    _f(
        "page_link_hidden",
        "page",
        "every link to the site on the page is hidden (display:none, off-screen, zero size ...)",
        _BINARY,
        _NO_LINK,
        "link hidden from visitors",
    ),
    _f(
        "page_link_boilerplate",
        "page",
        "the link sits in navigation, header, footer, sidebar or comments, not in the main content",
        _BINARY,
        _NO_LINK,
        "link sits in the page's boilerplate (footer, sidebar, comments)",
    ),
    _f(
        "page_link_nofollow",
        "page",
        "the link on the page carries rel nofollow, ugc or sponsored, or the page's "
        "meta robots says nofollow",
        _BINARY,
        _NO_LINK,
        "link on the page is not followed (nofollow)",
    ),
    _f(
        "page_injected_block",
        "page",
        "a hidden block on the page holds many links mostly to spam sites (hacked-site marker)",
        _BINARY,
        _UNFETCHED,
        "page has a hidden block of links to spam sites",
    ),
    _f(
        "page_noindex",
        "page",
        "meta robots or X-Robots-Tag asks search engines not to index the page",
        _BINARY,
        _UNFETCHED,
        "page asks search engines not to index it",
    ),
    _f(
        "page_redirected_off_site",
        "page",
        "the linking URL redirects to another registrable domain",
        _BINARY,
        _UNFETCHED,
        "linking page redirects to another site",
    ),
    _f(
        "page_log_outbound_domains",
        "page",
        "log(1 + distinct external domains the page links to)",
        ">= 0",
        _UNFETCHED,
        "page links out to many sites",
    ),
    _f(
        "page_spam_neighbours",
        "page",
        "external domains the page links to that are gambling, adult, pharma, "
        "loan or other spam sites (the link neighbourhood)",
        ">= 0",
        _UNFETCHED,
        "page links out to {value:.0f} spam sites",
    ),
    _f(
        "page_spam_neighbour_share",
        "page",
        "share of the page's external domains that are spam sites (0 when it links out to none)",
        "0 to 1",
        _UNFETCHED,
        "{value:.0%} of the sites the page links to are spam",
    ),
    _f(
        "page_hidden_outbound_links",
        "page",
        "external links inside blocks hidden by CSS or zero size",
        ">= 0",
        _UNFETCHED,
        "page hides {value:.0f} outbound links",
    ),
    _f(
        "page_keyword_stuffing",
        "page",
        "share of the page text taken by its most repeated content word (ordinary prose stays under 0.03)",
        "0 to 1",
        _UNFETCHED + ", or under 20 words of text",
        "page text is stuffed with one keyword ({value:.0%})",
    ),
    _f(
        "page_spam_vocab_hits",
        "page",
        "spam-vocabulary words in the page's visible text and title",
        ">= 0",
        _UNFETCHED,
        "page text uses spam words {value:.0f} times",
    ),
    _f(
        "page_log_word_count",
        "page",
        "log(1 + words of visible text on the page)",
        ">= 0",
        _UNFETCHED,
        "page has almost no text",
    ),
    _f(
        "page_reading_ease",
        "page",
        "Flesch reading ease of the page's visible text",
        "about 0 to 100",
        _UNFETCHED + ", or under 30 words of text",
        "page text reads like spam",
    ),
]

_COVERAGE = [
    _f(
        f"cov_{name}",
        "coverage",
        f"1 when the row had input for {what}; 0 means those features are NaN",
        _BINARY,
        "never missing",
        f"no {what} in the export",
        model=False,
    )
    for name, what in (
        ("host", "the linking host"),
        ("flags", "link flags (nofollow, sponsored ...)"),
        ("metrics", "source metrics"),
        ("dates", "first-seen dates"),
        ("anchor", "anchor text"),
        ("topic", "topical comparison (a topic and page words)"),
        ("title", "a page title"),
        ("context", "text around the link"),
        ("page", "fetched linking page"),
    )
]

#: Every column returned by :func:`toxicity.features.build_features`, in output order.
FEATURES: Final[tuple[Feature, ...]] = (
    *_DOMAIN,
    *_CONTEXT,
    *_ANCHOR,
    *_TOPIC,
    *_READABILITY,
    *_PAGE,
    *_COVERAGE,
)

#: Columns a model trained on an auditor's labels computes itself from the host (toxicity.model.hostnames):
#: not built by build_features, catalogued for their words.
LEARNED_FEATURES: Final[tuple[Feature, ...]] = (
    Feature(
        "tld_learned_rate",
        "domain",
        "smoothed share of toxic decisions among the auditor's hosts of the "
        "same TLD, learned by 'toxicity train'",
        "0 to 1",
        _NO_HOST,
        "top-level domain you disavowed {value:.0%} of the time",
        lowers="top-level domain you mostly kept",
    ),
    Feature(
        "host_resemblance",
        "domain",
        "probability of toxic from a character 2-5-gram model of the host name "
        "fitted on the auditor's decisions, learned by 'toxicity train'",
        "0 to 1",
        _NO_HOST,
        "host name resembles hosts you disavowed",
        lowers="host name resembles hosts you kept",
    ),
)

#: Name -> entry (built and learned features).
FEATURES_BY_NAME: Final[dict[str, Feature]] = {f.name: f for f in (*FEATURES, *LEARNED_FEATURES)}


def model_features() -> list[str]:
    """Names of the columns a model may train on (no ``listed_*`` labels, no coverage flags)."""
    return [f.name for f in FEATURES if f.model]


def catalogue_markdown() -> str:
    """The catalogue as a Markdown page (what ``docs/features.md`` is generated from)."""
    lines = [
        "# Feature catalogue",
        "",
        "Generated by `toxicity features --list --markdown`; do not edit by hand.",
        "",
        (
            "Every column of `build_features` is listed here. NaN means *missing*, never clean; each family "
            "has a"
        ),
        (
            "`cov_*` flag saying whether the row had the input. `listed_*` columns come from the public "
            "toxic lists"
        ),
        "that are also training labels: they serve as rules and reasons and are excluded from model training",
        "(column *model* = no).",
        "",
    ]
    for family in FAMILIES:
        lines += [
            f"## {family}",
            "",
            "| name | meaning | range | NaN means | reason template | model |",
            "|---|---|---|---|---|---|",
        ]
        for f in FEATURES:
            if f.family == family:
                cells = [f"`{f.name}`", f.meaning, f.range, f.missing, f.reason, "yes" if f.model else "no"]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
