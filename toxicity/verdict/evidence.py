"""Evidence the model does not weigh: public lists, the export's own verdicts, profile and page facts.

Every signal is a row of :data:`SIGNALS`: a code, where it comes from, its words, and the factor by
which it multiplies the odds that the link is toxic (a likelihood ratio: "a link with this evidence is
N times as likely to be toxic as one without"). Factors are >= 1, so more evidence of spam never
lowers a risk. A signal may also hold the risk in ``medium`` at least (a *floor*: public lists, the
export's own spam verdict, a hacked page: always worth a human look, never disavowed on that alone).

How the factors were set. No public data label links inside real profiles, so no factor is fitted on
real link-level labels. Each is a stated judgement, sized so that (a) one soft signal alone never
lifts an ordinary link out of ``low`` (factors 1.5-2.5 on a typical link at risk 10-20), (b) two
independent signals of one attack pattern reach ``medium``, and (c) a pattern with three or more
(a PBN: repeated commercial anchor, network, burst, authority without traffic) reaches ``high``.
They are checked on simulated whole profiles (natural links plus injected PBN, negative-SEO, paid
sitewide, comment, profile and hacked-page attacks built from real hosts of the training set,
:mod:`toxicity.model.profiles`), see ``tools/scenarios.py``; those figures rest on the simulation.

Evidence is computed for all rows at once (arrays, no Python loop per link) and kept as values;
:mod:`toxicity.verdict.reasons` renders it to words once, at output.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from toxicity.verdict import profile as prof
from toxicity.verdict.scale import MEDIUM


@dataclass(frozen=True)
class Signal:
    """One kind of evidence.

    Attributes
    ----------
    code : short name, also the column of :attr:`Evidence.values`
    source : where it comes from: ``lists``, ``export``, ``profile``, ``page``, ``host``, ``metrics``
    steps : ``(lowest value, factor)`` pairs, increasing: a value gets the factor of the highest step it
        reaches
    floor : band the risk is held in at least (``"medium"``) when present, or None
    backs_url_only : lets a score from the URL alone be ``high`` (a hard signal)
    covers : model features whose words this signal replaces (no reason said twice)
    question : ``site`` (evidence that the linking site is a spam site, weighed with the model) or
        ``scheme`` (evidence that the link is part of a link scheme, whatever the site)
    group : signals of one group are facets of one fact (a network of domains sharing a commercial
        anchor also makes that anchor repeated and the profile over-optimised): only the strongest
        factor of a group counts, so one fact is not counted three times
    """

    code: str
    source: str
    steps: tuple[tuple[float, float], ...]
    floor: str | None = None
    backs_url_only: bool = False
    covers: tuple[str, ...] = ()
    question: str = "site"
    group: str = ""

    def factor_of(self, value: float) -> float:
        """:meth:`factor` of one value."""
        out = 1.0
        for low, f in self.steps:
            if value >= float(np.float32(low)):  # values are kept as float32
                out = f
        return out

    def factor(self, values: np.ndarray) -> np.ndarray:
        """Odds factor per value (1 where the value is NaN or below the first step)."""
        v = np.asarray(values, dtype=np.float32)
        out = np.ones(len(v))
        for low, f in self.steps:
            out[v >= np.float32(low)] = f
        return out


_ANCHOR_FEATURES = ("anchor_money_exact", "anchor_money_partial", "anchor_rd_share", "target_money_share")
_SPAM_WORDS = ("off_topic_spam", "spam_words_host", "spam_words_anchor", "spam_words_path")

#: Every signal, strongest first (the order reasons take on equal strength). ``site`` signals speak
#: about the linking site (is it a spam site?), ``scheme`` signals about the link (is it part of a
#: link scheme, whatever the site?); see :mod:`toxicity.verdict.scale` for how the two combine.
SIGNALS: tuple[Signal, ...] = (
    Signal(
        "page_hard",
        "page",
        ((1, 8.0),),
        floor=MEDIUM,
        backs_url_only=True,
        covers=(
            "page_injected_block",
            "page_link_hidden",
            "page_spam_neighbours",
            "page_spam_neighbour_share",
            "page_hidden_outbound_links",
        ),
    ),
    Signal("listed", "lists", ((1, 6.0),), floor=MEDIUM, backs_url_only=True),
    Signal("network", "profile", ((3, 4.0), (5, 8.0), (10, 12.0)), question="scheme", group="anchors"),
    Signal("export_spam", "export", ((1, 4.0),), floor=MEDIUM, covers=("export_spam",)),
    Signal("spam_score", "export", ((45, 2.0), (60, 5.0), (80, 8.0)), covers=("spam_score",)),
    Signal(
        "sitewide_money",
        "export",
        ((1, 10.0),),
        question="scheme",
        covers=("sitewide", "links_from_domain", "domain_link_share", "links_in_group", "boilerplate_link"),
    ),
    Signal(
        "off_topic_category",
        "lists",
        ((1, 4.0),),
        floor=MEDIUM,
        backs_url_only=True,
        covers=("off_topic_category",),
    ),
    Signal("off_topic_spam", "page", ((1, 2.5), (2, 4.0)), backs_url_only=True, covers=_SPAM_WORDS),
    Signal("hacked_page", "page", ((2, 3.0),), question="scheme", covers=_SPAM_WORDS),
    Signal(
        "money_anchor_repeated",
        "profile",
        ((3, 2.5), (6, 4.0), (12, 6.0)),
        question="scheme",
        covers=_ANCHOR_FEATURES,
        group="anchors",
    ),
    Signal("link_drop_page", "host", ((1, 1.5), (2, 4.0)), question="scheme", covers=("path_footprint",)),
    Signal(
        "link_drop_campaign",
        "profile",
        ((prof.CAMPAIGN_MIN, 2.0), (15, 3.0), (40, 4.0)),
        question="scheme",
        covers=("path_footprint",),
    ),
    Signal(
        "money_anchor_profile",
        "profile",
        ((0.2, 1.5), (0.4, 2.0)),
        question="scheme",
        covers=_ANCHOR_FEATURES,
        group="anchors",
    ),
    Signal(
        "burst",
        "profile",
        ((prof.BURST_MIN, 2.0),),
        question="scheme",
        covers=("velocity_share", "days_before_newest"),
    ),
    Signal(
        "authority_without_traffic",
        "metrics",
        ((1, 2.0),),
        question="scheme",
        covers=("log_domain_traffic", "log_page_traffic", "domain_rating"),
    ),
    Signal("tld_abuse", "host", ((0.7, 1.3), (0.85, 1.6)), covers=("tld_abuse_rate",)),
)
#: Code -> signal.
SIGNALS_BY_CODE: dict[str, Signal] = {s.code: s for s in SIGNALS}
#: Links in one group (Ahrefs "Links in group"), or with one anchor outside the content, from which a link
#: is sitewide.
SITEWIDE_GROUP = 20
#: Domain Rating from which "no search traffic" is suspicious (bought or expired authority).
AUTHORITY_DR = 15
#: Scheme evidence multiplying the odds by at least this much lets a link be ``high`` without a hard signal.
CORROBORATING_SCHEME = 4.0
#: Organic traffic at or below this counts as none.
NO_TRAFFIC = 20
#: Organic traffic from which a site has a real audience (spam words there suggest a hacked page).
AUDIENCE = 500


@dataclass
class Evidence:
    """Evidence per link, as values (NaN: absent), plus the networks per referring domain.

    Attributes
    ----------
    values : one column per :data:`SIGNALS` code, aligned with the link records
    networks : link networks per domain code (:class:`toxicity.verdict.profile.Networks`)
    listed_names : for the ``listed`` code, the bit -> list name table
    money_share : share of referring domains that use commercial anchors
    network_shared : per row, the footprint bits of its network (:data:`toxicity.verdict.profile.FOOTPRINTS`)
    """

    values: pd.DataFrame
    networks: prof.Networks
    listed_names: tuple[str, ...] = ()
    money_share: float = 0.0
    network_shared: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def log_factor(self, question: str = "site") -> np.ndarray:
        """Sum of log odds factors per link of the signals answering ``question`` (``site`` or ``scheme``)."""
        total = np.zeros(len(self.values))
        strongest: dict[str, np.ndarray] = {}
        for s in SIGNALS:
            if s.question != question:
                continue
            f = np.log(s.factor(self.values[s.code].to_numpy()))
            if s.group:
                strongest[s.group] = np.maximum(strongest.get(s.group, f), f)
            else:
                total += f
        for f in strongest.values():
            total += f
        return total

    def raising(self) -> np.ndarray:
        """The values that raise the odds (rows x :data:`SIGNALS`, float32), NaN elsewhere: what is worded."""
        shown = self.values.to_numpy(dtype=np.float32, copy=True)
        for j, s in enumerate(SIGNALS):
            shown[s.factor(shown[:, j]) <= 1.0, j] = np.nan
        return shown

    def present(self, code: str) -> np.ndarray:
        """True where the signal raises the odds."""
        return SIGNALS_BY_CODE[code].factor(self.values[code].to_numpy()) > 1.0

    def floor_medium(self) -> np.ndarray:
        """True where a signal holds the risk in ``medium`` at least."""
        out = np.zeros(len(self.values), bool)
        for s in SIGNALS:
            if s.floor == MEDIUM:
                out |= self.present(s.code)
        return out

    def corroborated(self) -> np.ndarray:
        """True where evidence beyond the model's reading of the site allows ``high``: a hard signal
        (one that holds ``medium``), or scheme evidence worth :data:`CORROBORATING_SCHEME` or more."""
        return self.floor_medium() | (self.log_factor("scheme") >= math.log(CORROBORATING_SCHEME))

    def backs_url_only(self) -> np.ndarray:
        """True where a hard signal backs a URL-only score."""
        out = np.zeros(len(self.values), bool)
        for s in SIGNALS:
            if s.backs_url_only:
                out |= self.present(s.code)
        return out

    def records(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """Long form: one row per (link, signal) present: row, code, direction, value, source, factor."""
        parts = []
        for s in SIGNALS:
            v = self.values[s.code].to_numpy()
            f = s.factor(v)
            on = np.flatnonzero(f > 1.0)
            if rows is not None:
                on = np.intersect1d(on, rows)
            parts.append(
                pd.DataFrame(
                    {
                        "row": on,
                        "code": s.code,
                        "direction": "raises",
                        "value": v[on],
                        "source": s.source,
                        "factor": f[on],
                    }
                )
            )
        return pd.concat(parts, ignore_index=True).sort_values(
            ["row", "factor"], ascending=[True, False], kind="stable"
        )


def _col(features: pd.DataFrame, name: str) -> np.ndarray:
    if name in features.columns:
        return features[name].to_numpy(dtype=float)
    return np.full(len(features), np.nan)


def _on(features: pd.DataFrame, name: str) -> np.ndarray:
    return np.nan_to_num(_col(features, name), nan=0.0) > 0.5


#: Comment threads and member profiles: where link droppers leave their links.
DROP_PAGE_RE = (
    r"(?i)#comment-?\d|[?&]replytocom=|/comment-page-\d|#respond\b|/comments?/|"
    r"/(members?|users?|profiles?|memberlist|author)/|/(member|profile|memberlist)\.php|"
    r"[?&](action=profile|mod=space|uid=|u=\d)|/forums?/(members?|users?|profile)"
)

#: What an export's own page classification calls a comment thread, forum post or member profile
#: (Ahrefs ``Page type`` / ``Platform``): the same link-drop pages, named by the tool that crawled them.
DROP_PAGE_KIND_RE = r"(?i)\b(comments?|forums?|message boards?|profiles?|guestbooks?)\b"


def _matches(texts: pd.Series, pattern: str) -> np.ndarray:
    """True per row where ``pattern`` (RE2 syntax) matches the text (False where missing)."""
    import pyarrow.compute as pc

    from toxicity.features.text import to_arrow

    hit = pc.fill_null(pc.match_substring_regex(to_arrow(texts), pattern), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def _matches_codes(codes: np.ndarray, uniques: object, pattern: str) -> np.ndarray:
    """:func:`_matches` for texts already factorised (``codes`` into the Arrow array ``uniques``)."""
    import pyarrow.compute as pc

    if not len(uniques):  # type: ignore[arg-type]
        return np.zeros(len(codes), bool)
    hit = pc.fill_null(pc.match_substring_regex(uniques, pattern), False).to_numpy(zero_copy_only=False)
    return np.where(codes >= 0, np.append(hit, False)[codes], False)


#: Most words a keyword phrase has; longer anchors read as sentences.
KEYWORD_WORDS = 5


def _keyword_like(codes: np.ndarray, uniques: object) -> np.ndarray:
    """True where the anchor reads as a keyword phrase: at most :data:`KEYWORD_WORDS` words, none of
    them an article, demonstrative or pronoun (``budget travel tips``, not ``the dentist we use``)."""
    import pyarrow.compute as pc

    from toxicity.features.anchor import NOT_BARE_KEYWORD

    if not len(uniques):  # type: ignore[arg-type]
        return np.zeros(len(codes), bool)
    words = pc.count_substring_regex(uniques, r"[^\s]+").to_numpy(zero_copy_only=False)
    pattern = r"(?i)(^|[^\pL])(" + "|".join(sorted(NOT_BARE_KEYWORD)) + r")([^\pL]|$)"
    sentence = pc.fill_null(pc.match_substring_regex(uniques, pattern), True).to_numpy(zero_copy_only=False)
    ok = (words <= KEYWORD_WORDS) & ~sentence
    return np.where(codes >= 0, np.append(ok, False)[codes], False)


def _modifier_pattern() -> str:
    """An RE2 pattern matching any commercial modifier as a whole word or phrase."""
    from toxicity.features.profile import COMMERCIAL_MODIFIERS

    words = "|".join(sorted((re.escape(m) for m in COMMERCIAL_MODIFIERS), key=len, reverse=True))
    return rf"(?i)(^|[^\pL\pN])({words})([^\pL\pN]|$)"


_PAGE_RE = re.compile(r"^[a-z][a-z0-9+.-]*://(www\.)?")


def _target_page_codes(links: pd.DataFrame) -> np.ndarray:
    """Code per link of its target page (-1: none): the URL lower-cased, without scheme, ``www.``,
    query, fragment or trailing slash, worked on distinct targets (a site has few)."""
    from toxicity.features.text import codes_of

    codes, uniques = codes_of(links["target_url"])
    pages = [
        _PAGE_RE.sub("", str(u).lower()).split("#", 1)[0].split("?", 1)[0].rstrip("/")
        for u in uniques.to_pylist()
    ]
    page_codes, _ = pd.factorize(np.asarray(pages, dtype=object))
    return np.where(codes >= 0, np.append(page_codes, -1)[codes], -1)


def _pair_counts(dcode: np.ndarray, a_codes: np.ndarray) -> np.ndarray:
    """Per link: links of the same referring domain with the same anchor (0 where the anchor is missing)."""
    if not len(dcode):
        return np.zeros(0)
    key = dcode.astype(np.int64) * (int(a_codes.max()) + 2) + (a_codes + 1)
    codes, uniques = pd.factorize(key)
    counts = np.bincount(codes, minlength=len(uniques)).astype(float)
    return np.where(a_codes >= 0, counts[codes], 0.0)


def _subnet_codes(links: pd.DataFrame) -> np.ndarray:
    """Code of the /24 subnet of each link's host (-1: unknown): the export's subnet column, else cut
    from an IPv4 address. Worked on distinct values only."""
    from toxicity.features.text import codes_of

    n = len(links)
    out = np.full(n, -1, dtype=np.int64)
    names: dict[str, int] = {}
    for column, cut in (("subnet", False), ("ip", True)):
        if column not in links.columns or not links[column].notna().any():
            continue
        codes, uniques = codes_of(links[column])
        texts = [str(u).strip().lower() for u in uniques.to_pylist()]
        if cut:
            texts = [
                ".".join(t.split(".")[:3]) if t.count(".") == 3 and t.replace(".", "").isdigit() else ""
                for t in texts
            ]
        ids = np.array([names.setdefault(t, len(names)) if t else -1 for t in texts] + [-1], dtype=np.int64)
        fill = (out < 0) & (codes >= 0)
        out[fill] = ids[codes[fill]]
    return out


class _Matrix:
    """The evidence values as one float32 matrix (rows x :data:`SIGNALS`), written column by column."""

    def __init__(self, n: int) -> None:
        self.matrix = np.full((n, len(SIGNALS)), np.nan, dtype=np.float32)
        self._at = {s.code: j for j, s in enumerate(SIGNALS)}

    def __setitem__(self, code: str, column: np.ndarray) -> None:
        self.matrix[:, self._at[code]] = column

    def __getitem__(self, code: str) -> np.ndarray:
        return self.matrix[:, self._at[code]]


def gather_evidence(
    links: pd.DataFrame,
    features: pd.DataFrame,
    dcode: np.ndarray,
    *,
    page_hard: np.ndarray | None = None,
) -> Evidence:
    """Every :data:`SIGNALS` value for canonical link records and their features.

    Parameters
    ----------
    links : canonical link records
    features : :func:`toxicity.features.build_features` of ``links`` (same row order)
    dcode : referring-domain code per link (``pd.factorize`` of the domain column)
    page_hard : per link, True where the fetched page shows a hard signal (hidden spam block, hidden
        link, spam neighbourhood); None when no pages were fetched
    """
    from toxicity.features.text import anchor_codes_of

    n = len(links)
    n_domains = int(dcode.max()) + 1 if n else 0
    values = _Matrix(n)

    # Public lists: a bit per list, so the words can name them.
    listed_cols = [c for c in features.columns if c.startswith("listed_") and c != "listed_any"]
    if listed_cols:
        m = features[listed_cols].fillna(0).to_numpy() > 0
        bits = m.astype(np.int64) @ (1 << np.arange(len(listed_cols), dtype=np.int64))
        values["listed"] = np.where(bits > 0, bits, np.nan)
    if page_hard is not None:
        values["page_hard"] = np.where(page_hard, 1.0, np.nan)

    # The export's own verdicts.
    values["export_spam"] = np.where(_on(features, "export_spam"), 1.0, np.nan)
    values["spam_score"] = _col(features, "spam_score")
    values["off_topic_category"] = np.where(_on(features, "off_topic_category"), 1.0, np.nan)
    spam_words = _col(features, "off_topic_spam")
    values["off_topic_spam"] = np.where(spam_words >= 1, spam_words, np.nan)
    # Link-drop pages: comment threads and member profiles (2) weigh more than links pages and
    # directories (1), which honest sites have too.
    drop = np.where(_on(features, "path_footprint"), 1.0, np.nan)
    comment_or_profile = _matches(links["source_url"], DROP_PAGE_RE)
    for kind in ("page_type", "platform"):
        if kind in links.columns:
            comment_or_profile |= _matches(links[kind], DROP_PAGE_KIND_RE)
    drop[comment_or_profile] = 2.0
    values["link_drop_page"] = drop
    campaign = pd.Series(dcode[comment_or_profile]).nunique() if n else 0
    values["link_drop_campaign"] = np.where(comment_or_profile, float(campaign), np.nan)
    values["tld_abuse"] = _col(features, "tld_abuse_rate")

    # A hacked or injected page: off-topic spam words on a site that is not listed and has a real audience.
    listed_any = ~np.isnan(values["listed"])
    audience = np.expm1(_col(features, "log_domain_traffic")) >= AUDIENCE
    values["hacked_page"] = np.where((spam_words >= 2) & audience & ~listed_any, spam_words, np.nan)

    # Authority without traffic: a Domain Rating that no audience backs.
    dr = _col(features, "domain_rating")
    traffic = np.expm1(_col(features, "log_domain_traffic"))
    values["authority_without_traffic"] = np.where((dr >= AUTHORITY_DR) & (traffic <= NO_TRAFFIC), dr, np.nan)

    # Commercial (keyword-targeted) anchors across the profile: exact-match money anchors, and partial
    # ones that carry a commercial modifier ("best dentist glasgow") or read as a keyword phrase
    # ("things to do in lisbon"); a sentence that mentions a keyword ("the dentist we use") is partial
    # too, but it is how people link, not an optimised anchor.
    a_codes, a_uniques = anchor_codes_of(links["anchor"])
    modified = _matches_codes(a_codes, a_uniques, _modifier_pattern())
    keyword_like = _keyword_like(a_codes, a_uniques)
    money = _on(features, "anchor_money_exact") | (
        _on(features, "anchor_money_partial") & (modified | keyword_like)
    )
    money_anchor = np.where(money & (a_codes >= 0), a_codes, -1)
    reach, money_share = prof.money_anchor_reach(dcode, money_anchor, a_codes >= 0)
    values["money_anchor_repeated"] = np.where(reach >= 1, reach, np.nan)
    values["money_anchor_profile"] = np.where(money, money_share, np.nan)
    spammy_anchor = money | (np.nan_to_num(_col(features, "spam_words_anchor")) > 0)

    # Sitewide or footer placement with a commercial anchor (paid links' usual shape).
    # The export's own measure (Ahrefs "Links in group", a Semrush "Sitewide" flag), or, outside the
    # main content, many links from one domain with this very anchor.
    group = np.fmax(
        _col(features, "links_in_group"), np.where(_on(features, "sitewide"), SITEWIDE_GROUP, np.nan)
    )
    same_anchor = _pair_counts(dcode, a_codes)
    footer_many = _on(features, "boilerplate_link") & (same_anchor >= SITEWIDE_GROUP)
    sitewide = (np.nan_to_num(group) >= SITEWIDE_GROUP) | footer_many
    values["sitewide_money"] = np.where(
        sitewide & spammy_anchor, np.fmax(np.nan_to_num(group), same_anchor), np.nan
    )

    # Networks and bursts, per referring domain, then carried to every link of the domain.
    t_codes = _target_page_codes(links)
    s_codes = _subnet_codes(links)
    days = prof.day_numbers(links["first_seen"])  # once, for networks and bursts
    networks = prof.find_networks(
        dcode, n_domains, money_anchor=money_anchor, target=t_codes, subnet=s_codes, days=days
    )
    values["network"] = np.where(networks.size[dcode] > 0, networks.size[dcode].astype(float), np.nan)
    bursts = prof.burst_sizes(dcode, n_domains, days)
    values["burst"] = np.where(bursts[dcode] > 0, bursts[dcode].astype(float), np.nan)

    frame = pd.DataFrame(values.matrix, index=links.index, columns=[s.code for s in SIGNALS], copy=False)
    names = tuple(c[len("listed_") :].replace("_", " ") for c in listed_cols)
    return Evidence(
        frame,
        networks,
        listed_names=names,
        money_share=money_share,
        network_shared=networks.shared[dcode] if n else np.zeros(0, np.int64),
    )


#: Words of each signal: ``words(value, context)`` -> text. ``context`` holds the profile words.
Words = Callable[[float, Mapping[str, object]], str]


def _plural(n: float, one: str, many: str) -> str:
    return f"{n:.0f} {one if round(n) == 1 else many}"


def _listed(value: float, ctx: Mapping[str, object]) -> str:
    names = cast("Sequence[str]", ctx.get("listed_names") or ())
    bits = int(value)
    on = [str(n) for b, n in enumerate(names) if bits >> b & 1]
    return f"on a public toxic-link list ({', '.join(on)})" if on else "on a public toxic-link list"


def _network(value: float, ctx: Mapping[str, object]) -> str:
    bits = int(ctx.get("network_shared") or 0)  # type: ignore[call-overload]
    if bits & 1:
        bits &= ~4  # the same commercial anchor says more than commercial anchors
    what = " and ".join(w for b, w in enumerate(prof.FOOTPRINTS) if bits >> b & 1) or "footprints"
    return f"one of {value:.0f} referring domains sharing {what} (a link network)"


WORDS: dict[str, Words] = {
    "page_hard": lambda v, c: "the fetched page shows a hacked-site or link-scheme marker",
    "listed": _listed,
    "network": _network,
    "export_spam": lambda v, c: "the backlink tool itself marks it as spam",
    "spam_score": lambda v, c: f"the backlink tool rates it {v:.0f}/100 spammy",
    "off_topic_category": lambda v, c: (
        f"site in a spam category unrelated to {c.get('site') or 'the audited site'}"
    ),
    "off_topic_spam": lambda v, c: f"{_plural(v, 'spam word', 'spam words')} off-topic for {c.get('topic')}",
    "money_anchor_repeated": lambda v, c: (
        f"the same commercial anchor comes from {_plural(v, 'referring domain', 'referring domains')}"
    ),
    "sitewide_money": lambda v, c: (
        f"sitewide or footer link ({_plural(v, 'link', 'links')}) with a commercial anchor: "
        "the shape of a paid link"
    ),
    "money_anchor_profile": lambda v, c: (
        f"{v:.0%} of referring domains use commercial anchors (an over-optimised profile)"
    ),
    "burst": lambda v, c: (
        f"one of {v:.0f} referring domains that appeared within three weeks "
        "(a burst, as in a negative-SEO attack "
        "or a bought campaign)"
    ),
    "hacked_page": lambda v, c: (
        f"{_plural(v, 'spam word', 'spam words')} off-topic for {c.get('topic')} "
        "on a site with a real audience "
        "(a hacked or injected page)"
    ),
    "link_drop_page": lambda v, c: (
        "linking page is a comment thread or member profile"
        if v >= 2
        else "linking page is a links page or directory"
    ),
    "link_drop_campaign": lambda v, c: (
        f"one of {v:.0f} referring domains linking from comment threads or member profiles "
        "(a link-drop campaign)"
    ),
    "authority_without_traffic": lambda v, c: (
        f"Domain Rating {v:.0f} with almost no search traffic (authority without an audience)"
    ),
    "tld_abuse": lambda v, c: f"top-level domain with a {v:.0%} abuse rate on public lists",
}


def strength(code: str, value: float) -> float:
    """log of the signal's factor at ``value`` (how strongly it raises the odds)."""
    return math.log(SIGNALS_BY_CODE[code].factor_of(value))


