"""Host identity learned from an auditor's labels: TLD rate and host n-grams, stacked, saved without
pickle."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from toxicity.domains import host_of_url, registrable_domain
from toxicity.errors import ModelError
from toxicity.features import FEATURES, FEATURES_BY_NAME
from toxicity.model.explain import contribution_records, phrase
from toxicity.model.hostnames import (
    HOST_FEATURES,
    HOSTNAMES_FILE,
    TLDS_FILE,
    HostIdentity,
    HostNgrams,
    TldRates,
    stacked_features,
)
from toxicity.model.store import default_model_path, load_model, save_model
from toxicity.model.training import figures_on, model_columns, train_labeled
from toxicity.schema import conform

# Toxic hosts are made of syllables a link farm reuses; kept hosts of ordinary words. No spam word either
# side.
_FARM = ("zorv", "qelm", "vukt", "bravx", "tyqo", "plinz")
_PLAIN = ("garden", "river", "bakery", "family", "north", "kitchen", "photo", "craft")


def _links(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` one-link domains; toxic hosts share n-grams and lean to .xyz, clean ones lean to .com."""
    rng = np.random.default_rng(seed)
    rows, y = [], []
    for i in range(n):
        toxic = int(rng.random() < 0.4)
        words = _FARM if toxic else _PLAIN
        tld = ("xyz" if rng.random() < 0.6 else "com") if toxic else ("com" if rng.random() < 0.85 else "xyz")
        host = f"{words[rng.integers(len(words))]}{words[rng.integers(len(words))]}{seed}x{i}.{tld}"
        rows.append({"source_url": f"https://{host}/post", "target_url": "https://example-bakery.com/"})
        y.append(toxic)
    links = pd.DataFrame(rows)
    links["source_host"] = [host_of_url(u) for u in links["source_url"]]
    links["source_domain"] = [registrable_domain(h) for h in links["source_host"]]
    links["source_format"] = "gsc"
    return conform(links), np.asarray(y)


@pytest.fixture(scope="module")
def trained():  # type: ignore[no-untyped-def]
    links, y = _links(500, seed=1)
    return links, y, train_labeled(links, y, n_folds=3, seed=0)


def test_labeled_models_keep_tld_rate_and_categories_the_shipped_one_does_not() -> None:
    names = [f.name for f in FEATURES]
    shipped, labeled = set(model_columns(names)), set(model_columns(names, labeled=True))
    identity = {n for n in names if n.startswith(("cat_", "tld_abuse"))}
    assert identity and not identity & shipped
    assert identity <= labeled
    assert not [n for n in labeled if n.startswith("popular")]
    card = load_model().card
    assert not card.host_features and not set(HOST_FEATURES) & set(card.feature_names)
    assert not (default_model_path() / HOSTNAMES_FILE).exists()


def test_stacked_values_of_training_rows_are_out_of_fold() -> None:
    """Random labels on unique hosts: in-sample n-gram scores separate them, out-of-fold ones cannot."""
    rng = np.random.default_rng(0)
    hosts = np.asarray(
        [f"{''.join(rng.choice(list('abcdefghijklmnop'), 9))}.com" for _ in range(400)], dtype=object
    )
    y = (rng.random(400) < 0.5).astype(int)
    train = np.ones(400, bool)
    learned, full = stacked_features(hosts, y, hosts, train, seed=0)
    assert roc_auc_score(y, full.ngrams.score(hosts)) > 0.9  # what leakage would look like
    assert abs(roc_auc_score(y, learned["host_resemblance"]) - 0.5) < 0.1


def test_tld_rates_are_smoothed_and_unknown_tlds_take_the_prior() -> None:
    rates = TldRates.fit(
        np.asarray(["xyz"] * 10 + ["com"] * 30, dtype=object), np.asarray([1] * 10 + [0] * 30)
    )
    assert rates.prior == 0.25
    assert rates.rates["com"] < rates.prior < rates.rates["xyz"] < 1.0
    assert rates.transform(np.asarray(["de"], dtype=object))[0] == 0.25
    assert TldRates.from_json(rates.to_json()) == rates
    with pytest.raises(ModelError, match="share from 0 to 1"):
        TldRates.from_json(json.dumps({"prior": 0.2, "smoothing": 20, "rates": {"xyz": 7}}))


def test_ngrams_round_trip_without_pickle() -> None:
    hosts = np.asarray(
        ["zorvqelm.xyz", "gardenriver.com", "vuktbravx.xyz", "bakeryphoto.com"] * 5, dtype=object
    )
    model = HostNgrams.fit(hosts, np.asarray([1, 0, 1, 0] * 5))
    back = HostNgrams.from_npz(model.to_npz())
    assert np.array_equal(back.score(hosts), model.score(hosts))
    assert back.score(["zorvtyqo.net"])[0] > 0.5 > back.score(["kitchengarden.net"])[0]
    assert np.isnan(back.score([""])[0])
    with np.load(__import__("io").BytesIO(model.to_npz()), allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)
    with pytest.raises(ModelError, match="n-gram model"):
        HostNgrams.from_npz(b"not an archive")


