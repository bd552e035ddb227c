"""Model folders: a LightGBM text model plus a JSON model card. No pickle.

A model folder holds

``model.txt``
    LightGBM's own text format (trees only; it cannot run code when read).
``card.json``
    The model card: format version, package versions, feature names, calibration, band thresholds,
    metrics, training-data hash, what in the training data is simulated, and the SHA-256 of
    ``model.txt``.
``tlds.json``, ``hostnames.npz``
    Only for models trained on an auditor's labels: the learned host features
    (:mod:`toxicity.model.hostnames`), JSON and a NumPy archive of plain arrays (read with
    ``allow_pickle=False``), each with its SHA-256 in the card's ``host_features``.

:func:`load_model` treats the folder as untrusted input: it checks the card's format version and
every field it uses, the hash of the model file, the feature names and the structure of every tree
before LightGBM parses anything, and raises :class:`~toxicity.errors.ModelError` with the fix when
something does not match. LightGBM's own parser trusts its input: a hand-edited ``model.txt`` (a
wrong ``tree_sizes``, a split on a feature that does not exist, an array one value short) makes it
read out of bounds or abort the process, which no ``try`` can catch; :func:`_check_model_text`
refuses such files first.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import platform
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from toxicity import __version__
from toxicity.errors import ArgumentTypeError, ModelError
from toxicity.files import atomic_file
from toxicity.model.estimator import RiskModel
from toxicity.model.hostnames import (
    HOST_FEATURES,
    HOSTNAMES_FILE,
    MAX_HOSTNAMES_BYTES,
    MAX_TLDS_BYTES,
    TLDS_FILE,
    HostIdentity,
    HostNgrams,
    TldRates,
)

#: Bumped whenever the card or folder layout changes incompatibly.
FORMAT_VERSION = 1
MODEL_FILE = "model.txt"
CARD_FILE = "card.json"
#: Largest ``model.txt`` read (the shipped one is 35 kB; 400 trees of 255 leaves stay under 20 MB).
MAX_MODEL_BYTES = 64 * 1024 * 1024
#: Largest ``card.json`` read (the shipped one is 45 kB).
MAX_CARD_BYTES = 16 * 1024 * 1024
#: LightGBM's own limit on the leaves of one tree.
MAX_LEAVES = 131_072
#: More trees than any training run here makes (``n_estimators`` is a few hundred).
MAX_TREES = 100_000


@dataclass
class ModelCard:
    """What a model is, how it was trained and how well it did. Serialised as ``card.json``."""

    name: str
    thresholds: dict[str, float]
    # Filled from the fitted model by save_model, so a card can never disagree with its model.
    feature_names: list[str] = field(default_factory=list)
    calibration_x: list[float] = field(default_factory=list)
    calibration_y: list[float] = field(default_factory=list)
    best_iteration: int = 0
    metrics: dict[str, Any] = field(default_factory=dict)
    training_data: dict[str, Any] = field(default_factory=dict)
    simulated: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    format_version: int = FORMAT_VERSION
    toxicity_version: str = __version__
    packages: dict[str, str] = field(default_factory=dict)
    model_sha256: str = ""
    created: str = ""
    # Learned host features: {"features": [...], "tlds_sha256": ..., "hostnames_sha256": ...}; empty for
    # models without them (the shipped one).
    host_features: dict[str, Any] = field(default_factory=dict)


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("lightgbm", "scikit-learn", "pandas", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


@dataclass
class LoadedModel:
    """A model read back from a folder: the estimator and its card.

    ``path`` is the folder; None for a model that was never saved (see :func:`resolve_model`).
    """

    estimator: RiskModel
    card: ModelCard
    path: Path | None

    def __repr__(self) -> str:
        est = self.estimator
        trees = f"{est.best_iteration_} trees, " if hasattr(est, "best_iteration_") else ""
        learned = ", learned host features" if est.host_identity_ is not None else ""
        where = str(self.path) if self.path is not None else "not saved"
        return (
            f"LoadedModel(name={self.card.name!r}, {trees}{len(self.card.feature_names)} features{learned}, "
            f"path={where!r})"
        )


#: Card key of an estimator parameter whose name in the card differs (cards say "seed", like LightGBM).
_CARD_KEYS = {"random_state": "seed"}
#: LightGBM's name of each estimator parameter, for reading a value the card lacks from the model file.
_LIGHTGBM_KEYS = {
    "n_estimators": "num_iterations",
    "learning_rate": "learning_rate",
    "num_leaves": "num_leaves",
    "min_child_samples": "min_data_in_leaf",
    "feature_fraction": "feature_fraction",
    "bagging_fraction": "bagging_fraction",
    "lambda_l2": "lambda_l2",
    "metric": "metric",
    "random_state": "seed",
    "n_jobs": "num_threads",
}


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python number JSON writes."""
    return value.item() if isinstance(value, np.generic) else value


