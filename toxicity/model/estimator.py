"""The risk estimator: LightGBM gradient boosting plus a monotone probability calibration.

A scikit-learn estimator (:class:`~sklearn.base.BaseEstimator`, :class:`~sklearn.base.ClassifierMixin`):
``__init__`` only stores its keyword-only parameters, unchanged; ``get_params``, ``set_params`` and
:func:`sklearn.base.clone` work; :meth:`fit` validates and returns ``self``; learned state ends in
``_``. The fitted state is plain data (a LightGBM text model and two float arrays for the
calibration), so a model folder can be written and read without pickle (see
:mod:`toxicity.model.store`, whose :func:`~toxicity.model.store.load_model` also restores the
parameters recorded in the model card).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from toxicity.errors import ArgumentTypeError, NotFittedError, UsageError
from toxicity.model.hostnames import HOST_FEATURES, HostIdentity, hosts_of_links

log = logging.getLogger(__name__)

__all__ = ["NotFittedError", "RiskModel"]

#: The two classes, in the order of :meth:`RiskModel.predict_proba`'s columns: 0 clean, 1 toxic.
CLASSES = np.array([0, 1])
#: Rows scored per LightGBM call in :meth:`RiskModel.predict_proba` (bounds the float64 copy it reads).
PREDICT_BLOCK = 100_000


class RiskModel(ClassifierMixin, BaseEstimator):
    """Gradient-boosted link-risk model with calibrated probabilities.

    A model trained on an auditor's labels also holds ``host_identity_``
    (:class:`~toxicity.model.hostnames.HostIdentity`): the learned host columns
    (:data:`~toxicity.model.hostnames.HOST_FEATURES`) are then model inputs that the feature builder
    does not make; :meth:`add_host_features` adds them from the link records' hosts.

    Parameters
    ----------
    n_estimators : int
        Upper bound on boosting rounds; early stopping on the validation set picks the number used.
    learning_rate, num_leaves, min_child_samples, feature_fraction, bagging_fraction, lambda_l2 :
        LightGBM parameters (see LightGBM's documentation).
    early_stopping_rounds : int
        Rounds without validation improvement before training stops.
    metric : str
        LightGBM metric watched for early stopping. ``"auc"`` is robust to a validation set whose
        toxic share differs from training (grouped folds); ``"binary_logloss"`` is not.
    random_state : int
        Seed for LightGBM's bagging and feature sampling.
    n_jobs : int
        Threads for LightGBM (2 on this project's reference machine).

    Attributes
    ----------
    booster_ : lightgbm.Booster
        The trees.
    best_iteration_ : int
        Trees used (early stopping's choice).
    feature_names_in_ : ndarray of str
        The feature columns, in the order the trees read them; ``n_features_in_`` their number.
    calibration_x_, calibration_y_ : ndarray of float
        The isotonic calibration map, raw booster output -> probability of toxic.
    classes_ : ndarray
        ``[0, 1]``: clean, toxic.
    host_identity_ : HostIdentity or None
        Learned host features (see above).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"a": rng.normal(size=400), "b": rng.normal(size=400)})
    >>> y = (X["a"] + 0.3 * rng.normal(size=400) > 0).astype(int)
    >>> m = RiskModel(n_estimators=50).fit(X[:300], y[:300], X_valid=X[300:], y_valid=y[300:])
    >>> bool(m.predict_proba(X[300:])[:, 1].mean() > 0.2)
    True
    """

    def __init__(
        self,
        *,
        n_estimators: int = 400,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 40,
        feature_fraction: float = 0.8,
        bagging_fraction: float = 0.8,
        lambda_l2: float = 1.0,
        early_stopping_rounds: int = 30,
        metric: str = "binary_logloss",
        random_state: int = 0,
        n_jobs: int = 2,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.feature_fraction = feature_fraction
        self.bagging_fraction = bagging_fraction
        self.lambda_l2 = lambda_l2
        self.early_stopping_rounds = early_stopping_rounds
        self.metric = metric
        self.random_state = random_state
        self.n_jobs = n_jobs

    #: Learned host features (models of ``train_labeled`` only); None for the shipped model.
    host_identity_: HostIdentity | None = None

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        """One line: the class and the parameters that differ from their defaults, as scikit-learn
        shows them.
        """
        defaults = type(self)().get_params()
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults[k])]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "booster_")

    @property
    def classes_(self) -> np.ndarray:
        """``[0, 1]`` (clean, toxic) once fitted, the order of :meth:`predict_proba`'s columns."""
        if not hasattr(self, "booster_"):
            raise NotFittedError("classes_ exists once this RiskModel is fitted or loaded")
        return CLASSES.copy()

    def _set_fitted(
        self,
        booster: Any,
        *,
        best_iteration: int,
        feature_names: Sequence[str] | np.ndarray,
        calibration_x: Sequence[float] | np.ndarray,
        calibration_y: Sequence[float] | np.ndarray,
        host_identity: HostIdentity | None = None,
    ) -> RiskModel:
        """Set the learned state (by :meth:`fit`, and by :func:`~toxicity.model.store.load_model`
        from a folder).
        """
        self.booster_ = booster
        self.best_iteration_ = int(best_iteration)
        self.feature_names_in_ = np.asarray(list(feature_names), dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.calibration_x_ = np.asarray(calibration_x, dtype=float)
        self.calibration_y_ = np.asarray(calibration_y, dtype=float)
        if host_identity is not None:
            self.host_identity_ = host_identity
        return self

    # -- fitting -----------------------------------------------------------------------------
    def _params(self) -> dict[str, object]:
        return {
            "objective": "binary",
            "metric": self.metric,
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": 1,
            "lambda_l2": self.lambda_l2,
            "seed": self.random_state,
            "num_threads": self.n_jobs,
            "verbosity": -1,
            "deterministic": True,
        }

    def fit(
        self,
        X: pd.DataFrame,
        y: Sequence[int] | np.ndarray | pd.Series,
        *,
        sample_weight: np.ndarray | None = None,
        X_valid: pd.DataFrame | None = None,
        y_valid: Sequence[int] | np.ndarray | pd.Series | None = None,
        valid_weight: np.ndarray | None = None,
    ) -> RiskModel:
        """Fit the booster (early stopping on the validation set) and the calibration.

        The calibration is an isotonic map from raw booster output to probability, fitted on the
        validation set so that it is not fitted on the rows the trees saw. Without a validation
        set, 20% of the training rows are held out for both.
        """
        import lightgbm as lgb
        from sklearn.isotonic import IsotonicRegression

        X = self._check_frame(X, fitting=True)
        y_arr = np.asarray(y, dtype=float)
        if len(y_arr) != len(X):
            raise UsageError(f"X has {len(X)} rows but y has {len(y_arr)}")
        if set(np.unique(y_arr)) - {0.0, 1.0}:
            raise UsageError("labels must be 0 (clean) or 1 (toxic)")
        if len(np.unique(y_arr)) < 2:
            raise UsageError("labels must contain both classes, 0 (clean) and 1 (toxic)")
        if X_valid is None:
            rng = np.random.default_rng(self.random_state)
            hold = rng.random(len(X)) < 0.2
            X_valid, y_valid = X[hold], y_arr[hold]
            valid_weight = None if sample_weight is None else np.asarray(sample_weight)[hold]
            X, y_arr = X[~hold], y_arr[~hold]
            sample_weight = None if sample_weight is None else np.asarray(sample_weight)[~hold]
        X_valid = self._check_frame(X_valid)
        y_valid_arr = np.asarray(y_valid, dtype=float)

        train = lgb.Dataset(X, y_arr, weight=sample_weight, free_raw_data=True)
        valid = lgb.Dataset(X_valid, y_valid_arr, weight=valid_weight, reference=train)
        booster = lgb.train(
            self._params(),
            train,
            num_boost_round=self.n_estimators,
            valid_sets=[valid],
            callbacks=[lgb.early_stopping(self.early_stopping_rounds, verbose=False)],
        )
        self.booster_ = booster
        self.best_iteration_ = int(booster.best_iteration or booster.current_iteration())
        raw = self._raw(X_valid)
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
        iso.fit(raw, y_valid_arr, sample_weight=valid_weight)
        self._set_fitted(
            booster,
            best_iteration=self.best_iteration_,
            feature_names=self.feature_names_in_,
            calibration_x=iso.X_thresholds_,
            calibration_y=iso.y_thresholds_,
        )
        log.info("trained %d trees on %d rows, %d features", self.best_iteration_, len(X), X.shape[1])
        return self

    # -- prediction --------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "booster_"):
            raise NotFittedError("this RiskModel is not fitted yet: call fit() or load a model folder")

    def add_host_features(self, X: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
        """``X`` with the learned host columns of this model added from ``links`` (same rows, same order).

        For a model without learned host features ``X`` is returned as it is, so callers need not
        know which kind of model they hold. ``X`` is not modified.
        """
        if self.host_identity_ is None:
            return X
        if len(links) != len(X):
            raise UsageError(f"X has {len(X)} rows but links has {len(links)}")
        learned = self.host_identity_.features(hosts_of_links(links), index=X.index)
        return pd.concat([X.drop(columns=list(HOST_FEATURES), errors="ignore"), learned], axis=1)

    def _check_frame(self, X: pd.DataFrame, *, fitting: bool = False) -> pd.DataFrame:
        if fitting:
            if not isinstance(X, pd.DataFrame):
                raise ArgumentTypeError("X must be a pandas DataFrame of features with named columns")
            self.feature_names_in_ = np.asarray(X.columns, dtype=object)
            self.n_features_in_ = X.shape[1]
            return X.astype("float64")
        return self._with_model_columns(X)[list(self.feature_names_in_)].astype("float64")

    def _with_model_columns(self, X: pd.DataFrame) -> pd.DataFrame:
        """``X`` checked to hold every column the model was fitted on (learned host columns may be absent)."""
        if not isinstance(X, pd.DataFrame):
            raise ArgumentTypeError("X must be a pandas DataFrame of features with named columns")
        names = list(self.feature_names_in_)
        absent = [c for c in HOST_FEATURES if c in names and c not in X.columns]
        if absent:
            # A caller that did not go through add_host_features: the model still scores (LightGBM reads
            # missing values), from everything but the host's learned identity; say so once per call.
            log.warning(
                "scoring without the learned host features (%s): call add_host_features(X, links) first",
                ", ".join(absent),
            )
            X = X.assign(**{c: np.nan for c in absent})
        missing = [c for c in names if c not in X.columns]
        if missing:
            unseen = [c for c in X.columns if c not in names]
            raise UsageError(
                "Feature names seen at fit time, yet now missing: "
                + ", ".join(missing[:10])
                + (f"; unseen at fit time: {', '.join(map(str, unseen[:10]))}" if unseen else "")
            )
        return X

    def _raw(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(
            self.booster_.predict(X, num_iteration=self.best_iteration_, raw_score=True), dtype=float
        )

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 2)``: column 1 is the probability of *toxic*.

        Rows are scored in blocks of :data:`PREDICT_BLOCK` (each row's score depends on that row alone),
        so the float64 copy LightGBM reads is one block, not the whole table.
        """
        self._check_fitted()
        X, names = self._with_model_columns(X), list(self.feature_names_in_)
        raw = np.empty(len(X), dtype=float)
        # An empty X still goes to LightGBM once, which refuses it as before.
        for start in range(0, max(len(X), 1), PREDICT_BLOCK):
            block = X.iloc[start : start + PREDICT_BLOCK][names].astype("float64")
            raw[start : start + len(block)] = self._raw(block)
        p = np.interp(raw, self.calibration_x_, self.calibration_y_)
        return np.column_stack([1.0 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Class per row: 1 (toxic) where the calibrated probability of toxic is 0.5 or more, else 0.

        The audit does not use this cut (it bands :meth:`risk`); it is here for scikit-learn's tools
        (``score``, ``cross_val_score``).
        """
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def risk(self, X: pd.DataFrame) -> np.ndarray:
        """Risk 0-100 (rounded calibrated probability of toxic, in percent)."""
        return np.rint(self.predict_proba(X)[:, 1] * 100.0)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-feature contributions to the raw score (SHAP values from LightGBM), one row per input.

        Costly (about 0.5 ms per row): call it for the rows whose reasons are shown.
        """
        self._check_fitted()
        X = self._check_frame(X)
        contrib = self.booster_.predict(X, num_iteration=self.best_iteration_, pred_contrib=True)
        cols = [*self.feature_names_in_, "_bias"]
        return pd.DataFrame(np.asarray(contrib), columns=cols, index=X.index)

    def feature_importance(self) -> pd.Series:
        """Total gain per feature, largest first."""
        self._check_fitted()
        gain = self.booster_.feature_importance(importance_type="gain", iteration=self.best_iteration_)
        return pd.Series(gain, index=self.feature_names_in_).sort_values(ascending=False)


def _same(a: Any, b: Any) -> bool:
    """Whether a parameter value equals its default (NaN equals NaN), as scikit-learn's repr decides."""
    if a is b:
        return True
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False