def _steps_text(s: Signal) -> str:
    return ", ".join(
        f"x{f:g} from {low:g}" if low != 1 or len(s.steps) > 1 else f"x{f:g}" for low, f in s.steps
    )


#: What each signal means, for the README's table (kept beside the words, so they stay in step).
MEANING: dict[str, str] = {
    "page_hard": (
        "the fetched page hides a block of spam links, hides the link, or links out mostly to spam sites"
    ),
    "listed": "the domain or a parent is on a shipped public toxic-link list",
    "network": (
        "the domain belongs to a cluster of 3+ referring domains sharing a footprint (value: its size)"
    ),
    "export_spam": "the export's own tool marks the link as spam (Ahrefs `Is spam`)",
    "spam_score": "the export's spam score (Moz Spam Score, Semrush Toxicity Score)",
    "sitewide_money": (
        "sitewide or footer placement (Links in group 20+, Sitewide flag) with a commercial anchor"
    ),
    "off_topic_category": (
        "the site is in a spam category (gambling, adult, ...) that is not the audited site's niche"
    ),
    "off_topic_spam": "spam-vocabulary words on the linking page off the site's niche (value: how many)",
    "hacked_page": "2+ off-topic spam words on an unlisted site with 500+ monthly visits",
    "money_anchor_repeated": "the link's commercial anchor is used by N referring domains",
    "link_drop_page": "comment thread, forum post or member profile, by its URL or the export's page type "
    "(x4); links page or directory (x1.5)",
    "link_drop_campaign": "N referring domains link from comment threads or member profiles",
    "money_anchor_profile": (
        "share of referring domains that use commercial anchors, for commercial-anchor links"
    ),
    "burst": "N new referring domains within three weeks, 4x the profile's own pace or more",
    "authority_without_traffic": "Domain Rating 15+ with 20 or fewer monthly visits",
    "tld_abuse": "the TLD's share of listed domains on the toxic lists (value: the rate)",
}


def evidence_markdown() -> str:
    """The table of :data:`SIGNALS` for the README (``python -m toxicity.verdict.evidence`` prints it)."""
    lines = [
        "| signal | question | meaning | odds factor | holds medium |",
        "|---|---|---|---|---|",
    ]
    for s in SIGNALS:
        group = f" (one of group *{s.group}*)" if s.group else ""
        lines.append(
            f"| `{s.code}` | {s.question} | {MEANING[s.code]} | {_steps_text(s)}{group} | "
            f"{'yes' if s.floor else ''} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(evidence_markdown())