def card_params(model: RiskModel) -> dict[str, Any]:
    """The estimator's parameters under the names a model card gives them (``random_state`` is ``seed``)."""
    return {_CARD_KEYS.get(k, k): _plain(v) for k, v in model.get_params().items()}


def _fits(value: Any, default: Any) -> bool:
    """Whether a card value can stand for a parameter whose default is ``default`` (same kind of value)."""
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(default, int):
        return isinstance(value, int) or (math.isfinite(value) and float(value).is_integer())
    return math.isfinite(value)


def estimator_params(card: ModelCard, booster: Any = None) -> dict[str, Any]:
    """The parameters of :class:`RiskModel` that trained the model of ``card``.

    Each comes from the card's ``params`` (``seed`` for ``random_state``); one the card lacks, or
    gives as words (cards of ``toxicity train`` before this version said how ``min_child_samples``
    was chosen), is read from the LightGBM parameters saved with the trees when ``booster`` is given;
    otherwise it keeps its default. ``early_stopping_rounds`` is not in LightGBM's file.
    """
    defaults = RiskModel().get_params()
    loaded = dict(getattr(booster, "params", None) or {}) if booster is not None else {}
    out: dict[str, Any] = {}
    for name, default in defaults.items():
        value = card.params.get(_CARD_KEYS.get(name, name), card.params.get(name))
        if not _fits(value, default) and name in _LIGHTGBM_KEYS:
            value = loaded.get(_LIGHTGBM_KEYS[name])
            if isinstance(value, list) and len(value) == 1:  # LightGBM reads metric back as a list
                value = value[0]
        if not _fits(value, default):
            value = default
        out[name] = type(default)(value)
    return out


