"""What identifies a host, learned from an auditor's own labels: the TLD's rate and a character n-gram model.

An auditor's decisions carry policy a host's *shape* cannot show: whole TLDs disavowed, languages and
naming habits of link farms. Two learned features carry it into the gradient-boosted model of
:func:`toxicity.model.training.train_labeled` (the shipped model never has them: public lists would
teach their own compilation habits):

``tld_learned_rate``
    Smoothed share of toxic decisions among the auditor's hosts of the same TLD (a target encoding:
    a number LightGBM splits on without categorical splits, which model files never hold).
``host_resemblance``
    Probability of *toxic* from a logistic regression on character 2-5-grams of the host name
    (hashed, so the vocabulary is not stored), stacked as an out-of-fold score.

Both are fitted inside each training fold only: the values of a fold's training rows come from inner
folds grouped by registrable domain (:func:`stacked_features`), so no row's value was learned from its
own label. Both are saved without pickle: ``tlds.json`` and ``hostnames.npz`` (numbers and short texts,
read with ``allow_pickle=False``), each with its SHA-256 in the model card.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toxicity.errors import ModelError

#: The learned host features, in the order they are appended to the model's columns.
HOST_FEATURES: tuple[str, ...] = ("tld_learned_rate", "host_resemblance")
TLDS_FILE = "tlds.json"
HOSTNAMES_FILE = "hostnames.npz"
#: Pseudo-count pulling a TLD's rate toward the overall toxic share: a TLD seen twice says little.
TLD_SMOOTHING = 20.0
#: The vectorizer of the n-gram model; only these settings are read back from a model folder.
NGRAM_RANGE = (2, 5)
N_FEATURES = 2**18
#: Inverse regularisation of the n-gram logistic regression.
NGRAM_C = 1.0
#: Largest ``tlds.json`` read (one entry per TLD: a few kB).
MAX_TLDS_BYTES = 4 * 1024 * 1024
#: Largest ``hostnames.npz`` read (2**18 float32 coefficients, compressed: ~1 MB at most).
MAX_HOSTNAMES_BYTES = 16 * 1024 * 1024
_RETRAIN = "Retrain with 'toxicity train' or restore the folder."


def hosts_of_links(links: pd.DataFrame) -> np.ndarray:
    """The host of each link record, lower case and without a leading ``www.`` ("" when there is none).

    ``www.`` is dropped because an export lists the same site with and without it; the n-grams of
    ``www`` would only say which crawler found the link.
    """
    host = links["source_host"] if "source_host" in links.columns else pd.Series(pd.NA, index=links.index)
    if "source_domain" in links.columns:
        host = host.astype("string").fillna(links["source_domain"].astype("string"))
    host = host.astype("string").fillna("").str.strip().str.lower().str.rstrip(".")
    return host.str.replace(r"^www\.", "", regex=True).to_numpy(dtype=object)


def tlds_of(hosts: Sequence[str] | np.ndarray) -> np.ndarray:
    """The last label of each host ("" for none)."""
    return np.asarray([str(h).rsplit(".", 1)[-1] if "." in str(h) else "" for h in hosts], dtype=object)


# -- the TLD's rate --------------------------------------------------------------------------------
@dataclass
class TldRates:
    """Smoothed toxic share per TLD; TLDs not seen in training take the overall share."""

    prior: float
    rates: dict[str, float]
    smoothing: float = TLD_SMOOTHING

    @classmethod
    def fit(cls, tlds: np.ndarray, y: np.ndarray, smoothing: float = TLD_SMOOTHING) -> TldRates:
        """Rates from one decision per host (``tlds`` and ``y`` aligned)."""
        y = np.asarray(y, dtype=float)
        prior = float(y.mean()) if len(y) else 0.5
        frame = pd.DataFrame({"t": np.asarray(tlds, dtype=object), "y": y})
        agg = frame.groupby("t")["y"].agg(["sum", "count"])
        rates = ((agg["sum"] + smoothing * prior) / (agg["count"] + smoothing)).astype(float)
        return cls(prior=prior, rates={str(k): float(v) for k, v in rates.items() if k}, smoothing=smoothing)

    def transform(self, tlds: np.ndarray) -> np.ndarray:
        """The rate of each TLD."""
        return np.asarray([self.rates.get(str(t), self.prior) for t in tlds], dtype=float)

    def to_json(self) -> str:
        """The JSON text of ``tlds.json``."""
        return json.dumps(
            {"prior": self.prior, "smoothing": self.smoothing, "rates": self.rates}, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str, source: Path | str = TLDS_FILE) -> TldRates:
        """Parse and check ``tlds.json`` (untrusted: every value is checked)."""
        try:
            raw = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ModelError(f"{source}: not valid JSON ({exc}). {_RETRAIN}") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("rates"), dict):
            raise ModelError(f"{source}: must be an object with 'prior', 'smoothing' and 'rates'. {_RETRAIN}")
        numbers = {"prior": raw.get("prior"), "smoothing": raw.get("smoothing"), **raw["rates"]}
        for key, value in numbers.items():
            if (
                not _is_number(value)
                or not math.isfinite(value)
                or value < 0
                or (key != "smoothing" and value > 1)
            ):
                raise ModelError(
                    f"{source}: {str(key)[:40]!r} must be a share from 0 to 1 (found {value!r:.40}). "
                    f"{_RETRAIN}"
                )
        return cls(
            prior=float(raw["prior"]),
            rates={str(k): float(v) for k, v in raw["rates"].items()},
            smoothing=float(raw["smoothing"]),
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- the n-gram model -----------------------------------------------------------------------------
def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char_wb", ngram_range=NGRAM_RANGE, n_features=N_FEATURES, alternate_sign=False
    )


@dataclass
class HostNgrams:
    """Logistic regression on hashed character 2-5-grams of host names, kept as plain arrays."""

    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(cls, hosts: np.ndarray, y: np.ndarray, *, seed: int = 0) -> HostNgrams:
        """Fit on hosts and their decisions (one row per host: a site with many links is one decision)."""
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y, dtype=int)
        if len(np.unique(y)) < 2:
            # Nothing to tell apart: every host resembles the only class seen.
            p = float(y.mean()) if len(y) else 0.5
            p = min(max(p, 1e-6), 1 - 1e-6)
            return cls(coef=np.zeros(N_FEATURES, dtype=np.float32), intercept=math.log(p / (1 - p)))
        lr = LogisticRegression(C=NGRAM_C, solver="liblinear", random_state=seed, max_iter=1000)
        lr.fit(_vectorizer().transform([str(h) for h in hosts]), y)
        # float32 at once, so the fitted model scores exactly as the one read back from hostnames.npz.
        return cls(coef=lr.coef_.ravel().astype(np.float32), intercept=float(lr.intercept_[0]))

    def score(self, hosts: Sequence[str] | np.ndarray) -> np.ndarray:
        """Probability of *toxic* for each host ("" hosts get NaN: no name, no resemblance)."""
        hosts = [str(h) for h in hosts]
        out = np.full(len(hosts), np.nan)
        has = np.asarray([bool(h) for h in hosts], dtype=bool)
        if has.any():
            m = _vectorizer().transform([h for h in hosts if h])
            z = np.asarray(m @ self.coef.astype(np.float64), dtype=float).ravel() + self.intercept
            out[has] = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        return out

    def to_npz(self) -> bytes:
        """The bytes of ``hostnames.npz``: coefficients, intercept and the vectorizer's settings."""
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            coef=self.coef.astype(np.float32),
            intercept=np.asarray([self.intercept], dtype=np.float64),
            analyzer=np.asarray("char_wb"),
            ngram_range=np.asarray(NGRAM_RANGE, dtype=np.int64),
            n_features=np.asarray(N_FEATURES, dtype=np.int64),
            alternate_sign=np.asarray(False),
        )
        return buf.getvalue()

    @classmethod
    def from_npz(cls, data: bytes, source: Path | str = HOSTNAMES_FILE) -> HostNgrams:
        """Read ``hostnames.npz`` bytes without pickle and check every array."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (ValueError, OSError, EOFError, KeyError) as exc:
            raise ModelError(f"{source}: not a readable n-gram model ({exc}). {_RETRAIN}") from None
        want = {"coef", "intercept", "analyzer", "ngram_range", "n_features", "alternate_sign"}
        if set(arrays) != want:
            raise ModelError(f"{source}: holds arrays {sorted(arrays)}, expected {sorted(want)}. {_RETRAIN}")
        settings_ok = (
            arrays["analyzer"].dtype.kind == "U"
            and str(arrays["analyzer"]) == "char_wb"
            and arrays["ngram_range"].tolist() == list(NGRAM_RANGE)
            and arrays["n_features"].shape == ()
            and int(arrays["n_features"]) == N_FEATURES
            and arrays["alternate_sign"].dtype == bool
            and not bool(arrays["alternate_sign"])
        )
        if not settings_ok:
            raise ModelError(
                f"{source}: vectorizer settings differ from the ones this version uses. {_RETRAIN}"
            )
        coef, intercept = arrays["coef"], arrays["intercept"]
        if coef.dtype != np.float32 or coef.shape != (N_FEATURES,) or not np.isfinite(coef).all():
            raise ModelError(
                f"{source}: the coefficients must be {N_FEATURES} finite float32 values. {_RETRAIN}"
            )
        if intercept.shape != (1,) or not np.isfinite(intercept).all():
            raise ModelError(f"{source}: the intercept must be one finite number. {_RETRAIN}")
        return cls(coef=coef, intercept=float(intercept[0]))


# -- both ------------------------------------------------------------------------------------------
@dataclass
class HostIdentity:
    """The fitted TLD rates and n-gram model; :meth:`features` gives the learned host columns."""

    tlds: TldRates
    ngrams: HostNgrams

    @classmethod
    def fit(cls, hosts: np.ndarray, y: np.ndarray, *, seed: int = 0) -> HostIdentity:
        """Fit both on one decision per (host, label): many links from one site are one decision."""
        h, yy = _one_per_host(hosts, y)
        return cls(tlds=TldRates.fit(tlds_of(h), yy), ngrams=HostNgrams.fit(h, yy, seed=seed))

    def features(self, hosts: Sequence[str] | np.ndarray, index: pd.Index | None = None) -> pd.DataFrame:
        """The :data:`HOST_FEATURES` columns for ``hosts`` (NaN where there is no host)."""
        hosts = np.asarray([str(h) for h in hosts], dtype=object)
        rate = self.tlds.transform(tlds_of(hosts))
        rate[hosts == ""] = np.nan
        return pd.DataFrame(
            {"tld_learned_rate": rate, "host_resemblance": self.ngrams.score(hosts)},
            index=index if index is not None else pd.RangeIndex(len(hosts)),
        )

    def files(self) -> Mapping[str, bytes]:
        """File name -> bytes, as saved in a model folder."""
        return {TLDS_FILE: self.tlds.to_json().encode("utf-8"), HOSTNAMES_FILE: self.ngrams.to_npz()}


def _one_per_host(hosts: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    frame = pd.DataFrame({"h": np.asarray(hosts, dtype=object), "y": np.asarray(y, dtype=int)})
    frame = frame[frame["h"] != ""].drop_duplicates()
    return frame["h"].to_numpy(dtype=object), frame["y"].to_numpy(dtype=int)


def stacked_features(
    hosts: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    train: np.ndarray,
    *,
    n_inner: int = 5,
    seed: int = 0,
) -> tuple[pd.DataFrame, HostIdentity]:
    """Learned host features for every row, fitted on the ``train`` rows only, without leakage.

    Rows in ``train`` get out-of-fold values: inner folds grouped by registrable domain (``groups``),
    each scored by a :class:`HostIdentity` fitted on the other inner folds. Every other row (the
    validation and held-out rows) is scored by one fitted on all ``train`` rows, which is also returned.

    Parameters
    ----------
    hosts, y, groups : arrays over all rows (host names, labels 0/1, registrable domains)
    train : boolean mask of the rows the features may learn from
    n_inner : inner folds (fewer when a class has fewer domains)
    seed : seeds the inner folds and the regression
    """
    from sklearn.model_selection import StratifiedGroupKFold

    out = pd.DataFrame(np.nan, index=pd.RangeIndex(len(hosts)), columns=list(HOST_FEATURES))
    tr = np.flatnonzero(train)
    full = HostIdentity.fit(hosts[tr], y[tr], seed=seed)
    rest = np.flatnonzero(~train)
    if len(rest):
        out.iloc[rest] = full.features(hosts[rest]).to_numpy()
    y_tr, g_tr = y[tr], groups[tr]
    per_class = min((len(set(g_tr[y_tr == c])) for c in (0, 1)), default=0)
    k = min(n_inner, per_class)
    if k < 2:
        # Too few domains of a class to hold any out: the overall share says all that is known.
        out.iloc[tr] = np.column_stack([np.full(len(tr), full.tlds.prior)] * 2)
        return out, full
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    for fit_idx, score_idx in splitter.split(np.zeros(len(tr)), y_tr, g_tr):
        inner = HostIdentity.fit(hosts[tr[fit_idx]], y_tr[fit_idx], seed=seed)
        out.iloc[tr[score_idx]] = inner.features(hosts[tr[score_idx]]).to_numpy()
    return out, full
