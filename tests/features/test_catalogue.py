"""The catalogue documents exactly the columns build_features returns."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from toxicity.features import FEATURES, build_features, catalogue_markdown, model_features


def test_catalogue_matches_columns_and_types(links_factory):
    links = links_factory(source_url=["http://a.com/x", "http://b.org/"], anchor=["hello", None])
    f = build_features(links, site="example.com", topic="gardening")
    assert list(f.columns) == [x.name for x in FEATURES]
    assert all(dtype == np.float64 for dtype in f.dtypes)
    assert list(f.index) == list(links.index)


def test_listed_and_coverage_columns_are_not_model_inputs():
    names = model_features()
    assert not any(n.startswith(("listed_", "cov_")) for n in names)
    assert {f.name for f in FEATURES if f.name.startswith("listed_")} <= {
        f.name for f in FEATURES if not f.model
    }


def test_export_evidence_features_are_catalogued_in_the_context_family():
    by_name = {f.name: f for f in FEATURES}
    words = {"site": "example.com", "topic": "gardening", "language": "en"}
    assert by_name["export_spam"].reason == "the backlink tool marks it as spam"
    assert by_name["links_in_group"].reason.format(value=120.0, **words) == (
        "120 links from the same group (sitewide or footer)"
    )
    assert by_name["boilerplate_link"].reason == "link outside the main content (footer, sidebar or menu)"
    for name in ("export_spam", "links_in_group", "boilerplate_link"):
        assert by_name[name].family == "context"


def test_shipped_model_does_not_use_the_export_evidence_features():
    from toxicity.model.store import load_model

    loaded = load_model(expected_features=[f.name for f in FEATURES])
    assert not {"export_spam", "links_in_group", "boilerplate_link"} & set(loaded.card.feature_names)


def test_reason_templates_format_with_a_value():
    words = {"site": "example.com", "topic": "gardening", "language": "en"}
    for f in FEATURES:
        assert f.reason.format(value=0.5, **words)


def test_docs_page_is_generated_from_the_catalogue():
    docs = Path(__file__).resolve().parents[2] / "docs" / "features.md"
    assert docs.read_text(encoding="utf-8").strip() == catalogue_markdown().strip()


def test_empty_input_gives_empty_table(links_factory):
    from toxicity.schema import empty_links

    f = build_features(empty_links(0), site="example.com", topic="gardening")
    assert f.shape == (0, len(FEATURES))