def save_model(model: RiskModel, folder: str | Path, card: ModelCard) -> Path:
    """Write ``model`` and ``card`` into ``folder`` (created if needed); return the folder path.

    The card's feature names, calibration, best iteration, hash, package versions, creation date and
    the estimator's parameters (in ``params``, see :func:`card_params`) are filled from the fitted model
    here, so a card can never disagree with its model. A parameter the card described in words (how
    training chose it) keeps those words under ``<name>_rule``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = model.booster_.model_to_string(num_iteration=model.best_iteration_)
    card.feature_names = [str(c) for c in model.feature_names_in_]
    card.calibration_x = [float(v) for v in model.calibration_x_]
    card.calibration_y = [float(v) for v in model.calibration_y_]
    card.best_iteration = int(model.best_iteration_)
    card.model_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    card.packages = _versions()
    card.format_version = FORMAT_VERSION
    card.toxicity_version = __version__
    for key, value in card_params(model).items():
        old = card.params.get(key)
        if isinstance(old, str) and not isinstance(value, str):
            card.params.setdefault(f"{key}_rule", old)
        card.params[key] = value
    if not card.created:
        import datetime as _dt

        card.created = _dt.date.today().isoformat()
    host_files = dict(model.host_identity_.files()) if model.host_identity_ is not None else {}
    card.host_features = (
        {
            "features": list(HOST_FEATURES),
            "tlds_sha256": hashlib.sha256(host_files[TLDS_FILE]).hexdigest(),
            "hostnames_sha256": hashlib.sha256(host_files[HOSTNAMES_FILE]).hexdigest(),
        }
        if host_files
        else {}
    )
    # The host files are written first and the card last: an interrupted save leaves files whose hashes
    # the card does not hold, which load_model refuses, never a model with half its parts.
    for name, data in host_files.items():
        with atomic_file(folder / name, "wb", durable=True) as fh:
            fh.write(data)
    # Both files are written in full before either replaces its old self, so an interrupted save leaves
    # the old pair (or, in the instant between two renames, a pair the hash check refuses), never half a file.
    with (
        atomic_file(folder / MODEL_FILE, "w", encoding="utf-8", newline="\n", durable=True) as model_fh,
        atomic_file(folder / CARD_FILE, "w", encoding="utf-8", newline="\n", durable=True) as card_fh,
    ):
        model_fh.write(text)
        card_fh.write(json.dumps(asdict(card), indent=2, sort_keys=False) + "\n")
    return folder


def _read_host_identity(path: Path, card: ModelCard) -> HostIdentity | None:
    """The learned host features named by the card, after checking their hashes; None when it names none."""
    if not card.host_features:
        return None
    parts: dict[str, bytes] = {}
    for name, key, limit in (
        (TLDS_FILE, "tlds_sha256", MAX_TLDS_BYTES),
        (HOSTNAMES_FILE, "hostnames_sha256", MAX_HOSTNAMES_BYTES),
    ):
        file = path / name
        if not file.is_file():
            raise ModelError(
                f"{path}: the card names learned host features but {name} is missing. {_RETRAIN}"
            )
        if file.stat().st_size > limit:
            raise ModelError(
                f"{file}: larger than any file 'toxicity train' writes; the folder is damaged. {_RETRAIN}"
            )
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != card.host_features[key]:
            raise ModelError(
                f"{file}: does not match the hash in its card (it was changed or corrupted after training). "
                f"{_RETRAIN}"
            )
        parts[name] = data
    try:
        tlds_text = parts[TLDS_FILE].decode("utf-8")
    except UnicodeDecodeError:
        raise ModelError(f"{path / TLDS_FILE}: not UTF-8 text. {_RETRAIN}") from None
    return HostIdentity(
        tlds=TldRates.from_json(tlds_text, path / TLDS_FILE),
        ngrams=HostNgrams.from_npz(parts[HOSTNAMES_FILE], path / HOSTNAMES_FILE),
    )


def default_model_path() -> Path:
    """The folder of the model shipped inside the package."""
    return Path(str(resources.files("toxicity.model") / "default"))


def load_model(
    folder: str | Path | None = None, *, expected_features: list[str] | None = None
) -> LoadedModel:
    """Read a model folder (the shipped default when ``folder`` is None) after checking it.

    Parameters
    ----------
    folder : path, optional
        A folder written by :func:`save_model` or ``toxicity train``.
    expected_features : list of str, optional
        The feature names this version of the package builds; a model that needs a feature not
        among them is refused (retrain it with ``toxicity train``). A model may use a subset.

    Raises
    ------
    ModelError
        The folder is not a model folder, its card is malformed (the message names the field), its
        model file does not match the card or is damaged.
    """
    import lightgbm as lgb

    path = default_model_path() if folder is None else Path(folder)
    card_path, model_path = path / CARD_FILE, path / MODEL_FILE
    if not card_path.is_file() or not model_path.is_file():
        raise ModelError(
            f"{path}: not a model folder (it needs {CARD_FILE} and {MODEL_FILE}). "
            "Give a folder written by 'toxicity train', or leave out --model to use the shipped model."
        )
    card = _read_card(card_path)
    if model_path.stat().st_size > MAX_MODEL_BYTES:
        raise ModelError(
            f"{model_path}: the model file is larger than {MAX_MODEL_BYTES // 2**20} MB, far more than any "
            "model 'toxicity train' writes; the folder is damaged. Retrain with 'toxicity train' or restore "
            "the folder."
        )
    data = model_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != card.model_sha256:
        raise ModelError(
            f"{model_path}: the model file does not match the hash in its card (it was changed or "
            "corrupted after training). Retrain with 'toxicity train' or restore the folder."
        )
    # A model may use a subset of the features this version builds (training leaves out shortcut
    # features); it is refused only when it needs a feature this version no longer builds.
    # The learned host features are made by the model itself (RiskModel.add_host_features), not the
    # feature builder.
    learned = set(card.host_features.get("features", []))
    unknown = [
        f
        for f in card.feature_names
        if expected_features is not None and f not in expected_features and f not in learned
    ]
    if unknown:
        raise ModelError(
            f"{path}: the model was trained on features this version does not build "
            f"({', '.join(unknown[:5])}{'...' if len(unknown) > 5 else ''}). Retrain it with "
            "'toxicity train'."
        )
    # A matching hash proves only that card and file were edited together: LightGBM must not see
    # a file it could crash on (see _check_model_text).
    text = _check_model_text(data, card, source=model_path)
    try:
        booster = lgb.Booster(model_str=text)
    except (lgb.basic.LightGBMError, ValueError) as exc:
        raise _damaged(model_path, f"LightGBM could not read it: {exc}") from None
    if list(booster.feature_name()) != list(card.feature_names) or booster.num_trees() != card.best_iteration:
        raise ModelError(f"{path}: the model file and its card disagree. Retrain with 'toxicity train'.")
    # The parameters that trained it, so that get_params() and clone() give the same estimator again.
    est = RiskModel(**estimator_params(card, booster))._set_fitted(
        booster,
        best_iteration=card.best_iteration,
        feature_names=card.feature_names,
        calibration_x=card.calibration_x,
        calibration_y=card.calibration_y,
        host_identity=_read_host_identity(path, card),
    )
    return LoadedModel(estimator=est, card=card, path=path)


def resolve_model(model: str | os.PathLike[str] | LoadedModel | RiskModel | None = None) -> LoadedModel:
    """The model to score with, from what a caller holds.

    Parameters
    ----------
    model : path, LoadedModel, RiskModel or None
        A model folder (read with :func:`load_model`; the shipped model when None); a
        :class:`LoadedModel` (used as it is); or a fitted :class:`RiskModel` that was never saved. The
        last gets a card made from the estimator (:func:`unsaved_card`): its feature names, calibration
        and parameters, the bands of the risk scale as thresholds, and no training counts, so its
        probabilities are taken as calibrated to an even toxic share (see
        :func:`toxicity.verdict.model_base_rate`). To keep a card's name, thresholds and base rate,
        save the model with its card and pass the folder, or pass ``LoadedModel(estimator, card, None)``.

    Raises
    ------
    ModelError
        The folder is not a usable model folder (see :func:`load_model`).
    NotFittedError
        The RiskModel is not fitted.
    ArgumentTypeError
        ``model`` is none of these.
    """
    if isinstance(model, LoadedModel):
        return model
    if isinstance(model, RiskModel):
        return LoadedModel(estimator=model, card=unsaved_card(model), path=None)
    if model is None or isinstance(model, (str, os.PathLike)):
        return load_model(None if model is None else Path(model))
    raise ArgumentTypeError(
        f"model must be a model folder, a LoadedModel (from load_model) or a fitted RiskModel, not "
        f"{type(model).__name__}"
    )


def unsaved_card(model: RiskModel, name: str = "unsaved RiskModel") -> ModelCard:
    """A card for a fitted estimator that has none: what the estimator itself knows, nothing more.

    Thresholds are the bands of the risk scale (:data:`toxicity.verdict.BAND_FLOORS`), metrics and
    training counts are empty.
    """
    from toxicity.verdict.scale import BAND_FLOORS

    model._check_fitted()
    return ModelCard(
        name=name,
        thresholds={band: float(v) for band, v in BAND_FLOORS.items()},
        feature_names=[str(c) for c in model.feature_names_in_],
        calibration_x=[float(v) for v in model.calibration_x_],
        calibration_y=[float(v) for v in model.calibration_y_],
        best_iteration=int(model.best_iteration_),
        params=card_params(model),
    )


# ----------------------------------------------------------------------------------------------
# The model card


_RETRAIN = "Retrain with 'toxicity train' or restore the folder."
#: Names LightGBM and the feature table accept alike (LightGBM splits its header on spaces).
_FEATURE_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,200}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Columns ``per_source_summary`` pivots on when a card's cross-source rows carry views.
_PER_SOURCE_VIEW_KEYS = (
    "source_group",
    "side",
    "n_source",
    "view",
    "roc_auc",
    "rules_roc_auc",
    "pr_auc",
    "rules_pr_auc",
    "dummy_pr_auc",
)


def _card_error(card_path: Path, name: str, problem: str) -> ModelError:
    return ModelError(f"{card_path}: field '{name}' of the model card {problem}. {_RETRAIN}")


def _is_number(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int: never a number here.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite_list(card_path: Path, name: str, value: Any) -> list[float]:
    if not isinstance(value, list) or not value:
        raise _card_error(card_path, name, "must be a non-empty list of numbers")
    bad = [v for v in value if not _is_number(v) or not math.isfinite(v)]
    if bad:
        raise _card_error(card_path, name, f"must hold finite numbers only (found {bad[0]!r:.40})")
    return [float(v) for v in value]


def _check_thresholds(card_path: Path, value: Any) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _card_error(card_path, "thresholds", 'must be an object like {"medium": 74, "high": 93}')
    from toxicity.verdict.scale import HIGH, MEDIUM

    out: dict[str, float] = {}
    for band in (MEDIUM, HIGH):
        if band not in value:
            raise _card_error(card_path, f"thresholds.{band}", "is missing")
        v = value[band]
        if not _is_number(v) or not math.isfinite(v):
            raise _card_error(
                card_path, f"thresholds.{band}", f"must be a number from 0 to 100 (found {v!r:.40})"
            )
        out[band] = float(v)
    extra = sorted(set(value) - set(out))
    if extra:
        raise _card_error(
            card_path, "thresholds", f"has unknown bands ({', '.join(map(str, extra))}; only medium and high)"
        )
    # The card's thresholds are on the risk scale, 0-100 (choose_thresholds puts them at 30 and 60 at
    # least); 0-1 values are probabilities written by hand and would call almost every link high.
    medium, high = out[MEDIUM], out[HIGH]
    if not 0 <= medium <= 100 or not 0 <= high <= 100:
        raise _card_error(
            card_path,
            "thresholds",
            f"must lie on the risk scale 0-100 (found medium {medium:g}, high {high:g})",
        )
    if high <= 1:
        raise _card_error(
            card_path,
            "thresholds",
            f"look like probabilities (medium {medium:g}, high {high:g}): they are risks from 0 to 100",
        )
    if medium > high:
        raise _card_error(
            card_path,
            "thresholds",
            f"must have medium at or below high (found medium {medium:g}, high {high:g})",
        )
    return out


def _check_per_source(card_path: Path, metrics: Mapping[str, Any]) -> None:
    rows = metrics.get("per_source", [])
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise _card_error(card_path, "metrics.per_source", "must be a list of objects")
    if any("view" in r for r in rows):
        for i, r in enumerate(rows):
            missing = [k for k in _PER_SOURCE_VIEW_KEYS if k not in r]
            if missing:
                raise _card_error(card_path, f"metrics.per_source[{i}]", f"lacks {', '.join(missing)}")


def _check_host_features(card_path: Path, value: Any, names: list[str]) -> None:
    """``host_features`` is empty, or lists exactly :data:`HOST_FEATURES` (all model inputs) and two
    hashes.
    """
    if not isinstance(value, Mapping):
        raise _card_error(card_path, "host_features", "must be an object")
    if not value:
        return
    if set(value) != {"features", "tlds_sha256", "hostnames_sha256"}:
        raise _card_error(
            card_path, "host_features", "must hold features, tlds_sha256 and hostnames_sha256 only"
        )
    if value["features"] != list(HOST_FEATURES) or not set(HOST_FEATURES) <= set(names):
        raise _card_error(
            card_path, "host_features.features", f"must be {list(HOST_FEATURES)}, all in feature_names"
        )
    for key in ("tlds_sha256", "hostnames_sha256"):
        if not isinstance(value[key], str) or not _SHA256.fullmatch(value[key]):
            raise _card_error(card_path, f"host_features.{key}", "must be a 64-digit hexadecimal SHA-256")


def _check_card(raw: Any, card_path: str | Path) -> ModelCard:
    """A :class:`ModelCard` from the parsed ``card.json``, after checking every field this package reads.

    Parameters
    ----------
    raw : the parsed JSON
    card_path : where it was read from (for messages)

    Raises
    ------
    ModelError
        Naming the first field that is missing, of the wrong type or out of range.
    """
    card_path = Path(card_path)
    if not isinstance(raw, dict):
        raise ModelError(f"{card_path}: the model card is not a JSON object. {_RETRAIN}")
    if raw.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{card_path}: model card format {raw.get('format_version')!r:.20} is not the format this "
            f"version reads ({FORMAT_VERSION}). Retrain with 'toxicity train'."
        )
    for name in (
        "name",
        "thresholds",
        "feature_names",
        "calibration_x",
        "calibration_y",
        "best_iteration",
        "model_sha256",
    ):
        if name not in raw:
            raise _card_error(card_path, name, "is missing")
    if not isinstance(raw["name"], str) or not raw["name"].strip():
        raise _card_error(card_path, "name", "must be a non-empty text")
    thresholds = _check_thresholds(card_path, raw["thresholds"])
    names = raw["feature_names"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise _card_error(card_path, "feature_names", "must be a non-empty list of texts")
    odd = [n for n in names if not _FEATURE_NAME.fullmatch(n)]
    if odd:
        raise _card_error(card_path, "feature_names", f"has a name LightGBM cannot hold ({odd[0][:40]!r})")
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise _card_error(card_path, "feature_names", f"lists a feature twice ({', '.join(twice[:3])})")
    xs = _finite_list(card_path, "calibration_x", raw["calibration_x"])
    ys = _finite_list(card_path, "calibration_y", raw["calibration_y"])
    if len(xs) != len(ys):
        raise _card_error(card_path, "calibration_x", f"has {len(xs)} values but calibration_y has {len(ys)}")
    # The calibration is an isotonic map: np.interp needs increasing x, and a probability must
    # grow with the model's raw score and stay within 0-1.
    if any(b < a for a, b in itertools.pairwise(xs)):
        raise _card_error(card_path, "calibration_x", "must be in increasing order")
    if any(b < a for a, b in itertools.pairwise(ys)) or not 0 <= ys[0] <= ys[-1] <= 1:
        raise _card_error(card_path, "calibration_y", "must be probabilities (0-1) in increasing order")
    best = raw["best_iteration"]
    if not isinstance(best, int) or isinstance(best, bool) or not 1 <= best <= MAX_TREES:
        raise _card_error(
            card_path, "best_iteration", f"must be a whole number of trees (found {best!r:.40})"
        )
    if not isinstance(raw["model_sha256"], str) or not _SHA256.fullmatch(raw["model_sha256"]):
        raise _card_error(card_path, "model_sha256", "must be the 64-digit hexadecimal SHA-256 of model.txt")
    for name in ("metrics", "training_data", "params", "packages"):
        if name in raw and not isinstance(raw[name], dict):
            raise _card_error(card_path, name, "must be an object")
    for name in ("simulated", "notes"):
        if name in raw and (
            not isinstance(raw[name], list) or not all(isinstance(v, str) for v in raw[name])
        ):
            raise _card_error(card_path, name, "must be a list of texts")
    for name in ("toxicity_version", "created"):
        if name in raw and not isinstance(raw[name], str):
            raise _card_error(card_path, name, "must be a text")
    _check_per_source(card_path, raw.get("metrics", {}))
    _check_host_features(card_path, raw.get("host_features", {}), names)
    known = set(ModelCard.__dataclass_fields__)
    card = ModelCard(**{k: v for k, v in raw.items() if k in known})
    card.thresholds = thresholds
    card.calibration_x, card.calibration_y = xs, ys
    return card


def _read_card(card_path: str | Path) -> ModelCard:
    """Read and check ``card.json`` (see :func:`_check_card`)."""
    card_path = Path(card_path)
    if card_path.stat().st_size > MAX_CARD_BYTES:
        raise ModelError(
            f"{card_path}: the model card is larger than {MAX_CARD_BYTES // 2**20} MB, far more than any "
            f"card 'toxicity train' writes. {_RETRAIN}"
        )
    try:
        raw = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelError(
            f"{card_path}: the model card is not valid JSON ({exc}). Retrain with 'toxicity train'."
        ) from None
    return _check_card(raw, card_path)


# ----------------------------------------------------------------------------------------------
# The LightGBM text model


def _damaged(source: Path | str, what: str) -> ModelError:
    return ModelError(
        f"{source}: the model file is damaged ({what}). Retrain with 'toxicity train' or restore "
        "the folder from a backup."
    )


_INT = re.compile(r"-?[0-9]{1,10}")
# Decimal numbers only: LightGBM's parser reads no 'nan', 'inf' or Python's '1_000'.
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")
_OBJECTIVE = re.compile(r"binary sigmoid:(" + _FLOAT.pattern + ")")
_FEATURE_INFO = re.compile(r"none|\[(" + _FLOAT.pattern + "):(" + _FLOAT.pattern + r")\]")
# ``[key: value]`` with no quote, bracket or brace: LightGBM pastes the value into JSON unescaped.
_PARAMETER = re.compile(r"\[[a-z][a-z0-9_]*: [A-Za-z0-9_.,+\- ]*\]")
_HEADER_KEYS = (
    "version",
    "num_class",
    "num_tree_per_iteration",
    "label_index",
    "max_feature_idx",
    "objective",
    "feature_names",
    "feature_infos",
    "tree_sizes",
)
#: Arrays of a tree with one value per split (``num_leaves - 1``) and per leaf (``num_leaves``).
_SPLIT_ARRAYS = (
    "split_feature",
    "split_gain",
    "threshold",
    "decision_type",
    "left_child",
    "right_child",
    "internal_value",
    "internal_weight",
    "internal_count",
)
_LEAF_ARRAYS = ("leaf_value", "leaf_weight", "leaf_count")
_TREE_KEYS = frozenset(("num_leaves", "num_cat", *_SPLIT_ARRAYS, *_LEAF_ARRAYS, "is_linear", "shrinkage"))
_INT_ARRAYS = frozenset(
    ("split_feature", "decision_type", "left_child", "right_child", "internal_count", "leaf_count")
)
# Numerical splits only (toxicity trains on float columns): bit 0 (categorical) unset, missing type
# (bits 2-3) none, zero or NaN, bit 1 the default direction.
_DECISION_TYPES = frozenset((0, 2, 4, 6, 8, 10))


def _ints(source: Path | str, where: str, value: str) -> list[int]:
    tokens = value.split(" ") if value else []
    if not all(_INT.fullmatch(t) for t in tokens):
        raise _damaged(source, f"{where} holds a value that is not a whole number")
    out = [int(t) for t in tokens]
    if any(not -(2**31) <= v < 2**31 for v in out):
        raise _damaged(source, f"{where} holds a number out of range")
    return out


def _floats(source: Path | str, where: str, value: str, *, infinite: bool = False) -> list[float]:
    tokens = value.split(" ") if value else []
    # LightGBM writes a split above a feature's last bin as threshold 'inf'; NaN it never writes.
    ok = (lambda t: _FLOAT.fullmatch(t) or t in ("inf", "-inf")) if infinite else _FLOAT.fullmatch
    if not all(ok(t) for t in tokens):
        raise _damaged(source, f"{where} holds a value that is not a number")
    out = [float(t) for t in tokens]
    if not all(math.isfinite(v) or infinite for v in out):
        raise _damaged(source, f"{where} holds a number too large to use")
    return out


def _check_tree_shape(source: Path | str, where: str, left: list[int], right: list[int]) -> None:
    """Children must form one tree: every node but the root and every leaf reached once, from the root."""
    n_split = len(left)
    parents = [0] * n_split
    leaves = [0] * (n_split + 1)
    for child in (*left, *right):
        if 0 <= child < n_split:
            parents[child] += 1
        elif -(n_split + 1) <= child < 0:
            leaves[~child] += 1
        else:
            raise _damaged(source, f"{where} points to node {child}, which does not exist")
    if parents[0] or any(p != 1 for p in parents[1:]) or any(c != 1 for c in leaves):
        raise _damaged(source, f"{where}: its nodes do not form a tree")
    # One parent each is not enough: two nodes may point at each other away from the root, which
    # LightGBM would follow for ever.
    seen, todo = 1, [0]
    while todo:
        node = todo.pop()
        for child in (left[node], right[node]):
            if child >= 0:
                seen += 1
                todo.append(child)
    if seen != n_split:
        raise _damaged(source, f"{where}: some of its nodes cannot be reached from the root")


def _check_tree(source: Path | str, index: int, block: str, n_features: int) -> None:
    where = f"tree {index}"
    head, _, rest = block.partition("\n")
    if head != f"Tree={index}":
        raise _damaged(source, f"{where} does not start where tree_sizes says")
    body, sep, tail = rest.partition("\n\n")
    # LightGBM reads a tree's lines up to the first empty one; what follows must be empty lines only.
    if not sep or tail.strip("\n"):
        raise _damaged(source, f"{where} is not followed by an empty line where tree_sizes says it ends")
    values: dict[str, str] = {}
    for line in body.split("\n"):
        key, eq, value = line.partition("=")
        if not eq or key not in _TREE_KEYS or key in values:
            raise _damaged(source, f"{where} has an unexpected line {line[:40]!r}")
        values[key] = value
    missing = sorted(_TREE_KEYS - set(values))
    if missing:
        raise _damaged(source, f"{where} lacks {', '.join(missing)}")
    leaves = _ints(source, f"{where} num_leaves", values["num_leaves"])
    if len(leaves) != 1 or not 1 <= leaves[0] <= MAX_LEAVES:
        raise _damaged(source, f"{where} has num_leaves={values['num_leaves'][:20]}")
    n_leaves = leaves[0]
    if values["num_cat"] != "0" or values["is_linear"] != "0":
        raise _damaged(source, f"{where} has categorical or linear splits, which toxicity never trains")
    _floats(source, f"{where} shrinkage", values["shrinkage"])
    arrays: dict[str, list[Any]] = {}
    for key in (*_SPLIT_ARRAYS, *_LEAF_ARRAYS):
        if key in _INT_ARRAYS:
            arrays[key] = _ints(source, f"{where} {key}", values[key])
        else:
            arrays[key] = _floats(source, f"{where} {key}", values[key], infinite=key == "threshold")
        want = n_leaves - 1 if key in _SPLIT_ARRAYS else n_leaves
        # A one-leaf tree is written with leaf_weight (and leaf_count) empty; LightGBM reads only its value.
        ok = len(arrays[key]) == want or (n_leaves == 1 and key != "leaf_value" and not arrays[key])
        if not ok:
            raise _damaged(source, f"{where} has {n_leaves} leaves but {len(arrays[key])} values in {key}")
    if any(not 0 <= f < n_features for f in arrays["split_feature"]):
        raise _damaged(source, f"{where} splits on a feature that does not exist")
    if any(d not in _DECISION_TYPES for d in arrays["decision_type"]):
        raise _damaged(source, f"{where} has a decision type toxicity never trains")
    if any(c < 0 for c in (*arrays["internal_count"], *arrays["leaf_count"])):
        raise _damaged(source, f"{where} has a negative count")
    if n_leaves > 1:
        _check_tree_shape(source, where, arrays["left_child"], arrays["right_child"])


def _check_trailer(source: Path | str, lines: list[str], feature_names: set[str]) -> None:
    """What follows ``end of trees``: feature importances, parameters, pandas_categorical."""
    section = ""
    for i, line in enumerate(lines):
        if line in ("feature_importances:", "parameters:") and section != "parameters:":
            section = line
        elif line == "end of parameters" and section == "parameters:":
            section = ""
        elif not line:
            continue
        elif section == "feature_importances:":
            name, eq, count = line.partition("=")
            if not eq or name not in feature_names or not _INT.fullmatch(count):
                raise _damaged(source, f"unexpected feature importance line {line[:40]!r}")
        elif section == "parameters:":
            if not _PARAMETER.fullmatch(line):
                raise _damaged(source, f"unexpected parameter line {line[:40]!r}")
            # The one parameter LightGBM acts on when loading: it would refuse to explain any score.
            if line.startswith("[linear_tree: ") and line != "[linear_tree: 0]":
                raise _damaged(source, "linear trees, which toxicity never trains")
        elif line.startswith("pandas_categorical:"):
            # toxicity never has pandas categorical columns; lightgbm parses this line as JSON.
            if line not in ("pandas_categorical:[]", "pandas_categorical:null") or i != len(lines) - 1:
                raise _damaged(source, "pandas_categorical is not empty or not the last line")
        else:
            raise _damaged(source, f"unexpected line {line[:40]!r} after the trees")
    if section:
        raise _damaged(source, f"the {section[:-1].replace('_', ' ')} section is not closed")


def _check_model_text(data: bytes, card: ModelCard, *, source: Path | str = MODEL_FILE) -> str:
    """Check a LightGBM text model against its card before LightGBM parses it; return it as text.

    LightGBM's loader trusts its input: it jumps to each tree by the byte sizes in ``tree_sizes``
    and reads each array by its declared length without bounds checks, on worker threads that abort
    the process on an error. This check accepts what :func:`save_model` writes (a binary model of
    numerical splits) and nothing else: the header keys and values, ``max_feature_idx`` and the
    feature names against the card, the number of trees against ``best_iteration``, every tree at
    the byte offset ``tree_sizes`` gives, with arrays of their declared lengths, split features in
    range, finite numbers, children that form a tree; and the sections after the trees.

    Parameters
    ----------
    data : the bytes of ``model.txt``
    card : its model card (checked already, see :func:`_check_card`)
    source : the file name used in messages

    Raises
    ------
    ModelError
        Saying what is damaged, and to retrain or restore the folder.
    """
    if len(data) > MAX_MODEL_BYTES:
        raise _damaged(source, f"larger than {MAX_MODEL_BYTES // 2**20} MB")
    # LightGBM hands the text to C as a NUL-terminated string; \r would shift every tree_sizes offset.
    if not data.endswith(b"\n"):
        raise _damaged(source, "it is cut short")
    if b"\0" in data or b"\r" in data:
        raise _damaged(source, "it holds NUL or carriage-return bytes")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise _damaged(source, "it holds bytes that are not ASCII") from None
    first, sep, _ = text.partition("\n\nTree=0\n")
    if not sep:
        raise _damaged(source, "no header followed by the first tree")
    header_lines = first.split("\n")
    if header_lines[0] != "tree":
        raise _damaged(source, "it does not start with 'tree'")
    header: dict[str, str] = {}
    for line in header_lines[1:]:
        key, eq, value = line.partition("=")
        if not eq or key not in _HEADER_KEYS or key in header or ("=" in value and key != "feature_names"):
            raise _damaged(source, f"unexpected header line {line[:40]!r}")
        header[key] = value
    missing = [k for k in _HEADER_KEYS if k not in header]
    if missing:
        raise _damaged(source, f"the header lacks {', '.join(missing)}")
    if header["version"] != "v4":
        raise _damaged(source, f"LightGBM model format {header['version'][:10]!r}, expected v4")
    if (header["num_class"], header["num_tree_per_iteration"]) != ("1", "1") or not _INT.fullmatch(
        header["label_index"]
    ):
        raise _damaged(source, "not a binary model")
    objective = _OBJECTIVE.fullmatch(header["objective"])
    if not objective or not 0 < float(objective.group(1)) < math.inf:
        raise _damaged(source, f"objective {header['objective'][:40]!r} is not binary")
    n_features = len(card.feature_names)
    if header["max_feature_idx"] != str(n_features - 1):
        raise _damaged(
            source,
            f"max_feature_idx {header['max_feature_idx'][:12]} but the card lists {n_features} features",
        )
    if header["feature_names"].split(" ") != list(card.feature_names):
        raise _damaged(source, "its feature names differ from the card's")
    infos = header["feature_infos"].split(" ")
    if len(infos) != n_features or not all(_FEATURE_INFO.fullmatch(i) for i in infos):
        raise _damaged(source, "feature_infos does not describe one numerical feature each")
    sizes = _ints(source, "tree_sizes", header["tree_sizes"])
    if len(sizes) != card.best_iteration:
        raise _damaged(source, f"{len(sizes)} trees in tree_sizes but the card says {card.best_iteration}")
    if any(s <= 0 for s in sizes):
        raise _damaged(source, "tree_sizes holds a size that is not positive")
    start = len(first) + 2  # the byte offset of "Tree=0": the text is ASCII, one byte per character
    end = start + sum(sizes)
    if not text.startswith("end of trees\n", end):
        raise _damaged(source, "tree_sizes does not add up to where the trees end (or the file is cut short)")
    offset = start
    for index, size in enumerate(sizes):
        _check_tree(source, index, text[offset : offset + size], n_features)
        offset += size
    _check_trailer(source, text[end + len("end of trees\n") :].split("\n")[:-1], set(card.feature_names))
    return text
