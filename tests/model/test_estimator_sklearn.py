"""RiskModel is a scikit-learn estimator, and a model folder gives back the parameters that trained it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError as SklearnNotFittedError
from sklearn.utils.validation import check_is_fitted

from toxicity.errors import ArgumentTypeError, NotFittedError, ToxicityError, UsageError
from toxicity.model import LoadedModel, ModelCard, RiskModel, load_model, resolve_model, save_model
from toxicity.model.store import card_params, default_model_path, estimator_params, unsaved_card


def _data(n: int = 400) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = (X["a"] + 0.3 * rng.normal(size=n) > 0).astype(int)
    return X, y


@pytest.fixture(scope="module")
def fitted() -> RiskModel:
    X, y = _data()
    return RiskModel(n_estimators=40, learning_rate=0.1, min_child_samples=20, random_state=3).fit(
        X[:300], y[:300], X_valid=X[300:], y_valid=y[300:]
    )


def test_init_stores_parameters_unchanged_and_get_params_round_trips() -> None:
    params = {"n_estimators": 12, "learning_rate": 0.2, "metric": "auc", "random_state": 7}
    model = RiskModel(**params)
    got = model.get_params()
    assert {k: got[k] for k in params} == params
    again = RiskModel(**got)
    assert again.get_params() == got
    assert model.set_params(num_leaves=5) is model
    assert model.get_params()["num_leaves"] == 5


def test_clone_gives_an_unfitted_copy_with_the_same_parameters(fitted: RiskModel) -> None:
    assert clone(RiskModel()).get_params() == RiskModel().get_params()
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    assert not hasattr(copy, "booster_")
    with pytest.raises(SklearnNotFittedError):
        check_is_fitted(copy)
    check_is_fitted(fitted)


def test_fitted_attributes_end_with_an_underscore(fitted: RiskModel) -> None:
    learned = {k for k in vars(fitted) if k not in fitted.get_params()}
    assert learned and all(k.endswith("_") for k in learned)
    assert fitted.n_features_in_ == 2
    assert list(fitted.classes_) == [0, 1]
    assert is_classifier(fitted)


def test_predict_and_score_follow_the_calibrated_probability(fitted: RiskModel) -> None:
    X, y = _data()
    proba = fitted.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(fitted.predict(X), (proba >= 0.5).astype(int))
    assert 0.7 < fitted.score(X, y) <= 1.0


def test_misuse_raises_in_the_toxicity_error_family() -> None:
    X, y = _data(50)
    with pytest.raises(UsageError, match="rows but y has"):
        RiskModel().fit(X, y[:10])
    with pytest.raises(ValueError, match="both classes"):  # still a ValueError for older callers
        RiskModel().fit(X, np.zeros(len(X)))
    with pytest.raises(ArgumentTypeError):
        RiskModel().fit(X.to_numpy(), y)
    with pytest.raises(TypeError):
        RiskModel().fit(X.to_numpy(), y)
    with pytest.raises(NotFittedError) as info:
        RiskModel().predict_proba(X)
    assert isinstance(info.value, (ToxicityError, RuntimeError, ValueError, AttributeError))


def test_repr_is_one_short_line(fitted: RiskModel) -> None:
    assert repr(RiskModel()) == "RiskModel()"
    text = repr(fitted)
    assert "\n" not in text and text.startswith("RiskModel(") and "n_estimators=40" in text
    loaded = repr(load_model())
    assert "\n" not in loaded and len(loaded) < 200 and "default" in loaded


def test_a_loaded_model_has_the_parameters_of_its_card(fitted: RiskModel, tmp_path: Path) -> None:
    folder = save_model(
        fitted, tmp_path / "m", ModelCard(name="t", thresholds={"medium": 40.0, "high": 70.0})
    )
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["params"] == card_params(fitted)
    assert card["params"]["seed"] == 3
    loaded = load_model(folder)
    assert loaded.estimator.get_params() == fitted.get_params()
    assert clone(loaded.estimator).get_params() == fitted.get_params()


def test_the_shipped_model_reports_the_parameters_in_its_card() -> None:
    card = json.loads((default_model_path() / "card.json").read_text(encoding="utf-8"))["params"]
    params = load_model().estimator.get_params()
    for name, value in params.items():
        key = "seed" if name == "random_state" else name
        if key in card:
            assert value == card[key], name
    assert params["n_estimators"] == 300 and params["metric"] == "auc" and params["min_child_samples"] == 100


def test_a_parameter_given_in_words_is_recorded_as_a_number_and_read_from_lightgbm_before(
    fitted: RiskModel, tmp_path: Path
) -> None:
    card = ModelCard(
        name="t",
        thresholds={"medium": 40.0, "high": 70.0},
        params={"min_child_samples": "training rows / 15, from 10 to 100"},
    )
    folder = save_model(fitted, tmp_path / "m", card)
    saved = json.loads((folder / "card.json").read_text(encoding="utf-8"))["params"]
    assert saved["min_child_samples"] == 20
    assert saved["min_child_samples_rule"] == "training rows / 15, from 10 to 100"
    # A card written before parameters were recorded: LightGBM's own record of the trees fills the gap.
    old = load_model(folder)
    old.card.params = {"min_child_samples": "training rows / 15, from 10 to 100"}
    params = estimator_params(old.card, old.estimator.booster_)
    assert params["min_child_samples"] == 20 and params["n_estimators"] == 40 and params["random_state"] == 3
    assert estimator_params(old.card)["min_child_samples"] == RiskModel().min_child_samples


def test_resolve_model_accepts_a_folder_a_loaded_model_or_a_fitted_estimator(fitted: RiskModel) -> None:
    shipped = resolve_model(None)
    assert shipped.path == default_model_path()
    assert resolve_model(str(default_model_path())).card.name == shipped.card.name
    assert resolve_model(shipped) is shipped
    own = resolve_model(fitted)
    assert isinstance(own, LoadedModel) and own.path is None and own.estimator is fitted
    assert own.card.feature_names == ["a", "b"] and own.card.training_data == {}
    assert own.card == unsaved_card(fitted)
    with pytest.raises(NotFittedError):
        resolve_model(RiskModel())
    with pytest.raises(ArgumentTypeError, match="not int"):
        resolve_model(3)  # type: ignore[arg-type]


def test_scoring_in_blocks_gives_every_row_the_score_it_gets_in_one_call(
    fitted: RiskModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toxicity.model import estimator

    X, _ = _data(123)
    X = X[["b", "a"]].assign(unused=1.0)  # columns in another order, and one the model ignores
    whole = fitted.predict_proba(X)
    monkeypatch.setattr(estimator, "PREDICT_BLOCK", 10)
    blocked = fitted.predict_proba(X)
    assert np.array_equal(whole, blocked) and blocked.shape == (123, 2)
    with pytest.raises(UsageError, match="missing: a"):
        fitted.predict_proba(X.drop(columns="a"))
