"""Simulated backlink profiles of one audited site: natural links plus injected attacks, with the truth.

Public lists label *domains*; nobody publishes whole backlink profiles with the truth per referring
domain. To measure whether scoring finds attack patterns and leaves natural links alone, this module
builds such profiles: link records as the Ahrefs reader produces them (:mod:`toxicity.io.ahrefs`,
:func:`toxicity.schema.conform`) for one audited site, and one truth row per referring domain.

Host names are real: by default they come from the project's training set
(``training_data/domains.csv.gz``, see :func:`toxicity.model.training.find_training_data`); for an
online-casino site some natural links come from gambling sites of the shipped category lookup (a casino
linked from casino sites is normal). Everything around a host (pages, anchors, metrics, dates, flags,
text) is simulated, with every parameter drawn per seed from a range so that no two profiles share
one shape. The patterns (:data:`PATTERNS`) and the ranges drawn (:data:`DOMAIN_RANGES` and the
``params`` of each profile):

``natural``
    80-300 referring domains from ordinary small sites (UT1 blog, press, sports, shopping ...;
    1-4% popular sites; for an online casino 40-70% gambling sites), 1-5 links each (about 4.5% of
    domains 6-24). Anchors mostly brand (35-55%), naked URL (15-25%), generic (10-20%) and
    descriptive phrases (8-15%); at most 4.5% partial topical and 0-2% exact-match anchors; 1-4%
    image links.
    Targets mostly the home page (65-80%). Domain Rating 0-90 (two thirds 5-40), traffic roughly
    exponential in DR and 0 for 45% of sites below DR 15. First seen over 3-6 years with mild growth
    (the link rate at the end 1.1-1.8 times that at the start); nofollow 18-32%; titles on the linking
    site's own topic; 85-95% English; 2-8% of links lost (``Lost status`` from Ahrefs' lost reasons
    ``removedfromhtml``, ``notfound``, ``pageredirected``, ``noindex``, with a ``Lost`` date).
``pbn``
    10-30 domains (real clean-side hosts that read as expired and reused, the rest from the
    ``pbn_operator`` and ``content_farm`` groups), 1-2 dofollow in-content links each with exact
    money anchors to one or two money pages, all first seen within 14-28 days, DR 15-40, ~0 traffic,
    titles on assorted unrelated topics.
``negative_seo``
    100-400 domains from the toxic side (referrer spam, SEO spam, spamdexing, community disavow
    files ...), all first seen within 7-14 days, DR 0-10, low traffic, hundreds of outbound links per
    page, 1-4 links (about a third) or 5-50 links per domain; spam anchors (casino, pharma, adult,
    loans, "buy backlinks" ...) with some exact money anchors; mixed languages.
``paid_sitewide``
    2-6 commercial sites (DR 20-60, real traffic), 50-300 footer links each (``Content`` false,
    ``Links in group`` = the footer count), one money anchor per site (often the same for all),
    dofollow, found within weeks of one purchase date.
``comment_spam``
    20-60 off-topic blogs, comment links (``/2019/05/post-name/#comment-1234``, ``?replytocom=``),
    mostly ugc/nofollow, anchors mixing money keywords, commenter names and naked URLs.
``profile_spam``
    20-60 forum/member profile pages (``/members/<user>/``, ``/forum/profile.php?id=``), low DR,
    anchors naked URL or money; 15-35% of the hosts from the toxic side.
``hacked``
    5-15 legitimate clean-side hosts (DR 10-55, real traffic) whose injected pages carry off-topic
    spam words in title and context, dofollow money or spam anchors.

Every referring domain (registrable domain, private suffixes on) has exactly one pattern, and the
audited site's own domain never links. The same arguments and seed give the same profile.

Examples
--------
>>> p = simulate_profile(natural=30, attacks={"pbn": 10}, seed=1, hosts=["a-blog.org", "b-news.com"])
>>> sorted(p.truth["pattern"].unique())
['natural', 'pbn']
>>> int(p.truth["toxic"].sum())
10
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toxicity.domains import domains_of, host_of_url, hosts_of, is_public_suffix, registrable_domain
from toxicity.errors import UsageError
from toxicity.io.ahrefs import HEADER
from toxicity.schema import LINK_COLUMNS, conform, empty_links

#: Every pattern a referring domain can have in ``truth``; all but ``natural`` are attacks (toxic).
PATTERNS: tuple[str, ...] = (
    "natural",
    "pbn",
    "negative_seo",
    "paid_sitewide",
    "comment_spam",
    "profile_spam",
    "hacked",
)
ATTACKS: tuple[str, ...] = PATTERNS[1:]
#: Number of referring domains drawn per pattern when the caller does not fix it (inclusive range).
DOMAIN_RANGES: Mapping[str, tuple[int, int]] = {
    "natural": (80, 300),
    "pbn": (10, 30),
    "negative_seo": (100, 400),
    "paid_sitewide": (2, 6),
    "comment_spam": (20, 60),
    "profile_spam": (20, 60),
    "hacked": (5, 15),
}
#: Ahrefs-only columns of a profile (``SimulatedProfile.export_fields``): the export carries them,
#: the canonical record does not.
EXPORT_FIELDS: tuple[str, ...] = (
    "platform",
    "linked_domains",
    "keywords",
    "type",
    "content",
    "rendered",
    "raw",
    "lost_status",
    "drop_reason",
    "discovered_status",
    "lost_date",
    "links_in_group",
)

# ---------------------------------------------------------------------------------------------------
# Niches of the audited site
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Niche:
    """What links to a site of one niche say: money keywords, pages, natural anchors and contexts.

    Templates may use ``{city}``, ``{brand}``, ``{noun}`` and ``{thing}``.
    """

    topic: str
    noun: str  # what the business is called in a sentence ("dentist", "plumber")
    things: tuple[str, ...]  # services, used in natural sentences
    money: tuple[str, ...]  # exact-match money keywords
    money_pages: tuple[str, ...]
    inner_pages: tuple[str, ...]
    partial: tuple[str, ...]
    descriptive: tuple[str, ...]
    contexts: tuple[tuple[str, str], ...]
    local: bool = True
    gambling: bool = False


NICHES: Mapping[str, Niche] = {
    "dental clinic": Niche(
        topic="dental clinic",
        noun="dentist",
        things=("teeth whitening", "a check-up", "dental implants", "a filling", "braces"),
        money=(
            "emergency dentist {city}",
            "best dentist {city}",
            "dentist {city}",
            "dental implants {city}",
            "teeth whitening {city}",
            "cosmetic dentist {city}",
            "invisalign {city}",
            "dentist near me",
        ),
        money_pages=(
            "/services/emergency-dentist/",
            "/dental-implants/",
            "/teeth-whitening/",
            "/cosmetic-dentistry/",
            "/invisalign/",
        ),
        inner_pages=(
            "/about-us/",
            "/contact/",
            "/our-team/",
            "/new-patients/",
            "/blog/how-often-should-you-floss/",
            "/blog/kids-first-dental-visit/",
            "/fees/",
        ),
        partial=("dental clinic in {city}", "{city} dentist", "family dentist", "dental care in {city}"),
        descriptive=(
            "the dentist who fixed my chipped tooth",
            "this friendly family practice",
            "our local dental clinic",
            "a dentist that actually explains things",
        ),
        contexts=(
            ("Our son had his first check-up at", "and the staff were lovely with him."),
            ("I finally found a dentist I am not scared of:", "- highly recommended if you are nervous."),
            ("Thanks to", "for sponsoring the under-12s this season."),
        ),
    ),
    "plumbing services": Niche(
        topic="plumbing services",
        noun="plumber",
        things=("a leaking tap", "a new boiler", "a blocked drain", "a burst pipe", "a water heater"),
        money=(
            "emergency plumber {city}",
            "24 hour plumber {city}",
            "plumber {city}",
            "blocked drains {city}",
            "boiler repair {city}",
            "water heater installation {city}",
            "plumber near me",
        ),
        money_pages=("/emergency-plumber/", "/drain-cleaning/", "/boiler-repair/", "/water-heaters/"),
        inner_pages=("/about/", "/contact-us/", "/reviews/", "/areas-we-cover/", "/blog/frozen-pipes-tips/"),
        partial=("plumbing in {city}", "{city} plumber", "local plumbing company", "plumbing repairs"),
        descriptive=(
            "the plumber who saved our kitchen",
            "this reliable local firm",
            "the lads who fitted our boiler",
            "a plumber who turns up on time",
        ),
        contexts=(
            ("Our boiler died on Christmas Eve and", "had someone out within the hour."),
            ("For the bathroom we used", "and they left the place spotless."),
            ("Thanks to", "for supporting the club's new changing rooms."),
        ),
    ),
    "bakery": Niche(
        topic="bakery",
        noun="bakery",
        things=("sourdough", "a birthday cake", "croissants", "a wedding cake", "cinnamon buns"),
        money=(
            "best bakery {city}",
            "wedding cakes {city}",
            "sourdough bread {city}",
            "birthday cakes {city}",
            "custom cakes {city}",
            "gluten free bakery {city}",
            "bakery near me",
        ),
        money_pages=("/wedding-cakes/", "/order-online/", "/custom-cakes/", "/shop/sourdough/"),
        inner_pages=("/about/", "/visit-us/", "/menu/", "/our-story/", "/blog/how-we-make-sourdough/"),
        partial=("bakery in {city}", "{city} bakery", "artisan bread", "fresh pastries"),
        descriptive=(
            "the little bakery on the corner",
            "the best croissants I have had",
            "this family-run bakery",
            "where we got our wedding cake",
        ),
        contexts=(
            ("Saturday mornings start with a loaf from", "and a long walk by the river."),
            ("Our wedding cake came from", "and guests are still talking about it."),
            ("Refreshments at the fete were kindly donated by", "."),
        ),
    ),
    "law firm": Niche(
        topic="law firm",
        noun="law firm",
        things=("a will", "a divorce", "an injury claim", "a property purchase", "a dispute"),
        money=(
            "personal injury lawyer {city}",
            "divorce attorney {city}",
            "car accident lawyer {city}",
            "criminal defense attorney {city}",
            "best lawyer {city}",
            "immigration lawyer {city}",
            "lawyer near me",
        ),
        money_pages=("/personal-injury/", "/family-law/divorce/", "/criminal-defense/", "/immigration/"),
        inner_pages=(
            "/about/",
            "/attorneys/",
            "/contact/",
            "/case-results/",
            "/blog/what-to-do-after-a-crash/",
        ),
        partial=("law firm in {city}", "{city} attorneys", "legal advice", "family lawyers"),
        descriptive=(
            "the firm that handled my claim",
            "a lawyer who returns your calls",
            "this local practice",
            "the attorneys who spoke at our meetup",
        ),
        contexts=(
            ("After the accident I spoke to", "and they explained my options clearly."),
            ("This year's charity run was sponsored by", "- thank you!"),
            ("For a second opinion we went to", "."),
        ),
    ),
    "online casino": Niche(
        topic="online casino",
        noun="casino",
        things=("the welcome bonus", "live roulette", "free spins", "the slots", "fast payouts"),
        money=(
            "best online casino",
            "online casino",
            "casino bonus",
            "free spins no deposit",
            "online slots real money",
            "live casino",
            "casino welcome bonus",
        ),
        money_pages=("/bonus/", "/slots/", "/live-casino/", "/promotions/free-spins/"),
        inner_pages=("/about/", "/responsible-gaming/", "/payments/", "/vip/", "/help/"),
        partial=("new online casino", "casino games", "slots site", "real money casino"),
        descriptive=(
            "a casino that pays out quickly",
            "this licensed operator",
            "the site with the best live tables",
            "our top pick this month",
        ),
        contexts=(
            ("Our full review of", "covers bonuses, payouts and support."),
            ("Players who like live roulette should look at", "."),
            ("New this month:", "with a generous welcome package."),
        ),
        local=False,
        gambling=True,
    ),
    "travel blog": Niche(
        topic="travel blog",
        noun="travel blog",
        things=("Lisbon", "a road trip", "Vietnam", "travel insurance", "packing lists"),
        money=(
            "best travel blog",
            "things to do in lisbon",
            "budget travel tips",
            "backpacking southeast asia",
            "best travel insurance",
            "cheap flights",
        ),
        money_pages=(
            "/things-to-do-in-lisbon/",
            "/travel-insurance/",
            "/backpacking-southeast-asia/",
            "/budget-travel/",
        ),
        inner_pages=(
            "/about/",
            "/destinations/",
            "/contact/",
            "/packing-list/",
            "/2024/03/three-days-in-porto/",
        ),
        partial=("travel guides", "travel tips", "Portugal travel guide", "backpacking blog"),
        descriptive=(
            "this brilliant guide to Lisbon",
            "a couple who travel full time",
            "my favourite travel writers",
            "their honest packing list",
        ),
        contexts=(
            ("Before our trip I read", "cover to cover."),
            ("For more itineraries like this, see", "."),
            ("I picked up this tip from", "and it saved us a fortune."),
        ),
        local=False,
    ),
}

#: An example audited site for each built-in niche (the brand is derived from the name).
EXAMPLE_SITES: Mapping[str, str] = {
    "dental clinic": "brightsmile-dental.com",
    "plumbing services": "rapidflow-plumbing.com",
    "bakery": "sweetcrumb-bakery.co.uk",
    "law firm": "hartwell-law.com",
    "online casino": "luckyreels-casino.com",
    "travel blog": "wanderlust-diaries.com",
}

_CITIES = (
    "Boston",
    "Denver",
    "Austin",
    "Leeds",
    "Bristol",
    "Manchester",
    "Seattle",
    "Portland",
    "Dublin",
    "Melbourne",
    "Toronto",
    "Phoenix",
    "Glasgow",
    "Auckland",
)

# Natural contexts for any niche (``{noun}``, ``{city}``, ``{thing}``).
_NATURAL_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("A reader asked me for a good {noun} in {city}; I always point people to", "."),
    ("We have used", "for years and never had a problem."),
    ("If you need {thing}, try", "- they were great with us."),
    ("Local businesses supporting this year's festival include", "and many others."),
    ("More about them on", "."),
    ("", ""),
    ("Recommended by our members:", ""),
)
_INTROS = (
    "",
    "",
    "",
    "Last week",
    "As promised,",
    "For anyone asking,",
    "Quick shout-out:",
    "Update:",
    "Like every year,",
    "P.S.",
    "Honestly,",
    "On a different note,",
)
_DESCRIPTIVE = (
    "the {noun} we use",
    "our {noun}",
    "the {noun} down the road",
    "the team that did {thing} for us",
    "where I go for {thing}",
    "this {noun}",
    "the {noun} my neighbour recommended",
    "our go-to {noun}",
    "the people who helped with {thing}",
    "a {noun} I trust",
    "the one we ended up choosing",
    "these folks",
    "this lovely team",
    "the place I mentioned last time",
)
_DESCRIPTIVE_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("We always recommend", "."),
    ("It was", "that sorted it out."),
    ("", ""),
    ("In the end we went with", "and have not looked back."),
    ("A friend told us about", "."),
)
_GENERIC_ANCHORS = (
    "website",
    "here",
    "click here",
    "this website",
    "their site",
    "read more",
    "visit website",
    "link",
    "homepage",
    "this page",
)
_GENERIC_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("You can find out more about {thing} on their", "."),
    ("Book online", "or give them a call."),
    ("They have a page about {thing}", "."),
    ("Details", ""),
)

#: Spam anchors of a negative-SEO blast and of hacked pages.
SPAM_ANCHORS: tuple[str, ...] = (
    "online casino",
    "casino bonus",
    "free spins",
    "slot gacor",
    "judi online",
    "buy viagra",
    "cheap cialis",
    "viagra online",
    "pharmacy no prescription",
    "porn videos",
    "free porn",
    "xxx videos",
    "payday loans",
    "fast cash loans",
    "buy backlinks",
    "cheap seo backlinks",
    "seo services",
    "replica watches",
    "escort service",
    "essay writing service",
    "bitcoin casino",
    "sports betting tips",
)
_SPAM_TITLES = (
    "Free Casino Bonus Codes {year}",
    "Cheap Viagra Online No Prescription",
    "Best Porn Videos - Free XXX",
    "Payday Loans Fast Approval Bad Credit",
    "Buy Backlinks Cheap - SEO Services",
    "Replica Watches Sale",
    "Slot Gacor Hari Ini Terpercaya",
    "Just another WordPress site",
    "Index of /",
    "Page {n} of {m}",
    "Untitled Document",
    "Bitcoin Casino No Deposit Bonus",
    "Essay Writing Service Cheap",
    "{kw} | {kw2} | {kw3}",
)
_SPAM_PATHS = (
    "/?p={n}",
    "/tag/{kw}/page/{n}/",
    "/{x:x}.html",
    "/search/{kw}",
    "/{kw}-{n}/",
    "/links/{n}.php",
)
_SPAM_CONTEXT_WORDS = (
    "casino",
    "viagra",
    "cialis",
    "porn",
    "loans",
    "payday",
    "backlinks",
    "seo",
    "slot",
    "betting",
    "replica",
    "pills",
    "xxx",
    "escort",
    "cheap",
    "online",
    "best",
    "free",
    "bonus",
    "pharmacy",
)
_SPAM_LANGUAGES = ("en", "en", "en", "en", "ru", "zh", "pl", "id", "vi", "", "", "de", "pt")
_NATURAL_LANGUAGES = ("de", "fr", "es", "nl", "it", "")

# Headlines of the linking site's own topic, by category of the linking host.
_HEADLINES: Mapping[str, tuple[str, ...]] = {
    "blog": (
        "What I learned after a year of running",
        "Our weekend in the countryside",
        "Five easy weeknight dinners",
        "Decluttering the spare room, finally",
        "Life update: new job, new city",
        "My favourite local spots this spring",
        "A rainy day at the museum",
        "Notes from the allotment",
    ),
    "press": (
        "Council approves new cycle lanes on the high street",
        "Community spotlight: ten small businesses to know",
        "Local charity run raises record sum",
        "School fete returns after three years",
        "New market hall opens its doors",
        "Residents celebrate the river clean-up",
        "Business awards: the shortlist",
    ),
    "sports": (
        "Match report: late goal seals the derby",
        "Youth league results and fixtures",
        "Club sponsors for the new season",
        "Tournament preview: who can stop the champions?",
        "Training schedule for the summer",
        "End of season awards night",
    ),
    "shopping": (
        "Gift guide for the holidays",
        "Customer favourites this month",
        "Our partners",
        "New arrivals and local makers",
        "Shop local: our neighbours on the street",
    ),
    "audio-video": (
        "Episode 42: local heroes",
        "Playlist of the week",
        "Behind the scenes of our new video",
        "Film night listings",
    ),
    "radio": (
        "Morning show: today's guests",
        "Community notices",
        "Listener shout-outs",
        "Programme schedule",
    ),
    "celebrity": (
        "Star style: red carpet looks",
        "Who wore it best?",
        "Celebrity smile secrets",
        "Weekly gossip round-up",
    ),
    "manga": (
        "Top ten manga of the season",
        "Chapter review and discussion",
        "Convention diary",
        "Fan art gallery",
    ),
    "bank": (
        "Small business stories",
        "Supporting our local community",
        "Customer stories",
        "Community fund winners",
    ),
    "financial": (
        "Budgeting tips for families",
        "Small business grants explained",
        "Market notes",
        "Money diaries",
    ),
    "other": (
        "Links and resources",
        "Community directory",
        "Useful local services",
        "Member benefits",
        "Our sponsors",
    ),
    "webmail": ("Help and support", "Service announcements", "Partner offers"),
    "popular": (
        "Ten independent businesses changing their neighbourhoods",
        "The best small businesses of the year",
        "How local firms are coping with rising costs",
        "Readers' recommendations",
    ),
    "gambling": (
        "Best online casinos reviewed",
        "Casino bonus guide: wagering explained",
        "Roulette strategy for beginners",
        "New casinos this month",
        "Live dealer games compared",
        "Fast withdrawal casinos",
    ),
}
_UNRELATED_TITLES = (
    "7 Ways to Improve Your Morning Routine",
    "How to Choose the Right Running Shoes",
    "The Beginner's Guide to Home Composting",
    "Why Your Houseplants Keep Dying",
    "10 Tips for Working From Home",
    "Best Budget Laptops for Students",
    "How to Save Money on Car Insurance",
    "A Simple Guide to Meal Prep",
    "What to Pack for a Weekend Hike",
    "How to Keep Your Dog Calm During Fireworks",
    "Choosing a Mattress: What Really Matters",
    "Home Office Lighting Ideas",
    "The Benefits of Cold Showers",
    "How to Start a Vegetable Garden",
    "Understanding Your Energy Bill",
    "Easy DIY Bathroom Upgrades",
    "Smart Home Gadgets Worth Buying",
    "How to Plan a Family Budget",
    "Fitness Trends to Watch",
    "Caring for Leather Furniture",
)
_PBN_LEFT = (
    "When it comes to finding trustworthy help, many people recommend",
    "If you are looking for reliable service, consider",
    "There are plenty of options out there, but",
    "Experts agree that choosing the right provider matters. Check out",
    "For more information, you can visit",
)
_PBN_RIGHT = (
    "who have years of experience in the field.",
    "for professional advice.",
    "- they offer competitive prices and great customer service.",
    "and read their reviews before deciding.",
    ".",
)
_FIRST_NAMES = (
    "Emily",
    "Mike",
    "Sarah",
    "John",
    "Anna",
    "David",
    "Jessica",
    "Tom",
    "Laura",
    "Chris",
    "Maria",
    "Alex",
)
_LAST_NAMES = ("Smith", "Carter", "Johnson", "Brown", "Lee", "Walker", "Young", "Harris", "Clark", "Lewis")
_COMMENT_LEFT = (
    "Great post, thanks for sharing! If anyone needs",
    "Very informative article. I recently found",
    "Nice read. For people in the area,",
    "Thanks, this helped a lot. Also check",
    "I agree with the author. By the way,",
)
_COMMENT_RIGHT = (
    "is the best I have found.",
    "- highly recommend them.",
    "helped me a lot.",
    "Keep up the good work!",
    "says: Great blog, very useful information.",
)
_COMMENT_BODIES = (
    "Great post, very informative. Thanks for sharing!",
    "I have been looking for this for ages, bookmarked.",
    "Nice article, keep up the good work.",
    "Really helpful, thank you so much!",
    "Interesting read, I will share it with my friends.",
)
_FORUM_LEFT = ("Website:", "Homepage", "About me:", "Location: {city} Website", "Signature:")

# Fallback host names for when the training set is not there or a caller's ``hosts`` run short.
_FALLBACK_CLEAN = (
    "riverside-gazette.com",
    "greenlane-blog.net",
    "northfield-news.org",
    "hilltop-runners.org",
    "meadowbrook-crafts.com",
    "oakwood-community.org",
    "citycyclists.net",
    "harbourview-times.com",
    "maplestreet-kitchen.com",
    "bluebell-allotments.org",
)
_FALLBACK_SPAM = (
    "best-seo-links.xyz",
    "free-casino-bonus.top",
    "cheap-pills-online.ru",
    "backlinks-4u.info",
    "top-traffic-seo.site",
    "xxx-videos-free.online",
    "loans-fast-cash.click",
    "seo-rank-boost.biz",
)
_FALLBACK_GAMBLING = ("casino-reviews-hub.com", "slots-guide.net", "roulette-tips.org", "bonus-finder.com")
_FALLBACK_WORDS = (
    "green", "river", "local", "kitchen", "north", "maple", "craft", "pixel", "garden", "harbour",
    "valley", "stone", "bright", "cedar", "willow", "summit", "coast", "meadow", "urban", "amber",
)  # fmt: skip
_SPAM_WORDS_FOR_HOSTS = ("seo", "links", "rank", "traffic", "cheap", "free", "top", "best", "promo", "boost")
_FALLBACK_TLDS = ("com", "com", "net", "org", "co.uk", "info", "de", "io")

#: Natural linking categories (UT1 groups of the training set) and their weights.
_NATURAL_CATEGORIES: Mapping[str, float] = {
    "blog": 0.28,
    "press": 0.22,
    "shopping": 0.12,
    "sports": 0.12,
    "other": 0.08,
    "audio-video": 0.05,
    "radio": 0.04,
    "celebrity": 0.03,
    "manga": 0.02,
    "bank": 0.02,
    "financial": 0.02,
}
#: Training-set sources whose sites do not write about anybody (translation services, webmail portals).
_NOT_LINKING_SOURCES = ("clean:ut1_translation", "clean:ut1_webmail")


# ---------------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------------


@dataclass
class SimulatedProfile:
    """One simulated backlink profile of an audited site, and the truth per referring domain.

    Attributes
    ----------
    links : DataFrame
        Canonical link records (:func:`toxicity.schema.conform`), one row per link, exactly as
        :func:`toxicity.io.read_export` reads the file :func:`write_ahrefs_export` writes: the columns
        the Ahrefs export carries are filled, the others missing; ``source_format`` is ``ahrefs``.
    truth : DataFrame
        One row per referring domain (``links["source_domain"]``): ``domain``, ``pattern`` (one of
        :data:`PATTERNS`), ``toxic`` (every pattern but ``natural``), ``links`` (link rows), ``host``
        (the linking host) and ``host_source`` (the training-set group the host was drawn from,
        ``category:gambling`` for the category lookup, ``fallback`` for a built-in name).
    site, topic, brand, city : str
        The audited site (registrable domain), its topic, the brand derived from the site name and
        the city of its money keywords ('' for a niche that is not local).
    export_date : Timestamp
        The day the export was taken; every date lies before it.
    export_fields : DataFrame
        Ahrefs-only values per link (same index as ``links``, columns :data:`EXPORT_FIELDS`), as text:
        what the export carries and the canonical record does not (platform, ``Content``,
        ``Links in group``, ``Lost status`` ...).
    params : dict
        The parameters drawn for this seed (per-pattern domain counts, windows, shares).
    """

    links: pd.DataFrame
    truth: pd.DataFrame
    site: str
    topic: str
    brand: str = ""
    city: str = ""
    export_date: pd.Timestamp = field(default_factory=lambda: pd.Timestamp("2026-01-01"))
    export_fields: pd.DataFrame = field(default_factory=pd.DataFrame)
    params: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Host:
    host: str
    domain: str
    source: str
    category: str = "other"


@lru_cache(maxsize=2)
def _training_hosts(path: str | None) -> pd.DataFrame:
    from toxicity.model.training import find_training_data

    f = find_training_data(path)
    return pd.read_csv(
        f,
        usecols=["domain", "host", "label", "source", "source_group"],
        dtype={"domain": "string", "host": "string", "source": "string", "source_group": "string"},
        keep_default_na=False,
    )


@lru_cache(maxsize=1)
def _gambling_hosts() -> tuple[str, ...]:
    """Hosts on the gambling category list only (no adult, scam ... bit), on no toxic list, word-like
    names.
    """
    from toxicity import lookups

    index, masks = lookups._category_masks()
    names = np.asarray(index, dtype=object)
    pick = names[masks == 1]  # gambling and nothing else
    # Affiliate and review sites read like words on an ordinary TLD; numbered mirrors do not.
    pick = np.asarray(
        [
            h
            for h in pick
            if isinstance(h, str)
            and h.count(".") <= 2
            and h.count("-") <= 1
            and not any(ch.isdigit() for ch in h)
            and h.endswith((".com", ".net", ".org", ".co.uk", ".de", ".ca", ".com.au", ".ie", ".eu", ".info"))
        ],
        dtype=object,
    )
    if not len(pick):
        return ()
    listed = lookups.listed_toxic(pick.tolist()).to_numpy().any(axis=1)
    return tuple(sorted(pick[~listed].tolist()))


@dataclass(frozen=True)
class _HostTable:
    """Candidate linking hosts as arrays, and the positions of each pool of hosts."""

    host: np.ndarray
    key: np.ndarray  # registrable domain of the host
    group: np.ndarray
    pools: Mapping[str, np.ndarray]


def _make_table(frame: pd.DataFrame) -> _HostTable:
    if "domain" not in frame.columns:
        raise UsageError(f"hosts needs a 'domain' column (found {', '.join(map(str, frame.columns[:8]))})")
    domain = frame["domain"].astype("string")
    host = frame["host"].astype("string") if "host" in frame.columns else pd.Series(pd.NA, index=frame.index)
    host = host.astype("string")
    host = hosts_of(host.mask(host.fillna("").str.strip() == "", domain).reset_index(drop=True))
    key = domains_of(host)
    label = (
        pd.to_numeric(frame["label"], errors="coerce").fillna(0).astype(int).to_numpy()
        if "label" in frame.columns
        else np.zeros(len(frame), dtype=int)
    )
    group = (
        frame["source_group"].astype("string").fillna("").to_numpy(dtype=object)
        if "source_group" in frame.columns
        else np.full(len(frame), "custom", dtype=object)
    )
    ok = host.notna().to_numpy(dtype=bool) & key.notna().to_numpy(dtype=bool)
    if "source" in frame.columns:  # translation services and webmail portals do not write about anybody
        ok &= ~frame["source"].astype("string").fillna("").isin(_NOT_LINKING_SOURCES).to_numpy(dtype=bool)
    # A host that is a public suffix itself (blogspot.rs) has no registrable domain to roll up to.
    ok &= ~np.asarray(
        [bool(h) and is_public_suffix(h) for h in host.to_numpy(dtype=object, na_value="")], dtype=bool
    )
    # A key shared by several units (x.free.fr, y.free.fr) would merge two patterns in one domain: drop it.
    ok &= ~key.duplicated(keep=False).to_numpy(dtype=bool)
    host_arr = host.to_numpy(dtype=object, na_value="")[ok]
    key_arr = key.to_numpy(dtype=object, na_value="")[ok]
    label, group = label[ok], group[ok]
    g = pd.Series(group, dtype=object).astype(str)
    clean = label == 0
    spam = ~clean & ~g.isin(["pbn_operator", "site_disavow"]).to_numpy()
    pools: dict[str, np.ndarray] = {
        "clean": np.flatnonzero(clean & (g != "popular").to_numpy()),
        "popular": np.flatnonzero(clean & (g == "popular").to_numpy()),
        "pbn_listed": np.flatnonzero(g.isin(["pbn_operator", "content_farm"]).to_numpy()),
        "spam": np.flatnonzero(spam),
        "spam_disavow": np.flatnonzero(~clean & g.str.match(r"community_disavow|spamdexing").to_numpy()),
    }
    for cat in _NATURAL_CATEGORIES:
        pools[f"clean:{cat}"] = np.flatnonzero(clean & (g == f"ut1_{cat}").to_numpy())
    # Small sites that could be an expired domain, a forum or a blog (not a bank or a webmail portal).
    site_like = (
        g.str.startswith("ut1_").to_numpy() & ~g.isin(["ut1_bank", "ut1_financial", "ut1_webmail"]).to_numpy()
    )
    pools["clean_site"] = np.flatnonzero(clean & site_like)
    return _HostTable(host=host_arr, key=key_arr, group=group, pools=pools)


@lru_cache(maxsize=1)
def _default_table() -> _HostTable:
    return _make_table(_training_hosts(None))


def _host_table(hosts: pd.DataFrame | Iterable[str] | None) -> tuple[_HostTable, bool]:
    """Candidate hosts, and whether they are the training set."""
    if hosts is None:
        return _default_table(), True
    if isinstance(hosts, pd.DataFrame):
        return _make_table(hosts.reset_index(drop=True)), False
    return _make_table(pd.DataFrame({"domain": pd.array(list(hosts), dtype="string")})), False


class _HostPicker:
    """Draws hosts without replacement across patterns: each registrable domain is used once."""

    def __init__(self, table: _HostTable, rng: np.random.Generator, exclude: str, default: bool) -> None:
        self.rng = rng
        self.table = table
        self.used: set[str] = {exclude}
        self.default = default
        # Each pool in its own random order (pools in a fixed order, so the draws are reproducible).
        self.order = {name: rng.permutation(table.pools[name]) for name in sorted(table.pools)}
        self._pos: dict[str, int] = dict.fromkeys(self.order, 0)
        self._fallback_n = 0

    def _next(self, pool: str, category: str) -> _Host | None:
        items = self.order.get(pool)
        if items is None:
            return None
        t = self.table
        i = self._pos[pool]
        while i < len(items) and t.key[items[i]] in self.used:
            i += 1
        self._pos[pool] = i + 1
        if i >= len(items):
            return None
        j = items[i]
        self.used.add(t.key[j])
        group = str(t.group[j]) or "custom"
        cat = group[4:] if group.startswith("ut1_") else category
        return _Host(str(t.host[j]), str(t.key[j]), group, cat)

    def _fallback(self, kind: str, category: str) -> _Host:
        names = {"spam": _FALLBACK_SPAM, "gambling": _FALLBACK_GAMBLING}.get(kind, _FALLBACK_CLEAN)
        for name in names:
            if name not in self.used:
                self.used.add(name)
                return _Host(name, name, "fallback", category)
        while True:
            self._fallback_n += 1
            words = _SPAM_WORDS_FOR_HOSTS if kind == "spam" else _FALLBACK_WORDS
            a, b = self.rng.choice(len(words), 2, replace=False)
            tld = _FALLBACK_TLDS[int(self.rng.integers(len(_FALLBACK_TLDS)))]
            sep = "-" if kind == "spam" else ""
            name = f"{words[a]}{sep}{words[b]}{self._fallback_n}.{tld}"
            if name not in self.used:
                self.used.add(name)
                return _Host(name, registrable_domain(name), "fallback", category)

    def take(self, pools: Sequence[str], kind: str = "clean", category: str = "other") -> _Host:
        """The next unused host of the first pool that has one, else a built-in fallback name."""
        for pool in pools:
            h = self._next(pool, category)
            if h is not None:
                return h
        return self._fallback(kind, category)

    def take_gambling(self) -> _Host:
        if self.default:
            names = _gambling_hosts()
            for _ in range(50):
                if not names:
                    break
                h = names[int(self.rng.integers(len(names)))]
                d = registrable_domain(h)
                if d not in self.used:
                    self.used.add(d)
                    return _Host(h, d, "category:gambling", "gambling")
        return self._fallback("gambling", "gambling")


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def brand_of(site: str) -> str:
    """The brand an auditor would expect in anchors, from the site's name.

    Hyphenated parts are title-cased; a part that reads as two or three words is written in
    CamelCase.

    >>> brand_of("brightsmile-dental.com")
    'BrightSmile Dental'
    >>> brand_of("www.hartwell-law.co.uk")
    'Hartwell Law'
    """
    from toxicity.lookups import split_words

    host = host_of_url(site) or site
    label = registrable_domain(host).split(".")[0]
    parts = []
    for part in label.split("-"):
        if not part:
            continue
        words = split_words(part) if part.isalpha() else [part]
        if 2 <= len(words) <= 3 and "".join(words) == part and all(len(w) >= 3 for w in words):
            parts.append("".join(w.title() for w in words))
        else:
            parts.append(part.title())
    return " ".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70]


def _site_name(host: str) -> str:
    label = registrable_domain(host).split(".")[0]
    return " ".join(p.title() for p in re.split(r"[-_]+", label) if p) or host


def _pick(rng: np.random.Generator, seq: Sequence[Any]) -> Any:
    return seq[min(int(rng.random() * len(seq)), len(seq) - 1)]


def _weighted(rng: np.random.Generator, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    p = np.asarray([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _traffic(rng: np.random.Generator, dr: float, zero_share: float) -> int:
    """Organic traffic roughly exponential in DR, with wide noise; ``zero_share`` of sites have none."""
    if rng.random() < zero_share:
        return 0
    return round(10 ** (0.05 * dr + rng.normal(0.3, 0.7)))


def _stamp(export: datetime, days_before: float) -> datetime:
    """The moment ``days_before`` days before the export (never after it)."""
    return export - timedelta(seconds=max(int(days_before * 86400), 3600))


#: Natural DR bands, drawn uniformly: 12% 0-4, 66% 5-40, 18% 41-65, 4% 66-90.
_DR_BANDS = ((0, 4),) * 6 + ((5, 40),) * 33 + ((41, 65),) * 9 + ((66, 90),) * 2

_LOST_STATUS = (
    "removedfromhtml",
    "removedfromhtml",
    "removedfromhtml",
    "notfound",
    "pageredirected",
    "noindex",
)


def _lost(rng: np.random.Generator, first: datetime, export: datetime) -> tuple[str, datetime]:
    span = max((export - first).total_seconds() / 86400 - 2, 1)
    lost_at = first + timedelta(seconds=int(rng.uniform(min(14, span * 0.5), span) * 86400))
    return _pick(rng, _LOST_STATUS), lost_at


# ---------------------------------------------------------------------------------------------------
# The simulator
# ---------------------------------------------------------------------------------------------------


class _Builder:
    """Accumulates link rows for one profile."""

    def __init__(
        self,
        rng: np.random.Generator,
        site: str,
        niche: Niche,
        brand: str,
        city: str,
        export: datetime,
        www: bool,
    ) -> None:
        self.rng = rng
        self.site = site
        self.niche = niche
        self.brand = brand
        self.city = city
        self.export = export
        self.home = f"https://{'www.' if www else ''}{site}/"
        self.rows: list[dict[str, Any]] = []
        self.truth: list[dict[str, Any]] = []
        self.params: dict[str, Any] = {}

    # -- text ------------------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        if "{" not in template:
            return template.strip()
        rng = self.rng
        values: dict[str, object] = {
            "city": self.city or "town",
            "brand": self.brand,
            "noun": self.niche.noun,
            "year": self.export.year,
        }
        for name in re.findall(r"\{(\w+)\}", template):  # draw only what the template uses
            if name == "thing":
                values[name] = _pick(rng, self.niche.things)
            elif name in ("n", "m"):
                values[name] = int(rng.integers(2, 40)) if name == "n" else int(rng.integers(40, 400))
            elif name.startswith("kw"):
                values[name] = _pick(rng, SPAM_ANCHORS).title()
        return template.format(**values).strip()

    def natural_context(self, pool: Sequence[tuple[str, str]]) -> tuple[str, str]:
        """A context from ``pool``, often after a lead-in, so that few domains share the same words."""
        left, right = _pick(self.rng, pool)
        intro = _pick(self.rng, _INTROS)
        if left and intro:
            left = f"{intro} {left[0].lower()}{left[1:]}"
        return self.fill(left), self.fill(right)

    def money(self) -> str:
        return self.fill(_pick(self.rng, self.niche.money)).lower()

    def target(self, path: str | None = None) -> str:
        return self.home if path is None else self.home.rstrip("/") + path

    def url_anchor(self) -> str:
        return _pick(
            self.rng,
            (
                self.site,
                f"www.{self.site}",
                f"https://{self.site}/",
                self.home,
                f"http://{self.site}",
                self.home,
            ),
        )

    def brand_anchor(self) -> str:
        core = self.brand.split(" ")[0]
        forms = [self.brand, self.brand, self.brand, self.brand.lower(), core]
        if self.city:
            forms.append(f"{self.brand} {self.city}")
        return _pick(self.rng, forms)

    # -- rows ------------------------------------------------------------------------------------
    def add(self, host: _Host, pattern: str, links: list[dict[str, Any]]) -> None:
        for link in links:
            row = {
                "language": "en",
                "platform": "",
                "http_code": 200,
                "type": "href",
                "content": True,
                "nofollow": False,
                "ugc": False,
                "sponsored": False,
                "rendered": True,
                "raw": True,
                "lost_status": "",
                "drop_reason": "",
                "discovered_status": "",
                "lost_date": None,
                "links_in_group": 1,
                "left": "",
                "right": "",
                "keywords": 0,
                "page_traffic": 0,
                "referring_domains": 0,
                "linked_domains": 1,
                "external_links": 1,
            }
            row.update(link)
            if row.get("last_seen") is None:
                lost: Any = row["lost_date"]
                first: Any = row["first_seen"]
                if lost is not None:
                    seen = lost - timedelta(seconds=int(self.rng.uniform(1, 20) * 86400))
                else:
                    seen = _stamp(self.export, self.rng.uniform(0.2, 25))
                row["last_seen"] = max(seen, first)
            row["pattern"] = pattern
            self.rows.append(row)
        self.truth.append(
            {
                "domain": host.domain,
                "pattern": pattern,
                "toxic": pattern != "natural",
                "links": len(links),
                "host": host.host,
                "host_source": host.source,
            }
        )

    def page_url(self, host: _Host, path: str, www: bool) -> str:
        h = host.host
        if www and h == host.domain and not h.startswith("www."):
            h = "www." + h
        return f"https://{h}{path}"

    # -- natural ---------------------------------------------------------------------------------
    def natural(self, n: int, picker: _HostPicker) -> None:
        rng, niche = self.rng, self.niche
        years = float(rng.uniform(3, 6))
        growth = float(rng.uniform(1.1, 1.8))  # link rate at the end of the span / at its start
        nofollow_share = float(rng.uniform(0.18, 0.32))
        lost_share = float(rng.uniform(0.02, 0.08))
        english = float(rng.uniform(0.85, 0.95))
        popular_share = float(rng.uniform(0.01, 0.04))
        gambling_share = float(rng.uniform(0.4, 0.7)) if niche.gambling else 0.0
        mix = {
            "brand": float(rng.uniform(0.35, 0.55)),
            "url": float(rng.uniform(0.15, 0.25)),
            "generic": float(rng.uniform(0.10, 0.20)),
            "descriptive": float(rng.uniform(0.08, 0.15)),
            "partial": float(rng.uniform(0.02, 0.045)),
            "exact": float(rng.uniform(0.0, 0.02)),
            "image": float(rng.uniform(0.01, 0.04)),
        }
        home_share = float(rng.uniform(0.65, 0.8))
        self.params["natural"] = {
            "domains": n,
            "years": round(years, 2),
            "growth": round(growth, 2),
            "nofollow_share": round(nofollow_share, 3),
            "lost_share": round(lost_share, 3),
            "english_share": round(english, 3),
            "anchor_mix": {k: round(v / sum(mix.values()), 3) for k, v in mix.items()},
            "home_share": round(home_share, 3),
            "gambling_share": round(gambling_share, 3),
        }
        span = years * 365.25
        for _ in range(n):
            r = rng.random()
            if r < popular_share:
                host = picker.take(["popular", "clean:press"], category="popular")
                host.category = "popular"
            elif r < popular_share + gambling_share:
                host = picker.take_gambling()
            else:
                cat = _weighted(rng, _NATURAL_CATEGORIES)
                host = picker.take([f"clean:{cat}", "clean"], category=cat)
                if host.category not in _HEADLINES:
                    host.category = "other"
            popular = host.category == "popular"
            if popular:
                dr = float(rng.integers(72, 94))
            else:
                # Most small sites 5-40; a few near 0, some 41-65, rare strong ones up to 90.
                lo, hi = _pick(rng, _DR_BANDS)
                dr = float(rng.integers(lo, hi + 1))
            traffic = _traffic(rng, dr, 0.45 if dr < 15 else 0.05)
            if popular:
                traffic = int(10 ** rng.uniform(5, 7))
            count = int(rng.choice([1, 2, 3, 4, 5], p=[0.45, 0.25, 0.14, 0.09, 0.07]))
            if rng.random() < 0.045:
                count = int(rng.integers(6, 25))
            # First link: inverse CDF of a density growing linearly from 1 to `growth` over the span.
            u = rng.random()
            frac = (math.sqrt(1 + u * (growth**2 - 1)) - 1) / (growth - 1)
            first_days = span * (1 - frac)
            www = rng.random() < 0.4
            lang = "en" if rng.random() < english else _pick(rng, _NATURAL_LANGUAGES)
            platform = (
                _pick(rng, ("blogs", "cms", "", ""))
                if host.category == "blog"
                else _pick(rng, ("", "cms", ""))
            )
            name = _site_name(host.host)
            links = []
            for j in range(count):
                days = first_days if j == 0 else float(rng.uniform(1, max(first_days, 2)))
                first = _stamp(self.export, days)
                headline = _pick(rng, _HEADLINES[host.category])
                title = f"{headline} | {name}" if rng.random() < 0.7 else f"{headline} - {name}"
                if host.category in ("blog", "gambling") or rng.random() < 0.3:
                    path = f"/{first.year}/{first.month:02d}/{_slug(headline)}/"
                elif host.category in ("press", "popular"):
                    path = f"/news/{_slug(headline)}-{int(rng.integers(1000, 99999))}"
                else:
                    path = (
                        f"/{_slug(headline)}/"
                        if rng.random() < 0.75
                        else _pick(rng, ("/links/", "/sponsors/", "/partners/", "/resources/"))
                    )
                kind = _weighted(rng, mix)
                target = None if rng.random() < home_share else _pick(rng, niche.inner_pages)
                ctx = self.natural_context(niche.contexts + _NATURAL_CONTEXTS)
                link_type = "href"
                if kind == "brand":
                    anchor = self.brand_anchor()
                elif kind == "url":
                    anchor = self.url_anchor()
                    ctx = _pick(rng, (("Website:", ""), ("More at", "."), ctx))
                elif kind == "generic":
                    anchor = _pick(rng, _GENERIC_ANCHORS)
                    ctx = self.natural_context(_GENERIC_CONTEXTS)
                elif kind == "descriptive":
                    anchor = self.fill(_pick(rng, niche.descriptive + _DESCRIPTIVE))
                    ctx = self.natural_context(_DESCRIPTIVE_CONTEXTS)
                elif kind == "partial":
                    anchor = self.fill(_pick(rng, niche.partial))
                elif kind == "exact":
                    anchor = self.money()
                    target = _pick(rng, niche.money_pages)
                else:
                    anchor, link_type, ctx = "", "image", ("", "")
                content = rng.random() < 0.8
                lost = rng.random() < lost_share
                status, lost_date = _lost(rng, first, self.export) if lost else ("", None)
                links.append(
                    {
                        "source_url": self.page_url(host, path, www),
                        "target_url": self.target(target),
                        "anchor": anchor,
                        "title": title,
                        "language": lang,
                        "platform": platform,
                        "http_code": 200 if rng.random() < 0.97 else 301,
                        "dr": dr,
                        "domain_traffic": traffic,
                        "page_traffic": int(traffic * rng.uniform(0, 0.05)) if rng.random() < 0.5 else 0,
                        "referring_domains": int(rng.integers(0, 25)),
                        "linked_domains": int(rng.integers(1, 40)),
                        "external_links": int(rng.integers(2, 60)),
                        "keywords": int(rng.integers(0, 50)) if traffic else 0,
                        "left": self.fill(ctx[0]),
                        "right": self.fill(ctx[1]),
                        "type": link_type,
                        "content": content,
                        "nofollow": bool(rng.random() < nofollow_share),
                        "ugc": bool(rng.random() < 0.03),
                        "sponsored": bool(rng.random() < 0.01),
                        "first_seen": first,
                        "lost_status": status,
                        "lost_date": lost_date,
                        "links_in_group": int(rng.choice([1, 1, 1, 2, 3])),
                    }
                )
            self.add(host, "natural", links)

    # -- attacks ---------------------------------------------------------------------------------
    def pbn(self, n: int, picker: _HostPicker) -> None:
        rng, niche = self.rng, self.niche
        window = int(rng.integers(14, 29))
        start = float(rng.integers(60, 540))  # days before the export
        clean_share = float(rng.uniform(0.3, 0.8))
        pages = list(rng.choice(niche.money_pages, size=int(rng.integers(1, 3)), replace=False))
        self.params["pbn"] = {"domains": n, "window_days": window, "clean_host_share": round(clean_share, 3)}
        for _ in range(n):
            pools = (
                ["clean_site", "clean", "pbn_listed"]
                if rng.random() < clean_share
                else ["pbn_listed", "clean_site"]
            )
            host = picker.take(pools)
            dr = float(rng.integers(15, 41))
            traffic = 0 if rng.random() < 0.8 else int(rng.integers(1, 30))
            links = []
            for _ in range(1 if rng.random() < 0.7 else 2):
                title = _pick(rng, _UNRELATED_TITLES)
                first = _stamp(self.export, start - rng.uniform(0, window))
                anchor = self.money() if rng.random() < 0.75 else f"{self.money()} services"
                links.append(
                    {
                        "source_url": self.page_url(host, f"/{_slug(title)}/", rng.random() < 0.3),
                        "target_url": self.target(_pick(rng, pages)),
                        "anchor": anchor,
                        "title": title,
                        "platform": _pick(rng, ("blogs", "cms", "")),
                        "dr": dr,
                        "domain_traffic": traffic,
                        "referring_domains": int(rng.integers(0, 4)),
                        "linked_domains": int(rng.integers(2, 9)),
                        "external_links": int(rng.integers(2, 10)),
                        "left": _pick(rng, _PBN_LEFT),
                        "right": _pick(rng, _PBN_RIGHT),
                        "first_seen": first,
                    }
                )
            self.add(host, "pbn", links)

    def negative_seo(self, n: int, picker: _HostPicker) -> None:
        rng = self.rng
        window = int(rng.integers(7, 15))
        start = float(rng.integers(20, 200))
        lost_share = float(rng.uniform(0.05, 0.25))
        many_share = float(rng.uniform(0.55, 0.75))
        self.params["negative_seo"] = {
            "domains": n,
            "window_days": window,
            "lost_share": round(lost_share, 3),
            "many_links_share": round(many_share, 3),
        }
        for _ in range(n):
            host = picker.take(["spam", "spam_disavow"], kind="spam")
            dr = float(rng.integers(0, 11))
            traffic = 0 if rng.random() < 0.7 else int(rng.integers(1, 50))
            count = (
                round(math.exp(rng.uniform(math.log(5), math.log(50))))
                if rng.random() < many_share
                else int(rng.integers(1, 5))
            )
            lang = _pick(rng, _SPAM_LANGUAGES)
            ext = int(rng.lognormal(math.log(500), 0.9)) + 100
            links = []
            for _ in range(count):
                kw = _pick(rng, SPAM_ANCHORS)
                path = _pick(rng, _SPAM_PATHS).format(
                    kw=kw.replace(" ", "-"), n=int(rng.integers(2, 99999)), x=int(rng.integers(10**6, 10**9))
                )
                r = rng.random()
                anchor = kw if r < 0.7 else self.money() if r < 0.9 else self.url_anchor()
                target = (
                    None
                    if rng.random() < 0.6
                    else _pick(rng, self.niche.inner_pages + self.niche.money_pages)
                )
                first = _stamp(self.export, start - rng.uniform(0, window))
                lost = rng.random() < lost_share
                status, lost_date = _lost(rng, first, self.export) if lost else ("", None)
                words = " ".join(_pick(rng, _SPAM_CONTEXT_WORDS) for _ in range(int(rng.integers(3, 9))))
                left, right = (
                    (words, " ".join(_pick(rng, _SPAM_CONTEXT_WORDS) for _ in range(4)))
                    if rng.random() < 0.6
                    else ("", "")
                )
                links.append(
                    {
                        "source_url": self.page_url(host, path, False),
                        "target_url": self.target(target),
                        "anchor": anchor,
                        "title": self.fill(_pick(rng, _SPAM_TITLES)),
                        "language": lang,
                        "http_code": 200 if rng.random() < 0.9 else _pick(rng, (301, 302, 404)),
                        "dr": dr,
                        "domain_traffic": traffic,
                        "referring_domains": int(rng.integers(0, 3)),
                        "linked_domains": int(ext * rng.uniform(0.3, 0.9)),
                        "external_links": ext,
                        "left": left,
                        "right": right,
                        "content": rng.random() < 0.5,
                        "nofollow": bool(rng.random() < 0.3),
                        "first_seen": first,
                        "lost_status": status,
                        "lost_date": lost_date,
                        "links_in_group": int(rng.integers(1, 20)),
                    }
                )
            self.add(host, "negative_seo", links)

    def paid_sitewide(self, n: int, picker: _HostPicker) -> None:
        rng, niche = self.rng, self.niche
        shared = self.money() if not niche.local else f"best {niche.noun} {self.city}".lower()
        same_share = float(rng.uniform(0.4, 0.9))
        self.params["paid_sitewide"] = {"domains": n, "same_anchor_share": round(same_share, 3)}
        for _ in range(n):
            cat = _pick(rng, ("shopping", "press", "other", "sports", "blog"))
            host = picker.take([f"clean:{cat}", "clean"], category=cat)
            if host.category not in _HEADLINES:
                host.category = "other"
            anchor = shared if rng.random() < same_share else self.money()
            target = None if rng.random() < 0.6 else _pick(rng, niche.money_pages)
            dr = float(rng.integers(20, 61))
            traffic = int(10 ** rng.uniform(2, 4.3))
            count = int(rng.integers(50, 301))
            bought = float(60 + rng.integers(14, 640))  # pages are found up to 60 days after the purchase
            name = _site_name(host.host)
            left = _pick(
                rng, ("Partners:", "Friends of the site:", "Sponsored:", "Our friends", "Useful links:")
            )
            www = rng.random() < 0.5
            seen_paths: set[str] = set()
            links: list[dict[str, Any]] = []
            while len(links) < count:
                headline = _pick(rng, _HEADLINES[host.category])
                path = _pick(
                    rng,
                    (
                        f"/{_slug(headline)}/",
                        (
                            f"/category/{_slug(_pick(rng, _HEADLINES[host.category]))[:20]}/page/"
                            f"{int(rng.integers(2, 60))}/"
                        ),
                        f"/product/{_slug(_pick(rng, _UNRELATED_TITLES))[:30]}-{int(rng.integers(1, 9999))}/",
                        f"/tag/{_slug(headline)[:15]}/",
                        (
                            f"/{int(rng.integers(2015, 2027))}/{int(rng.integers(1, 13)):02d}/"
                            f"{_slug(headline)}-{int(rng.integers(1, 999))}/"
                        ),
                        "/",
                        "/about/",
                        "/contact/",
                    ),
                )
                if path in seen_paths:
                    continue
                seen_paths.add(path)
                links.append(
                    {
                        "source_url": self.page_url(host, path, www),
                        "target_url": self.target(target),
                        "anchor": anchor,
                        "title": f"{headline} | {name}",
                        "platform": _pick(rng, ("", "cms", "ecommerce"))
                        if cat == "shopping"
                        else _pick(rng, ("", "cms")),
                        "dr": dr,
                        "domain_traffic": traffic,
                        "page_traffic": int(traffic * rng.uniform(0, 0.01)),
                        "referring_domains": int(rng.integers(0, 15)),
                        "linked_domains": int(rng.integers(5, 30)),
                        "external_links": int(rng.integers(8, 40)),
                        "keywords": int(rng.integers(0, 30)),
                        "left": left,
                        "right": _pick(rng, ("|", "", "© All rights reserved")),
                        "content": False,
                        "first_seen": _stamp(self.export, bought - rng.uniform(0, 60)),
                        "links_in_group": count,
                    }
                )
            self.add(host, "paid_sitewide", links)

    def comment_spam(self, n: int, picker: _HostPicker) -> None:
        rng = self.rng
        span = int(rng.integers(30, 181))
        start = float(span + rng.integers(14, 720))  # days before the export the campaign began
        self.params["comment_spam"] = {"domains": n, "campaign_days": span}
        for _ in range(n):
            host = picker.take(["clean:blog", "clean"], category="blog")
            host.category = "blog"
            dr = float(rng.integers(5, 51))
            traffic = _traffic(rng, dr, 0.3)
            name = _site_name(host.host)
            links = []
            for _ in range(int(rng.choice([1, 1, 1, 2, 3]))):
                headline = _pick(rng, _HEADLINES["blog"] + _UNRELATED_TITLES)
                year, month = int(rng.integers(2012, 2024)), int(rng.integers(1, 13))
                cid = int(rng.integers(100, 99999))
                path = _pick(
                    rng,
                    (
                        f"/{year}/{month:02d}/{_slug(headline)}/#comment-{cid}",
                        f"/{_slug(headline)}/?replytocom={cid}",
                        (
                            f"/{year}/{month:02d}/{_slug(headline)}/comment-page-{int(rng.integers(2, 9))}/"
                            f"#comment-{cid}"
                        ),
                    ),
                )
                r = rng.random()
                if r < 0.5:
                    anchor = self.money()
                    left, right = _pick(rng, _COMMENT_LEFT), _pick(rng, _COMMENT_RIGHT)
                elif r < 0.85:
                    anchor = (
                        f"{_pick(rng, _FIRST_NAMES)} {_pick(rng, _LAST_NAMES)}"
                        if rng.random() < 0.6
                        else _pick(rng, _FIRST_NAMES)
                    )
                    left, right = "", f"says: {_pick(rng, _COMMENT_BODIES)}"
                else:
                    anchor = self.url_anchor()
                    left, right = _pick(rng, _COMMENT_LEFT), ""
                f = rng.random()
                links.append(
                    {
                        "source_url": self.page_url(host, path, rng.random() < 0.4),
                        "target_url": self.target(
                            None if rng.random() < 0.5 else _pick(rng, self.niche.money_pages)
                        ),
                        "anchor": anchor,
                        "title": f"{headline} | {name}",
                        "platform": "blogs",
                        "dr": dr,
                        "domain_traffic": traffic,
                        "page_traffic": 0,
                        "referring_domains": int(rng.integers(0, 10)),
                        "linked_domains": int(rng.integers(15, 150)),
                        "external_links": int(rng.integers(20, 300)),
                        "left": left,
                        "right": right,
                        "content": rng.random() < 0.5,
                        "nofollow": f < 0.85,
                        "ugc": f < 0.6,
                        "first_seen": _stamp(self.export, start - rng.uniform(0, span)),
                    }
                )
            self.add(host, "comment_spam", links)

    def profile_spam(self, n: int, picker: _HostPicker) -> None:
        rng = self.rng
        span = int(rng.integers(30, 121))
        start = float(span + rng.integers(14, 600))
        toxic_share = float(rng.uniform(0.15, 0.35))
        self.params["profile_spam"] = {
            "domains": n,
            "campaign_days": span,
            "listed_host_share": round(toxic_share, 3),
        }
        for _ in range(n):
            pools = (
                ["spam_disavow", "clean_site"]
                if rng.random() < toxic_share
                else ["clean_site", "clean", "spam_disavow"]
            )
            host = picker.take(pools)
            name = _site_name(host.host)
            dr = float(rng.integers(0, 26))
            traffic = _traffic(rng, dr, 0.5)
            links = []
            for _ in range(1 if rng.random() < 0.8 else 2):
                uid = int(rng.integers(100, 999999))
                user = _pick(
                    rng,
                    (
                        (
                            f"{_pick(rng, _FIRST_NAMES).lower()}{_pick(rng, _LAST_NAMES).lower()}"
                            f"{int(rng.integers(1, 99))}"
                        ),
                        _slug(self.money()).replace("-", ""),
                        _slug(self.brand).replace("-", "") + str(int(rng.integers(1, 999))),
                    ),
                )
                path = _pick(
                    rng,
                    (
                        f"/members/{user}/",
                        f"/members/{user}.{uid}/",
                        f"/user/profile/{uid}",
                        f"/forum/profile.php?id={uid}",
                        f"/member.php?u={uid}",
                        f"/profile/{user}",
                        f"/community/profile/{user}/",
                        f"/author/{user}/",
                    ),
                )
                r = rng.random()
                anchor = self.url_anchor() if r < 0.5 else self.money() if r < 0.9 else self.brand_anchor()
                title = _pick(
                    rng,
                    (
                        f"{user} - Profile | {name} Forum",
                        f"Member Profile: {user}",
                        f"User {user} - {name} Community",
                        f"{user} | {name}",
                    ),
                )
                f = rng.random()
                links.append(
                    {
                        "source_url": self.page_url(host, path, rng.random() < 0.3),
                        "target_url": self.target(
                            None if rng.random() < 0.6 else _pick(rng, self.niche.money_pages)
                        ),
                        "anchor": anchor,
                        "title": title,
                        "language": "en" if rng.random() < 0.7 else _pick(rng, _SPAM_LANGUAGES),
                        "platform": _pick(rng, ("forums", "forums", "message boards", "")),
                        "dr": dr,
                        "domain_traffic": traffic,
                        "referring_domains": 0,
                        "linked_domains": int(rng.integers(1, 6)),
                        "external_links": int(rng.integers(1, 8)),
                        "left": self.fill(_pick(rng, _FORUM_LEFT)),
                        "right": "",
                        "content": False,
                        "nofollow": f < 0.5,
                        "ugc": f < 0.2,
                        "first_seen": _stamp(self.export, start - rng.uniform(0, span)),
                    }
                )
            self.add(host, "profile_spam", links)

    def hacked(self, n: int, picker: _HostPicker) -> None:
        rng = self.rng
        span = int(rng.integers(30, 91))
        start = float(span + 10 + rng.integers(14, 360))
        self.params["hacked"] = {"domains": n, "spread_days": span}
        for _ in range(n):
            cat = _weighted(rng, _NATURAL_CATEGORIES)
            host = picker.take([f"clean:{cat}", "clean"], category=cat)
            if host.category not in _HEADLINES:
                host.category = "other"
            name = _site_name(host.host)
            dr = float(rng.integers(10, 56))
            traffic = _traffic(rng, dr, 0.05)
            injected = start - rng.uniform(0, span)
            links = []
            for _ in range(int(rng.integers(1, 6))):
                spam = _pick(rng, SPAM_ANCHORS)
                headline = _pick(rng, _HEADLINES[host.category])
                path = _pick(
                    rng,
                    (
                        f"/wp-content/plugins/{_slug(_pick(rng, _FALLBACK_WORDS))}/{_slug(spam)}.html",
                        f"/{_slug(headline)}/",
                        f"/?{_slug(spam).replace('-', '')}={int(rng.integers(1, 9999))}",
                        f"/images/{_slug(spam)}-{int(rng.integers(1, 999))}.php",
                        f"/{int(rng.integers(2016, 2026))}/{int(rng.integers(1, 13)):02d}/{_slug(headline)}/",
                    ),
                )
                title = f"{spam.title()} - {name}" if rng.random() < 0.5 else f"{headline} | {name}"
                left = " ".join(
                    [_pick(rng, ("buy", "cheap", "best", "online"))]
                    + [_pick(rng, _SPAM_CONTEXT_WORDS) for _ in range(int(rng.integers(4, 10)))]
                )
                right = " ".join(_pick(rng, _SPAM_CONTEXT_WORDS) for _ in range(int(rng.integers(3, 8))))
                links.append(
                    {
                        "source_url": self.page_url(host, path, rng.random() < 0.4),
                        "target_url": self.target(
                            None if rng.random() < 0.4 else _pick(rng, self.niche.money_pages)
                        ),
                        "anchor": self.money() if rng.random() < 0.6 else spam,
                        "title": title,
                        "platform": _pick(rng, ("cms", "blogs", "")),
                        "dr": dr,
                        "domain_traffic": traffic,
                        "page_traffic": 0,
                        "referring_domains": int(rng.integers(0, 5)),
                        "linked_domains": int(rng.integers(40, 400)),
                        "external_links": int(rng.integers(50, 500)),
                        "left": left,
                        "right": right,
                        "first_seen": _stamp(self.export, injected - rng.uniform(0, 10)),
                    }
                )
            self.add(host, "hacked", links)


def _niche_for(topic: str) -> Niche:
    """The built-in niche for ``topic``, or a generic one built from the topic's words."""
    key = topic.strip().lower()
    if key in NICHES:
        return NICHES[key]
    noun = key or "business"
    slug = _slug(noun)
    return Niche(
        topic=topic,
        noun=noun,
        things=(noun, f"{noun} services", f"a {noun} quote"),
        money=(
            f"best {noun} {{city}}",
            f"{noun} {{city}}",
            f"cheap {noun}",
            f"{noun} near me",
            f"affordable {noun}",
        ),
        money_pages=(f"/{slug}/", f"/services/{slug}/", "/pricing/"),
        inner_pages=("/about/", "/contact/", "/blog/", "/team/"),
        partial=(f"{noun} in {{city}}", f"local {noun}", f"{{city}} {noun}"),
        descriptive=(
            f"this friendly local {noun}",
            f"the {noun} we always recommend",
            "a small family business",
        ),
        contexts=(("Thanks to", "for supporting the event."), ("We have used", "for years.")),
    )