def test_train_labeled_learns_host_identity_and_reports_what_transfers(trained) -> None:  # type: ignore[no-untyped-def]
    _, _, result = trained
    names = list(result.model.feature_names_in_)
    assert set(HOST_FEATURES) <= set(names)
    f = result.figures
    assert f["held_out_roc_auc"] > 0.9
    assert f["top_tld"] == "com" and f["top_tld_roc_auc"] > 0.85  # the n-grams work within one TLD
    assert 0.55 < f["tld_only_roc_auc"] < 0.85
    assert 0 < f["tld_share_of_learning"] < 0.8
    assert f["host_ngrams_roc_auc"] > 0.9
    assert result.card.metrics["top_tld_roc_auc"] == f["top_tld_roc_auc"]
    assert {"tld_only_roc_auc", "top_tld_roc_auc"} <= set(result.per_source.columns)
    assert any("transfers only to audits with the same mix" in n for n in result.card.notes)
    # Scoring the next audit: the model adds its learned features from the hosts.
    new, y_new = _links(200, seed=2)
    from toxicity.features import build_features

    X = result.model.add_host_features(build_features(new), new)
    risk = result.model.risk(X)
    assert roc_auc_score(y_new, risk) > 0.9
    on_new = figures_on(result.model, new, y_new, risk)
    assert on_new["held_out_roc_auc"] == round(roc_auc_score(y_new, risk), 4)
    assert on_new["top_tld"] == "com" and on_new["top_tld_roc_auc"] > 0.85
    assert on_new["tld_only_roc_auc"] < on_new["host_ngrams_roc_auc"]


def test_saved_model_scores_the_same_and_refuses_a_changed_host_file(trained, tmp_path) -> None:  # type: ignore[no-untyped-def]
    links, _, result = trained
    folder = save_model(result.model, tmp_path / "mine", result.card)
    card = json.loads((folder / "card.json").read_text())
    for name, key in ((TLDS_FILE, "tlds_sha256"), (HOSTNAMES_FILE, "hostnames_sha256")):
        assert card["host_features"][key] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    loaded = load_model(folder, expected_features=[f.name for f in FEATURES])
    from toxicity.features import build_features

    X = build_features(links)
    before = result.model.risk(result.model.add_host_features(X, links))
    after = loaded.estimator.risk(loaded.estimator.add_host_features(X, links))
    assert np.array_equal(before, after)

    rates = json.loads((folder / TLDS_FILE).read_text())
    rates["rates"]["xyz"] = 0.0
    (folder / TLDS_FILE).write_text(json.dumps(rates))
    with pytest.raises(ModelError, match="does not match the hash"):
        load_model(folder)
    (folder / TLDS_FILE).unlink()
    with pytest.raises(ModelError, match="tlds.json is missing"):
        load_model(folder)


def test_reasons_say_the_host_resembles_disavowed_hosts(trained) -> None:  # type: ignore[no-untyped-def]
    links, y, result = trained
    from toxicity.features import build_features

    X = result.model.add_host_features(build_features(links), links)
    X = X[list(result.model.feature_names_in_)]
    records = contribution_records(result.model, X.iloc[:80])
    up = {
        c.feature for row, t in zip(records, y[:80], strict=True) if t == 1 for c in row if c.contribution > 0
    }
    down = {
        c.feature for row, t in zip(records, y[:80], strict=True) if t == 0 for c in row if c.contribution < 0
    }
    assert "host_resemblance" in up and "host_resemblance" in down
    entry = FEATURES_BY_NAME["host_resemblance"]
    assert phrase(entry.reason, 0.9) == "host name resembles hosts you disavowed"
    assert phrase(entry.lowers, 0.1) == "host name resembles hosts you kept"


def test_identity_is_fitted_on_all_decisions_for_scoring(trained) -> None:  # type: ignore[no-untyped-def]
    links, y, result = trained
    from toxicity.model.hostnames import hosts_of_links

    again = HostIdentity.fit(hosts_of_links(links), y)
    assert np.array_equal(again.ngrams.coef, result.model.host_identity_.ngrams.coef)


def test_scoring_without_the_hosts_still_scores_and_says_so(trained, caplog) -> None:  # type: ignore[no-untyped-def]
    links, _, result = trained
    from toxicity.features import build_features

    X = build_features(links.iloc[:20])
    with caplog.at_level("WARNING", logger="toxicity.model.estimator"):
        risk = result.model.risk(X)
    assert np.isfinite(risk).all()
    assert "add_host_features" in caplog.text
    assert X.shape[1] == len(FEATURES)  # the caller's frame is not modified
