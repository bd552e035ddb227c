"""Profile inference: a topic spam cannot capture, and money keywords inferred from the profile."""

from __future__ import annotations

import pytest

from toxicity.features import build_features, classify_anchor, infer_profile
from toxicity.features.profile import COMMERCIAL_MODIFIERS, commercial_modifiers, fold_plural
from toxicity.lookups import listed_toxic

from .conftest import make_links

BAKERY = "https://crumbandcrust.com"
SPAM_WORDS = {"seo", "cartel", "telegram", "backlinks", "casino", "bonus", "watch", "movies", "hd", "ссылки"}


class Backlinks:
    """Link records built by hand: ``add`` anchors from ``n`` distinct referring domains to one target."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = {
            "source_url": [],
            "anchor": [],
            "target_url": [],
            "domain_rating": [],
            "spam_score": [],
        }
        self.hosts = 0

    def add(
        self,
        anchor: str,
        n: int,
        target: str,
        *,
        dr: float | None = None,
        spam: float | None = None,
        domains: list[str] | None = None,
    ) -> Backlinks:
        for i in range(n):
            host = domains[i] if domains else f"site{self.hosts}.example-blog{self.hosts}.org"
            self.hosts += 1
            self.rows["source_url"].append(f"http://{host}/post-{i}")
            self.rows["anchor"].append(anchor)
            self.rows["target_url"].append(target)
            self.rows["domain_rating"].append(dr)
            self.rows["spam_score"].append(spam)
        return self

    def links(self):
        return make_links(**self.rows)


def _spam_dominated_bakery() -> Backlinks:
    p = Backlinks()
    # the attack: far more referring domains than the site's own links
    p.add("@seo_cartel in telegram - seo backlinks", 60, BAKERY + "/")
    p.add("best casino bonus", 30, BAKERY + "/")
    p.add("купить ссылки дешево", 20, BAKERY + "/")
    p.add("watch movies free hd", 25, BAKERY + "/", dr=2)  # no spam word, but low-authority domains only
    # the site's own links
    p.add("Crumb & Crust", 5, BAKERY + "/", dr=35)
    p.add("sourdough bread", 4, BAKERY + "/sourdough-bread", dr=30)
    p.add("click here", 4, BAKERY + "/recipes/rye-bread", dr=25)
    p.add("order croissants online", 3, BAKERY + "/croissants", dr=20)
    return p


def test_spam_dominated_profile_infers_a_clean_topic_from_target_paths():
    profile = infer_profile(_spam_dominated_bakery().links())
    assert profile.site == "crumbandcrust.com" and profile.topic_source == "inferred"
    assert {"bread", "croissants", "rye", "recipes", "sour", "dough"} <= profile.topic_terms
    assert not profile.topic_terms & SPAM_WORDS
    assert not profile.money_terms & SPAM_WORDS
    assert profile.niches == frozenset()  # casino anchors do not make the bakery a gambling site
    note = next(n for n in profile.notes if n.startswith("topic inferred"))
    assert "URL, handle or messenger" in note and "spam vocabulary" in note and "other language" in note
    assert "low-quality domains" in note


def test_spam_pages_are_off_topic_for_the_inferred_topic():
    links = _spam_dominated_bakery().links()
    f = build_features(links)
    spam, own = f.iloc[0], f.iloc[len(links) - 1]  # the telegram anchor; "order croissants online"
    assert spam["topic_similarity"] < own["topic_similarity"]
    assert (
        own["anchor_money_partial"] == 1 and spam["anchor_money_exact"] == spam["anchor_money_partial"] == 0
    )


def _listed_domains(n: int) -> list[str]:
    from toxicity.lookups import _toxic_masks

    names = [d for d in _toxic_masks()[0][:5000] if d.count(".") == 1][:n]
    assert len(names) == n and listed_toxic(names).to_numpy().any(axis=1).all()
    return names


def test_anchors_from_toxic_listed_or_high_spam_score_domains_stay_out_of_the_topic():
    p = Backlinks().add("rose pruning", 3, "https://acmegarden.com/roses", dr=40)
    p.add("vintage guitar amplifiers", 30, "https://acmegarden.com/", domains=_listed_domains(30))
    p.add("vintage guitar amplifiers", 2, "https://acmegarden.com/")  # two clean domains are not enough
    p.add("luxury yacht charter", 12, "https://acmegarden.com/", spam=85)
    profile = infer_profile(p.links())
    assert {"roses", "pruning"} <= profile.topic_terms  # "rose" folds onto the path word "roses"
    assert not profile.topic_terms & {"vintage", "guitar", "amplifiers", "luxury", "yacht", "charter"}
    assert "flagged referring domains" in profile.notes[-2]


def test_clean_anchor_words_join_but_never_outweigh_the_sites_own_words():
    p = Backlinks().add("Acme Garden", 6, "https://acmegarden.com/")
    for i, anchor in enumerate(
        ["rose pruning tips", "compost bins", "tomato seedlings", "raised beds", "hedge trimming"]
    ):
        p.add(anchor, 5 - i % 2, "https://acmegarden.com/")
    p.add("pruning roses", 1, "https://acmegarden.com/")  # one domain: not enough
    profile = infer_profile(p.links())
    own = {"acme", "garden", "acmegarden"}
    assert profile.brand_tokens == own
    anchor_words = profile.topic_terms - own
    # home page only: the brand's three words are the site's own words, so three anchor words at most
    assert len(anchor_words) == 3 and anchor_words <= {
        "rose",
        "pruning",
        "tips",
        "compost",
        "bins",
        "tomato",
        "seedlings",
    }


def test_spam_niche_words_enter_the_topic_only_when_the_site_carries_them():
    p = Backlinks()
    for path in ("live-casino", "slots", "casino-bonus", ""):
        p.add("Royal Spin", 2, f"https://royalspin.com/{path}")
    p.add("best online slots", 4, "https://royalspin.com/slots", dr=30)
    profile = infer_profile(p.links())
    assert {"casino", "slots"} <= profile.topic_terms and profile.niches == {"gambling"}
    assert classify_anchor("best online slots", profile) == "money_partial"
    assert classify_anchor("online slots", profile) == "money_partial"
    assert classify_anchor("casino slots", profile) == "money_exact"


def test_given_topic_is_kept_as_is():
    profile = infer_profile(_spam_dominated_bakery().links(), topic="bread baking recipes")
    assert profile.topic == "bread baking recipes" and profile.topic_source == "given"
    assert profile.topic_terms == {"bread", "baking", "recipes", "crumb", "crust", "crumbandcrust"}
    assert profile.niches == frozenset()


def test_money_anchors_with_a_given_topic():
    profile = infer_profile(_spam_dominated_bakery().links(), topic="bread baking recipes")
    assert "croissants" in profile.money_terms and not {"order", "online"} & profile.money_terms
    assert classify_anchor("order croissants online", profile) == "money_partial"
    assert classify_anchor("croissants", profile) == "money_exact"
    assert classify_anchor("fresh croissant", profile) == "money_partial"  # plural folded
    assert classify_anchor("Crumb & Crust", profile) == "brand"
    assert (
        classify_anchor("crumbandcrust.com", profile) == "naked_url"
    )  # the address written out is a naked URL
    assert classify_anchor("click here", profile) == "generic"
    assert classify_anchor("website", profile) == "generic"
    assert classify_anchor("this great article about sourdough", profile) == "money_partial"
    assert classify_anchor("this bread", profile) == "money_partial"  # not the bare keyword
    assert classify_anchor("bread recipes", profile) == "money_exact"
    assert classify_anchor("a lovely afternoon in the park", profile) == "other"
    assert classify_anchor("buy cheap backlinks", profile) == "other"  # the attack's words are not money
    money_note = profile.notes[-1]
    assert money_note.startswith("money terms from topic words (baking, bread, recipes)")
    assert "commercial anchors (croissants)" in money_note


def _plumber(topic: str | None = None):
    site = "https://flowrite.com"
    p = Backlinks().add("Flowrite", 4, site + "/")
    p.add("emergency plumber chicago", 3, site + "/emergency-plumber-chicago")
    p.add("best plumber chicago", 2, site + "/")
    p.add("blocked drains", 1, site + "/emergency-plumber-chicago")
    return infer_profile(p.links(), topic=topic)


@pytest.mark.parametrize("topic", [None, "plumbing and heating"])
def test_money_anchors_from_target_pages_with_and_without_topic(topic):
    profile = _plumber(topic)
    assert {"emergency", "plumber", "chicago"} <= profile.money_terms
    assert classify_anchor("emergency plumber chicago", profile) == "money_exact"
    assert classify_anchor("best plumber chicago", profile) == "money_partial"
    assert classify_anchor("plumbers in chicago", profile) == "money_exact"
    assert classify_anchor("Flowrite", profile) == "brand"
    assert classify_anchor("read more", profile) == "generic"
    if topic:  # each term is credited to the first source that gave it
        assert profile.notes[-1] == (
            "money terms from topic words (heating, plumbing); commercial anchors (plumber, chicago); "
            "anchors matching their target page's URL (emergency)"
        )


def test_money_anchors_without_topic_or_target_paths():
    p = Backlinks().add("Crumb & Crust", 3, BAKERY + "/")
    p.add("order croissants online", 2, BAKERY + "/")
    p.add("buy rye loaves", 2, BAKERY + "/")
    profile = infer_profile(p.links())
    assert {"croissants", "rye", "loaves"} <= profile.money_terms
    assert classify_anchor("order croissants online", profile) == "money_partial"
    assert classify_anchor("rye loaves", profile) == "money_exact"


def test_commercial_anchors_that_make_no_money_terms():
    p = Backlinks().add("Crumb & Crust", 3, BAKERY + "/")
    p.add("order vintage lamps", 1, BAKERY + "/")  # one referring domain
    p.add("buy designer handbags", 6, BAKERY + "/", spam=90)  # flagged referring domains
    p.add("the best sourdough in town", 4, BAKERY + "/")  # a sentence, not a keyword
    p.add("buy viagra online", 5, BAKERY + "/")  # spam vocabulary of another niche
    p.add("@crumb_deals buy bread", 5, BAKERY + "/")  # a handle
    p.add("купить хлеб недорого", 5, BAKERY + "/")  # another script than the site's words
    profile = infer_profile(p.links(), topic="bread baking")
    assert profile.money_terms == {"bread", "baking"}
    assert classify_anchor("order vintage lamps", profile) == "other"
    assert classify_anchor("buy designer handbags", profile) == "other"
    assert profile.notes[-1] == "money terms from topic words (baking, bread)"


def test_anchor_features_use_the_inferred_money_terms():
    links = _spam_dominated_bakery().links()
    f = build_features(links, topic="bread baking recipes")
    anchors = links["anchor"].tolist()
    croissants = [i for i, a in enumerate(anchors) if a == "order croissants online"]
    assert (f.iloc[croissants]["anchor_money_partial"] == 1).all()
    # the three domains linking to /croissants all use the money anchor
    assert (f.iloc[croissants]["target_money_share"] == 1).all()
    brand = [i for i, a in enumerate(anchors) if a == "Crumb & Crust"]
    assert (f.iloc[brand]["anchor_brand"] == 1).all()


def test_commercial_modifiers_and_plural_folding():
    assert commercial_modifiers("Order croissants ONLINE near me") == ["order", "online", "near me"]
    assert commercial_modifiers("croissants au beurre pas cher") == ["pas cher"]
    assert commercial_modifiers("this great article about sourdough") == []
    assert {
        "buy",
        "cheap",
        "price",
        "online",
        "shop",
        "near me",
        "service",
        "reviews",
        "kaufen",
        "купить",
    } <= COMMERCIAL_MODIFIERS
    assert [fold_plural(w) for w in ("plumbers", "bakeries", "dishes", "glass", "bus")] == [
        "plumber",
        "bakery",
        "dish",
        "glass",
        "bus",
    ]


def test_flooded_own_keywords_are_money_terms_even_from_flagged_domains():
    # negative SEO floods the site's own keywords: that is over-optimisation, so they count
    p = Backlinks().add("Crumb & Crust", 3, BAKERY + "/").add("x", 1, BAKERY + "/croissants")
    p.add("order croissants online", 8, BAKERY + "/", spam=90)
    p.add("buy designer handbags", 8, BAKERY + "/", spam=90)
    profile = infer_profile(p.links(), topic="bread baking")
    assert "croissants" in profile.money_terms and not {"designer", "handbags"} & profile.money_terms
    assert classify_anchor("order croissants online", profile) == "money_partial"