def _counts(
    natural: int | None, attacks: Mapping[str, int] | Sequence[str], rng: np.random.Generator
) -> dict[str, int]:
    lo, hi = DOMAIN_RANGES["natural"]
    counts = {"natural": int(rng.integers(lo, hi + 1)) if natural is None else int(natural)}
    names = list(attacks.keys()) if isinstance(attacks, Mapping) else list(attacks)
    unknown = [a for a in names if a not in ATTACKS]
    if unknown:
        raise UsageError(
            f"unknown attack pattern(s) {', '.join(map(str, unknown))}; known: {', '.join(ATTACKS)}"
        )
    for name in ATTACKS:  # fixed order, so the draws do not depend on the caller's order
        if name not in names:
            continue
        lo, hi = DOMAIN_RANGES[name]
        drawn = int(rng.integers(lo, hi + 1))
        counts[name] = int(attacks[name]) if isinstance(attacks, Mapping) else drawn
    if any(v < 0 for v in counts.values()):
        raise UsageError("domain counts must not be negative")
    return counts


def simulate_profile(
    *,
    site: str = "brightsmile-dental.com",
    topic: str = "dental clinic",
    natural: int | None = None,
    attacks: Mapping[str, int] | Sequence[str] = ATTACKS,
    seed: int = 0,
    hosts: pd.DataFrame | Iterable[str] | None = None,
    brand: str | None = None,
) -> SimulatedProfile:
    """Simulate the backlink profile of ``site``: natural links plus the chosen attacks.

    Parameters
    ----------
    site : str
        The audited site (a host or URL); its registrable domain never appears as a referring domain.
    topic : str
        The site's niche: one of :data:`NICHES` (``dental clinic``, ``plumbing services``, ``bakery``,
        ``law firm``, ``online casino``, ``travel blog``) or any other words, which get generic money
        keywords (``best <topic> <city>``).
    natural : int or None
        Number of natural referring domains; drawn from 80-300 when None.
    attacks : sequence of names or mapping name -> number of domains
        Attack patterns to inject (:data:`ATTACKS`); a name alone gets a number drawn from
        :data:`DOMAIN_RANGES`.
    seed : int
        Random seed: the same arguments and seed give the same profile.
    hosts : DataFrame, iterable of str, or None
        Candidate linking hosts. None reads the training set (``training_data/domains.csv.gz``:
        clean-side hosts for natural, PBN, paid, comment, profile and hacked links; toxic-side hosts
        for negative SEO, PBN operators and some profile spam). A frame needs ``domain`` and may have
        ``host``, ``label`` (1 toxic side) and ``source_group`` (as in the training set); plain strings
        count as clean-side hosts. When a kind of host runs out, built-in fallback names are used.
    brand : str or None
        The brand in anchors; derived from the site name (:func:`brand_of`) when None.

    Returns
    -------
    SimulatedProfile

    Raises
    ------
    InputFileError
        ``hosts`` is None and the training set is not there (an installed package without the
        repository): pass ``hosts``, or set ``TOXICITY_TRAINING_DATA``.
    UsageError
        An unknown attack name, a negative count, or a ``hosts`` frame without ``domain`` (also a
        ``ValueError``).

    Examples
    --------
    >>> p = simulate_profile(topic="bakery", site="sweetcrumb-bakery.com", natural=20,
    ...                      attacks={"paid_sitewide": 2}, seed=3, hosts=["x-news.com", "y-blog.org"])
    >>> p.brand, sorted(p.truth["pattern"].unique())
    ('SweetCrumb Bakery', ['natural', 'paid_sitewide'])
    >>> bool((p.links.groupby("source_domain").size().loc[p.truth.query("toxic")["domain"]] >= 50).all())
    True
    """
    site_host = host_of_url(site) or site.strip().lower()
    site_domain = registrable_domain(site_host)
    niche = _niche_for(topic)
    rng = np.random.default_rng(seed)
    counts = _counts(natural, attacks, rng)
    export = datetime(2025, 6, 1) + timedelta(days=int(rng.integers(0, 450)), hours=int(rng.integers(6, 20)))
    city = _pick(rng, _CITIES) if niche.local else ""
    table, default = _host_table(hosts)
    picker = _HostPicker(table, rng, site_domain, default)
    b = _Builder(
        rng, site_domain, niche, brand or brand_of(site_domain), city, export, www=rng.random() < 0.3
    )
    b.natural(counts["natural"], picker)
    for name in ATTACKS:
        if counts.get(name):
            getattr(b, name)(counts[name], picker)
    links, extra = _frames(b.rows)
    truth = pd.DataFrame(b.truth, columns=["domain", "pattern", "toxic", "links", "host", "host_source"])
    truth = truth[truth["links"] > 0].reset_index(drop=True)
    truth["toxic"] = truth["toxic"].astype(bool)
    b.params["export_date"] = str(export.date())
    return SimulatedProfile(
        links=links,
        truth=truth,
        site=site_domain,
        topic=topic,
        brand=b.brand,
        city=city,
        export_date=pd.Timestamp(export),
        export_fields=extra,
        params=b.params,
    )


