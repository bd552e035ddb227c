"""The vectorised paths agree with their one-at-a-time definitions, whatever the chunking."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toxicity.features import build_features, text, topic
from toxicity.features.domain import label_stats
from toxicity.knowledge import text as knowledge_text
from toxicity.knowledge.text import COUNTS, text_counts
from toxicity.lookups import (
    _MAX_SPLIT,
    _pieces,
    _sorted_vocabulary,
    host_words_many,
    split_words,
    split_words_many,
    vocabulary,
)

# letters, digits, punctuation, spaces and a few multi-byte characters
_TEXT = st.text(alphabet=st.sampled_from(list("abcdeEkmstyAZ .!?-_/1é日Ⅻ\u212a")), max_size=40)


def _reference_tokens(value: str | None) -> list[str]:
    """Letter runs (ASCII letters or any non-ASCII character) of 2+ characters, lower-cased."""
    if value is None:
        return []
    runs = re.findall(r"[A-Za-z\u0080-\U0010ffff]+", value.lower())
    return [r for r in runs if len(r) >= 2]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), _TEXT), max_size=12), st.integers(1, 64))
def test_tokenize_matches_the_definition_for_any_chunk_size(values, chunk_bytes):
    expected = [(i, w) for i, v in enumerate(values) for w in _reference_tokens(v)]
    original = knowledge_text.CHUNK_BYTES
    try:
        knowledge_text.CHUNK_BYTES = chunk_bytes
        parent, words = text.tokenize(values)
    finally:
        knowledge_text.CHUNK_BYTES = original
    assert list(zip(parent.tolist(), words.to_pylist())) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8), st.integers(1, 64))
def test_text_counts_ignore_neighbours_and_chunks(values, chunk_bytes):
    original = knowledge_text.CHUNK_BYTES
    try:
        knowledge_text.CHUNK_BYTES = chunk_bytes
        together = text_counts(values)
    finally:
        knowledge_text.CHUNK_BYTES = original
    for i, value in enumerate(values):
        alone = text_counts([value])
        assert {k: together[k][i] for k in COUNTS} == {k: alone[k][0] for k in COUNTS}


@settings(max_examples=150, deadline=None)
@given(_TEXT, _TEXT)
def test_context_counts_are_the_sums_of_its_two_sides(left, right):
    joined = text_counts([f"{left} {right}"])
    parts = text_counts([left, right])
    for k in COUNTS:
        assert joined[k][0] == parts[k][0] + parts[k][1]


def test_silent_e_needs_four_letters_in_the_same_text():
    # "ake" after a text ending in letters is still a three-letter word: no silent e
    assert text_counts(["make", "ab", "ake"])["silent_e"].tolist() == [1.0, 0.0, 0.0]


def _split_words(label: str) -> list[str]:
    """The one-label definition of :func:`split_words`: a dynamic programme over the end of each piece.

    A vocabulary word costs ``1 - 0.001 * len(word) ** 2``, an uncovered character 2; starts are tried in
    order and only a strictly cheaper way to reach an end replaces the one found before.
    """
    vocab = vocabulary()
    n = len(label)
    if n == 0:
        return []
    if label in vocab or n > _MAX_SPLIT:
        return [label]
    words = _sorted_vocabulary()

    def is_prefix(text: str) -> bool:
        i = bisect.bisect_left(words, text)
        return i < len(words) and words[i].startswith(text)

    best: list[float] = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for start in range(n):
        base = best[start]
        # an uncovered character costs 2, so a real word always beats two stray letters
        if base + 2.0 < best[start + 1]:
            best[start + 1], back[start + 1] = base + 2.0, start
        end = start + 2
        while end <= n and is_prefix(label[start:end]):
            word = label[start:end]
            cost = base + 1.0 - 0.001 * len(word) ** 2
            if word in vocab and cost < best[end]:
                best[end], back[end] = cost, start
            end += 1
    return _pieces(label, back)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdeilnorstuy", min_size=0, max_size=70), max_size=20))
def test_split_words_many_agrees_with_split_words(labels):
    assert split_words_many(labels) == [_split_words(label) for label in labels]
    assert [split_words(label) for label in labels] == [_split_words(label) for label in labels]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcdeilnorstuyéü日", min_size=0, max_size=20), max_size=10))
def test_split_words_many_agrees_with_split_words_outside_ascii(labels):
    assert split_words_many(labels) == [_split_words(label) for label in labels]


def test_split_words_many_on_known_labels():
    labels = ["greenlightloansnow", "specialist", "bestcasinobonus", "x" * 61, "münchen", ""]
    assert split_words_many(labels) == [_split_words(label) for label in labels]
    assert split_words_many(labels)[:3] == [
        ["green", "light", "loans", "now"],
        ["specialist"],
        ["best", "casino", "bonus"],
    ]


def test_host_words_many_gives_each_host_the_words_it_gets_alone():
    hosts = [
        "www.greenlightloansnow.com",
        "best-casino-2024.blogspot.com",
        "192.168.1.1",
        "xn--mnchen-3ya.de",
        "a.b.co.uk",
    ]
    assert host_words_many(hosts) == [host_words_many([h])[0] for h in hosts]


def _label_stats(label: str) -> tuple[float, float, float, float, float]:
    """The one-label definition: length, digits, hyphens, entropy (bits/char), longest consonant run."""
    n = len(label)
    entropy = -sum(c / n * math.log2(c / n) for c in Counter(label).values()) if n else 0.0
    runs = re.findall(r"[bcdfghjklmnpqrstvwxz]+", label)
    return (
        float(n),
        float(sum(ch.isdigit() for ch in label)),
        float(label.count("-")),
        round(entropy, 6),
        float(max((len(r) for r in runs), default=0)),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz019-ü٣²日", max_size=20), min_size=1, max_size=10))
def test_label_stats_agree_with_the_one_label_definition(labels):
    got = label_stats(labels)
    expected = np.array([_label_stats(label) for label in labels])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def _profile_links(links_factory, n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    words = ["garden", "roses", "casino", "loans", "compost", "cheap", "pills", "the", "make"]
    hosts = [f"{a}{b}.com" for a in words for b in words][:15]
    return links_factory(
        source_url=[f"https://{rng.choice(hosts)}/{rng.choice(words)}-{i}" for i in range(n)],
        source_title=[" ".join(rng.choice(words, 4)).title() if i % 7 else None for i in range(n)],
        anchor=[
            str(rng.choice(["Acme Garden", "garden roses", "click here", "cheap pills"])) for _ in range(n)
        ],
        left_context=[" ".join(rng.choice(words, 6)) if i % 5 else None for i in range(n)],
        right_context=[" ".join(rng.choice(words, 6)) if i % 3 else None for i in range(n)],
        target_url=[f"https://acmegarden.com/{rng.choice(words)}" for _ in range(n)],
    )


def test_topic_chunks_do_not_change_the_values(links_factory, monkeypatch):
    links = _profile_links(links_factory)
    whole = build_features(links, site="acmegarden.com", topic="garden roses compost")
    monkeypatch.setattr(topic, "CHUNK_ROWS", 3)
    monkeypatch.setattr(knowledge_text, "CHUNK_BYTES", 16)
    chunked = build_features(links, site="acmegarden.com", topic="garden roses compost")
    pd.testing.assert_frame_equal(whole, chunked, check_exact=False, rtol=1e-12)
    assert whole["cov_topic"].sum() > 0 and whole["topic_similarity"].notna().any()


def test_duplicate_rows_get_the_same_features(links_factory):
    links = _profile_links(links_factory)
    doubled = pd.concat([links, links], ignore_index=True)
    f = build_features(doubled, site="acmegarden.com", topic="garden roses compost")
    first, second = f.iloc[: len(links)].reset_index(drop=True), f.iloc[len(links) :].reset_index(drop=True)
    pd.testing.assert_frame_equal(first, second)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_context_sides(links_factory, value):
    links = links_factory(source_url=["http://a.com/"], left_context=[value], right_context=["Nice page."])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    assert f["context_words"] == 2 and f["cov_context"] == 1
