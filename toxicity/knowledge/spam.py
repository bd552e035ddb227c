"""The spam taxonomy: the spam niches, their words, the reference lists that mark them, how pages count them.

One table for every layer. The feature families read the vocabulary (spam words in hosts, paths,
anchors, page text) and :data:`SPAM_CATEGORY_NICHE` (a linking site in a spam niche that is not the
audited site's own); the page analyser counts a page's outbound domains per
:data:`PAGE_SPAM_CATEGORIES`, and the page reasons name them with :data:`PAGE_CATEGORY_WORD`.

Dating and crypto are spam niches like the others: a bakery linked from a dating or crypto site is
off-topic, and a page linking out to dozens of them is a link seller's page. A site in one of these
niches (an online casino, a dating app) is not judged by its own niche's words or lists.
"""

from __future__ import annotations

from typing import Final

#: Spam vocabulary by niche: words (lower case, whole words after splitting) that mark a spam niche
#: when they appear in a host, a path or an anchor. Hand-curated from the niches named in Google's
#: spam policies and seen in the shipped toxic lists; kept short to avoid false positives (``sex`` is
#: absent on purpose: ``essex``, ``sussex`` and sex education sites are not spam).
SPAM_VOCAB: Final[dict[str, frozenset[str]]] = {
    "gambling": frozenset(
        "casino casinos poker slot slots roulette blackjack bet bets betting bookmaker jackpot "
        "sportsbook baccarat gambling bingo lottery togel judi toto freespins".split()
    ),
    "pharma": frozenset(
        "viagra cialis levitra pharmacy pharma pills pill tramadol xanax valium phentermine "
        "kamagra steroids prescription oxycodone ambien propecia modafinil".split()
    ),
    "adult": frozenset(
        "porn porno xxx escort escorts nude nudes hentai milf camgirl camgirls webcam "
        "erotic sexy fetish onlyfans stripchat".split()
    ),
    "loans": frozenset(
        "loan loans payday lender lenders cash credit debt mortgage refinance installment "
        "title pawn bailbonds".split()
    ),
    "essays": frozenset("essay essays homework dissertation thesis coursework assignment termpaper".split()),
    "seo": frozenset(
        "seo backlink backlinks pagerank linkbuilding guestpost guestposts pbn traffic "
        "directory submit submission bookmarking bookmark ranking rank".split()
    ),
    "crypto": frozenset(
        "crypto bitcoin btc ethereum forex airdrop nft binance trading invest investment "
        "mining blockchain token coin".split()
    ),
    "dating": frozenset("dating singles hookup hookups brides bride flirt sugardaddy".split()),
    "replica": frozenset("replica replicas fake knockoff cheap outlet wholesale discount".split()),
    "warez": frozenset("crack cracked keygen torrent torrents warez serial nulled apk mod".split()),
}

#: Niche of each spam word (a word belongs to one niche).
SPAM_WORD_CATEGORY: Final[dict[str, str]] = {w: c for c, ws in SPAM_VOCAB.items() for w in ws}

#: Spam-vocabulary words that ordinary pages use in their ordinary sense ("page title", "credit
#: union", "community directory", "cheap flights", "trading card", "slot machine museum"): they mark a
#: host, path or anchor as spammy in the model's features, but on a page's own text they are not
#: evidence that the page is off-topic spam (``off_topic_spam`` skips them).
ORDINARY_SPAM_WORDS: Final[frozenset[str]] = frozenset(
    "title credit cash debt installment lender lenders mortgage refinance pawn rank ranking traffic "
    "directory submit submission bookmark bookmarking cheap discount wholesale outlet fake coin invest "
    "investment trading mining token blockchain mod serial crack cracked bet bets slot toto pill "
    "prescription pharmacy assignment homework thesis bride brides singles flirt webcam".split()
)

#: Reference categories (``toxicity.lookups.CATEGORIES``) that mark a spam site, and the niche of
#: :data:`SPAM_VOCAB` each belongs to. ``None``: spam for every site (scam, phishing and malware are
#: nobody's niche). The other reference categories (shortener, redirector, blog, press, forums) are
#: ordinary kinds of site.
SPAM_CATEGORY_NICHE: Final[dict[str, str | None]] = {
    "gambling": "gambling",
    "adult": "adult",
    "dating": "dating",
    "warez": "warez",
    "piracy": "warez",
    "scam": None,
    "phishing": None,
    "malware": None,
    "drugs": "pharma",
    "crypto": "crypto",
}

#: Spam categories counted among a page's outbound domains (columns ``outbound_<category>``): the four
#: niches that get a column of their own, and ``spam_other`` for every other niche and for scam,
#: phishing and malware.
PAGE_SPAM_CATEGORIES: Final = ("gambling", "adult", "pharma", "loans", "spam_other")

#: The niches of :data:`SPAM_VOCAB` with a page column of their own: their words in a link's anchor
#: make the link a spam link when a hidden block of a page is judged.
HEADLINE_NICHES: Final = PAGE_SPAM_CATEGORIES[:-1]

#: The word a page reason uses for each page category ("page links out to 212 casino sites").
PAGE_CATEGORY_WORD: Final = {
    "gambling": "casino",
    "adult": "adult",
    "pharma": "pharmacy",
    "loans": "loan",
    "spam_other": "spam",
}


def page_category(niche: str | None) -> str:
    """The page category (:data:`PAGE_SPAM_CATEGORIES`) a niche, or a nicheless spam list, counts towards.

    >>> page_category("gambling"), page_category("dating"), page_category(None)
    ('gambling', 'spam_other', 'spam_other')
    """
    return niche if niche in HEADLINE_NICHES else "spam_other"


#: Reference category -> page category, for every spam reference category.
LIST_PAGE_CATEGORY: Final = {c: page_category(n) for c, n in SPAM_CATEGORY_NICHE.items()}