def _frames(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Canonical link records (as the Ahrefs reader reads them) and the Ahrefs-only fields."""
    raw = pd.DataFrame(rows)
    if len(raw):
        # Ahrefs lists the strongest referring pages first.
        raw = raw.sort_values(["dr", "source_url"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )
    n = len(raw)
    links = empty_links(n)
    if not n:
        return links, pd.DataFrame({c: pd.Series(dtype="string") for c in EXPORT_FIELDS})

    def text(col: str) -> pd.Series:
        s = pd.Series(pd.array(raw[col].astype(str).to_numpy(), dtype="string"))
        return s.mask(s.str.strip() == "")

    links["source_url"] = pd.array(raw["source_url"].to_numpy(), dtype="string")
    links["source_host"] = hosts_of(links["source_url"])
    links["source_domain"] = domains_of(links["source_host"])
    links["target_url"] = pd.array(raw["target_url"].to_numpy(), dtype="string")
    links["anchor"] = pd.array(raw["anchor"].to_numpy(), dtype="string")
    for col in ("nofollow", "ugc", "sponsored"):
        links[col] = pd.array(raw[col].astype(bool).to_numpy(), dtype="boolean")
    kinds = (raw["type"].astype(str) + " " + raw["content"].map(_bool_text)).str.lower()
    for col in ("image", "redirect", "frame"):
        links[col] = pd.array(kinds.str.contains(col).to_numpy(), dtype="boolean")
    links["domain_rating"] = raw["dr"].astype(float).to_numpy()
    for col in ("domain_traffic", "page_traffic", "external_links", "referring_domains", "http_code"):
        links[col] = raw[col].astype(float).to_numpy()
    links["first_seen"] = pd.to_datetime(raw["first_seen"]).astype("datetime64[ns]").to_numpy()
    links["last_seen"] = pd.to_datetime(raw["last_seen"]).astype("datetime64[ns]").to_numpy()
    lost = raw["lost_status"].astype(str).ne("") | raw["lost_date"].notna()
    links["lost"] = pd.array(lost.to_numpy(), dtype="boolean")
    links["source_title"] = text("title")
    links["language"] = text("language")
    links["left_context"] = text("left")
    links["right_context"] = text("right")
    # Evidence columns of newer schemas (Ahrefs "Links in group" and "Content"): filled when canonical.
    if "links_in_group" in LINK_COLUMNS:
        links["links_in_group"] = raw["links_in_group"].astype(float).to_numpy()
    if "in_content" in LINK_COLUMNS:
        links["in_content"] = pd.array(raw["content"].astype(bool).to_numpy(), dtype="boolean")
    if "platform" in LINK_COLUMNS:
        links["platform"] = text("platform")
    if "lost_reason" in LINK_COLUMNS:
        status = raw["lost_status"].fillna("").astype(str).str.strip()
        drop = raw["drop_reason"].fillna("").astype(str).str.strip()
        reason = ["; ".join(v for v in (s, d) if v) for s, d in zip(status, drop)]
        links["lost_reason"] = pd.Series(pd.array(reason, dtype="string")).mask(lambda r: r == "")
    links["source_format"] = pd.array(["ahrefs"] * n, dtype="string")
    links["links"] = 1.0
    extra = pd.DataFrame(
        {
            "platform": raw["platform"].astype(str),
            "linked_domains": raw["linked_domains"].astype(int).astype(str),
            "keywords": raw["keywords"].astype(int).astype(str),
            "type": raw["type"].astype(str),
            "content": raw["content"].map(_bool_text),
            "rendered": raw["rendered"].map(_bool_text),
            "raw": raw["raw"].map(_bool_text),
            "lost_status": raw["lost_status"].astype(str),
            "drop_reason": raw["drop_reason"].astype(str),
            "discovered_status": raw["discovered_status"].astype(str),
            "lost_date": raw["lost_date"].map(_date_text),
            "links_in_group": raw["links_in_group"].astype(int).astype(str),
        }
    ).astype("string")
    return conform(links), extra


def _bool_text(v: object) -> str:
    return "true" if bool(v) else "false"


def _date_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return ""
    return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")


def _number_text(v: Any) -> str:
    if v is None or pd.isna(v):
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _opt_bool_text(v: object) -> str:
    return "" if v is None or v is pd.NA else _bool_text(v)


def ahrefs_rows(profile: SimulatedProfile) -> pd.DataFrame:
    """The profile's links as the cells of an Ahrefs "Backlinks" export (text, :data:`HEADER` columns).

    Values are written the way the current export writes them: ``true``/``false`` for flags, plain
    integers for metrics, ``YYYY-MM-DD HH:MM:SS`` for dates, empty cells for missing values.
    ``Type`` is ``href`` (``image`` for image links) and ``Content`` ``true``/``false`` (in the body
    or not): both read as unverified in :mod:`toxicity.io.ahrefs`.
    """
    links, extra = profile.links, profile.export_fields
    if len(extra) != len(links):
        raise UsageError("profile.export_fields does not match profile.links (one row per link expected)")

    def s(col: str) -> list[str]:
        return [("" if pd.isna(v) else str(v)) for v in links[col]]

    cells: dict[str, list[str]] = {
        "Referring page title": s("source_title"),
        "Referring page URL": s("source_url"),
        "Language": s("language"),
        "Platform": extra["platform"].fillna("").tolist(),
        "Referring page HTTP code": [_number_text(v) for v in links["http_code"]],
        "Domain rating": [_number_text(v) for v in links["domain_rating"]],
        "Domain traffic": [_number_text(v) for v in links["domain_traffic"]],
        "Referring domains": [_number_text(v) for v in links["referring_domains"]],
        "Linked domains": extra["linked_domains"].fillna("").tolist(),
        "External links": [_number_text(v) for v in links["external_links"]],
        "Page traffic": [_number_text(v) for v in links["page_traffic"]],
        "Keywords": extra["keywords"].fillna("").tolist(),
        "Target URL": s("target_url"),
        "Left context": s("left_context"),
        "Anchor": s("anchor"),
        "Right context": s("right_context"),
        "Type": extra["type"].fillna("").tolist(),
        "Content": extra["content"].fillna("").tolist(),
        "Nofollow": [_opt_bool_text(v) for v in links["nofollow"]],
        "UGC": [_opt_bool_text(v) for v in links["ugc"]],
        "Sponsored": [_opt_bool_text(v) for v in links["sponsored"]],
        "Rendered": extra["rendered"].fillna("").tolist(),
        "Raw": extra["raw"].fillna("").tolist(),
        "Lost status": extra["lost_status"].fillna("").tolist(),
        "Drop reason": extra["drop_reason"].fillna("").tolist(),
        "Discovered status": extra["discovered_status"].fillna("").tolist(),
        "First seen": [_date_text(v) for v in links["first_seen"]],
        "Last seen": [_date_text(v) for v in links["last_seen"]],
        "Lost": extra["lost_date"].fillna("").tolist(),
        "Links in group": extra["links_in_group"].fillna("").tolist(),
    }
    missing = [h for h in HEADER if h not in cells]
    if missing:  # the reader's header grew: write the new columns empty rather than fail
        for h in missing:
            cells[h] = [""] * len(links)
    return pd.DataFrame({h: cells[h] for h in HEADER})


def write_ahrefs_export(profile: SimulatedProfile, path: str | Path) -> None:
    """Write the profile's links as an Ahrefs Site Explorer "Backlinks" export.

    The file is what the current export downloads: UTF-16 LE with a BOM, tab-separated, every field
    quoted, the 30-column header :data:`toxicity.io.ahrefs.HEADER`, values as in :func:`ahrefs_rows`.
    :func:`toxicity.io.read_export` reads it back as ``ahrefs`` with the same link records
    (``profile.links``).

    Parameters
    ----------
    profile : SimulatedProfile
        From :func:`simulate_profile`.
    path : str or Path
        The file to write (overwritten).
    """
    table = ahrefs_rows(profile)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(list(table.columns))
    writer.writerows(table.itertuples(index=False, name=None))
    Path(path).write_bytes(b"\xff\xfe" + buf.getvalue().encode("utf-16-le"))
