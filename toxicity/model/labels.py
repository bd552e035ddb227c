"""Labeled training data: label columns, reviewed sheets and reviewed audit folders.

An auditor's labels arrive in many spellings: ``1``/``0``, ``toxic``/``clean``,
``disavow``/``keep``, ``true``/``false``, ``yes``/``no``. :func:`parse_labels` maps them to
``1`` (toxic) and ``0`` (clean); rows whose label is empty are *unlabeled* (``-1``) and left out of
training, never counted as clean. Anything else is an error that names the file and the values.

Three kinds of input are read (:func:`read_labeled_set`):

* an **audit folder** written by ``toxicity score -o DIR`` and reviewed: its link records
  (``records.parquet``) with each domain's decision from the review sheet applied to every link of
  the domain (a URL row decides that URL only), its site and topic from ``summary.json`` and its
  fetched pages from ``pages/pages.csv``, so features are built as they were when it was scored;
* a bare **review sheet**: domain names only, so the model learns from host names alone;
* a **labeled export** in any supported format with a ``label`` column.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from toxicity.errors import InputFileError, LabelError, MissingColumnsError, ReviewSheetError
from toxicity.verdict.scale import DISAVOW, KEEP

log = logging.getLogger(__name__)

#: Spellings read as toxic (label 1); compared lower-cased and stripped.
TOXIC_WORDS: frozenset[str] = frozenset(
    {"1", "1.0", "toxic", "disavow", "bad", "spam", "true", "yes", "y", "t", "remove", "block"}
)
#: Spellings read as clean (label 0).
CLEAN_WORDS: frozenset[str] = frozenset(
    {"0", "0.0", "clean", "keep", "good", "ok", "false", "no", "n", "f", "allow", "whitelist", "accept"}
)
#: Spellings read as "not decided yet" (left out of training).
UNLABELED_WORDS: frozenset[str] = frozenset(
    {"", "nan", "none", "null", "na", "n/a", "-", "?", "undecided", "review", "skip"}
)

UNLABELED = -1


def parse_labels(
    values: Iterable[object], *, source: str = "labels", require_both: bool = True
) -> np.ndarray:
    """Map label spellings to 1 (toxic), 0 (clean) or -1 (not labeled).

    Parameters
    ----------
    values : iterable
        The raw label column (strings, numbers, booleans or missing values).
    source : str
        Where the labels come from (a file name), used in error messages.
    require_both : bool
        Require both classes (False when the labels are added to a base training set).

    Returns
    -------
    numpy.ndarray of int8

    Raises
    ------
    LabelError
        If a value is none of the known spellings, no row is labeled, or (with ``require_both``)
        only one class is present.

    Examples
    --------
    >>> parse_labels(["disavow", "keep", "", "TOXIC", 0]).tolist()
    [1, 0, -1, 1, 0]
    """
    raw = pd.Series(list(values), dtype="object")
    text = raw.map(
        lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)
    )
    text = text.str.strip().str.lower()
    out = np.full(len(text), UNLABELED, dtype=np.int8)
    out[text.isin(TOXIC_WORDS).to_numpy()] = 1
    out[text.isin(CLEAN_WORDS).to_numpy()] = 0
    unknown = ~(text.isin(TOXIC_WORDS) | text.isin(CLEAN_WORDS) | text.isin(UNLABELED_WORDS))
    if unknown.any():
        bad = list(dict.fromkeys(raw[unknown].astype(str)))
        raise LabelError(
            f"{source}: {int(unknown.sum())} label(s) cannot be read, e.g. "
            f"{', '.join(repr(b[:30]) for b in bad[:5])}. Use 1/0, toxic/clean, disavow/keep or true/false "
            "(empty = not decided)."
        )
    if require_both:
        check_classes(out, source=source)
    elif not (out >= 0).any():
        raise LabelError(
            f"{source}: no row has a label. Fill the label (or decision) column with toxic/clean or "
            "disavow/keep."
        )
    return out


def check_classes(labels: np.ndarray, *, source: str = "labels") -> None:
    """Raise :class:`LabelError` unless ``labels`` hold at least one toxic and one clean row."""
    n_toxic = int((labels == 1).sum())
    n_clean = int((labels == 0).sum())
    if n_toxic == 0 and n_clean == 0:
        raise LabelError(
            f"{source}: no row has a label. Fill the label (or decision) column with toxic/clean or "
            "disavow/keep."
        )
    if n_toxic == 0 or n_clean == 0:
        only = "toxic" if n_clean == 0 else "clean"
        raise LabelError(
            f"{source}: all {max(n_toxic, n_clean)} labeled rows are {only}; a model needs both classes. "
            "Add decisions of the other class, or train with --base default."
        )


#: The kinds of labeled input, as the model card names them.
AUDIT_FOLDER: Final = "audit folder"
REVIEW_SHEET: Final = "review sheet (host only)"
LABELED_EXPORT: Final = "labeled export"
#: Extra column of :attr:`LabeledSet.links`: the position of the row's input in :attr:`LabeledSet.inputs`.
INPUT_COLUMN: Final = "labeled_input"
#: The review sheets of an audit folder, as ``toxicity score`` names them.
SHEET_NAMES: Final = ("review.xlsx", "review.csv")
#: Items named in an error message.
_SHOWN: Final = 5
_DECISION_LABELS: Final = {DISAVOW: 1, KEEP: 0}


@dataclass
class LabeledInput:
    """One labeled input: what it is and the context its features are built in.

    Attributes
    ----------
    name : the name rows of this input carry in the per-source tables (a folder ends in ``/``)
    kind : :data:`AUDIT_FOLDER`, :data:`REVIEW_SHEET` or :data:`LABELED_EXPORT`
    rows : link records read from it
    site, topic : the audited site and topic its features are built with (an audit folder's own,
        from ``summary.json``; a bare file's from the command line)
    pages : page facts of its linking pages, or None
    sheet : for an audit folder, the review sheet whose decisions were used
    """

    name: str
    kind: str
    rows: int
    site: str | None = None
    topic: str | None = None
    pages: pd.DataFrame | None = field(default=None, repr=False)
    sheet: str | None = None


@dataclass
class LabeledSet:
    """Link records with labels, and the inputs they came from.

    Attributes
    ----------
    links : canonical link records of every input, in order, plus :data:`INPUT_COLUMN`
    labels : 1 toxic, 0 clean, -1 undecided
    sources : the input name of each row
    inputs : one :class:`LabeledInput` per path given
    """

    links: pd.DataFrame
    labels: np.ndarray
    sources: np.ndarray
    inputs: list[LabeledInput]

    def __repr__(self) -> str:
        labels = np.asarray(self.labels)
        toxic, clean = int((labels == 1).sum()), int((labels == 0).sum())
        names = ", ".join(repr(i.name) for i in self.inputs[:3]) + (", ..." if len(self.inputs) > 3 else "")
        return (
            f"LabeledSet({len(labels)} links: {toxic} toxic, {clean} clean, "
            f"{len(labels) - toxic - clean} undecided; inputs {names})"
        )

    @property
    def pages(self) -> pd.DataFrame | None:
        """Page facts of every input (None when no input has any): the model learns the page family if
        given.
        """
        frames = [i.pages for i in self.inputs if i.pages is not None]
        if not frames:
            return None
        return pd.concat(frames, ignore_index=True).drop_duplicates("source_url", keep="last")

    def notes(self) -> list[str]:
        """One line per bare review sheet: it carries host names only (for the terminal)."""
        return [
            f"{i.name} carries domain names only: the model learns from host names; give the audit folder "
            "to learn from anchors, context and metrics"
            for i in self.inputs
            if i.kind == REVIEW_SHEET
        ]

    def card_inputs(self) -> list[dict[str, Any]]:
        """What the model learned from, for the card's ``training_data``: kind, rows and coverage per
        input.
        """
        out = []
        for k, inp in enumerate(self.inputs):
            rows = self.links[INPUT_COLUMN].to_numpy() == k
            entry: dict[str, Any] = {
                "name": inp.name,
                "kind": inp.kind,
                "rows": inp.rows,
                "labeled": int((self.labels[rows] >= 0).sum()),
                "families_with_data": family_shares(self.links.loc[rows]),
            }
            if inp.sheet:
                entry["review_sheet"] = inp.sheet
            out.append(entry)
        return out

    def featurizer(self) -> Callable[..., pd.DataFrame]:
        """A feature builder that builds each input's rows in that input's own context.

        Rows of :attr:`links` (they carry :data:`INPUT_COLUMN`) get the features ``toxicity score``
        would give them: an audit folder's rows with its own site, topic and pages, and profile
        measures over that audit alone, not over every audit given at once. Any other frame (the
        shipped training set of ``--base default``) goes to :func:`toxicity.features.build_features`
        as it is.
        """
        from toxicity.features import build_features

        inputs = self.inputs

        def featurize(links: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
            if INPUT_COLUMN not in links.columns:
                return build_features(links, **kwargs)
            which = links[INPUT_COLUMN].to_numpy()
            parts, order = [], []
            for k in pd.unique(which):
                at = np.flatnonzero(which == k)
                inp = inputs[int(k)]
                rows = links.iloc[at].drop(columns=[INPUT_COLUMN]).reset_index(drop=True)
                parts.append(build_features(rows, site=inp.site, topic=inp.topic, pages=inp.pages))
                order.append(at)
            # Profile attributes differ per input; the model reads the columns only.
            features = pd.concat(parts, ignore_index=True)
            features.index = np.concatenate(order)
            return features.sort_index().set_axis(links.index)

        return featurize


def family_shares(links: pd.DataFrame) -> dict[str, float]:
    """Share of link records that carry data for each link-level family (anchor, context, metrics ...).

    >>> from toxicity.schema import conform
    >>> family_shares(conform(pd.DataFrame({"source_url": ["http://a.com/", "http://b.com/"],
    ...                                     "anchor": ["cheap pills", None]})))["anchor"]
    0.5
    """
    from toxicity.schema import FLAG_COLUMNS, METRIC_COLUMNS, TEXT_COLUMNS

    def share(columns: Iterable[str]) -> float:
        if not len(links):
            return 0.0
        present = links[list(columns)].notna().any(axis=1)
        return round(float(present.mean()), 4)

    return {
        "anchor": share(["anchor"]),
        "context": share(["left_context", "right_context"]),
        "metrics": share(METRIC_COLUMNS),
        "flags": share(FLAG_COLUMNS),
        "dates": share(["first_seen"]),
        "title": share([c for c in TEXT_COLUMNS if c == "source_title"]),
    }


def _decisions(sheet: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Decided key -> decision of one sheet (``review.read_reviews``); a key decided both ways is left out."""
    from toxicity.review.decisions import decision_key

    out: dict[tuple[str, str], str] = {}
    both: set[tuple[str, str]] = set()
    for domain, url, decision in zip(sheet["domain"], sheet["url"], sheet["decision"]):
        if not decision:
            continue
        key = decision_key(str(domain), str(url or ""))
        if out.setdefault(key, decision) != decision:
            both.add(key)
    if both:
        log.warning("%d rows decided both ways in one sheet are left undecided", len(both))
    return {k: v for k, v in out.items() if k not in both}


def _folder_sheet(folder: Path) -> tuple[str, dict[tuple[str, str], str]]:
    """The review sheet of an audit folder (the one modified last) and its decisions.

    Raises
    ------
    InputFileError
        The folder has neither ``review.xlsx`` nor ``review.csv``.
    ReviewSheetError
        Both sheets carry decisions and they disagree.
    """
    from toxicity.review import read_reviews

    found = [folder / n for n in SHEET_NAMES if (folder / n).is_file()]
    if not found:
        raise InputFileError(
            f"{folder}: no review.csv or review.xlsx; an audit folder is what 'toxicity score EXPORT -o "
            f"{folder}' writes, with the decision column of its review sheet filled"
        )
    sheets = {p.name: _decisions(read_reviews([p])) for p in found}
    if len(found) == 2:
        xlsx, csv = sheets["review.xlsx"], sheets["review.csv"]
        clash = sorted(k for k in xlsx.keys() & csv.keys() if xlsx[k] != csv[k])
        if clash:
            shown = ", ".join(f"{k[1][:60]!r} (csv {csv[k]}, xlsx {xlsx[k]})" for k in clash[:_SHOWN])
            more = f" and {len(clash) - _SHOWN} more" if len(clash) > _SHOWN else ""
            raise ReviewSheetError(
                f"{folder}: review.csv and review.xlsx disagree on {len(clash)} decision(s): {shown}{more}; "
                "make them agree, or move the sheet you did not edit out of the folder, then run again"
            )
    newest = max(found, key=lambda p: p.stat().st_mtime_ns)
    other = next((p for p in found if p != newest), None)
    if other is not None and not sheets[newest.name] and sheets[other.name]:
        # A sheet re-saved without decisions (or left as written) must not hide the one the auditor filled.
        newest, other = other, newest
    log.info("%s: decisions from %s (%d decided)", folder, newest.name, len(sheets[newest.name]))
    if other is not None:
        unused = len(sheets[other.name].keys() - sheets[newest.name].keys())
        if unused:
            log.warning("%s: %d decision(s) only in %s are not used", folder, unused, other.name)
    return newest.name, sheets[newest.name]


def decided_rows(
    links: pd.DataFrame, labels: np.ndarray, sources: np.ndarray | None = None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The rows a human decided (label 0 or 1), renumbered: ``(links, labels, sources)``.

    Undecided rows (-1) are left out; ``sources`` defaults to ``"labeled"`` for every row.

    >>> links = pd.DataFrame({"source_url": ["a", "b", "c"]})
    >>> kept, y, src = decided_rows(links, np.array([1, -1, 0]))
    >>> kept["source_url"].tolist(), y.tolist(), src.tolist()
    (['a', 'c'], [1, 0], ['labeled', 'labeled'])
    """
    labels = np.asarray(labels, dtype=int)
    keep = labels >= 0
    y = labels[keep]
    src = (
        np.asarray(sources, dtype=object)[keep]
        if sources is not None
        else np.full(len(y), "labeled", dtype=object)
    )
    return links.loc[keep].reset_index(drop=True), y, src


def link_labels(links: pd.DataFrame, decisions: dict[tuple[str, str], str]) -> np.ndarray:
    """Apply review decisions to link records: a domain's decision to each of its links, a URL's to that URL.

    Links are matched as ``toxicity score`` rolled them up (:func:`toxicity.verdict.decide.roll_up_units`):
    by registrable domain, and pages of a platform itself by their URL. A URL row outweighs its domain.

    Returns
    -------
    numpy.ndarray of int8: 1 disavow, 0 keep, -1 undecided

    Examples
    --------
    >>> from toxicity.schema import conform
    >>> links = conform(pd.DataFrame({"source_url": ["http://a.spam.com/x", "http://b.com/1", "http://b.com/2"],
    ...                               "source_domain": ["spam.com", "b.com", "b.com"]}))
    >>> link_labels(links, {("domain", "spam.com"): "disavow", ("url", "http://b.com/2"): "keep"}).tolist()
    [1, -1, 0]
    """
    from toxicity.cells import escape_url
    from toxicity.review.decisions import domain_key
    from toxicity.verdict.decide import roll_up_units

    by_domain = {k[1]: _DECISION_LABELS[v] for k, v in decisions.items() if k[0] == "domain"}
    by_url = {k[1]: _DECISION_LABELS[v] for k, v in decisions.items() if k[0] == "url"}
    codes, names = roll_up_units(links)
    unit = np.array([by_domain.get(domain_key(n), -1) for n in names] + [-1], dtype=np.int8)
    out = unit[codes] if len(codes) else np.zeros(0, dtype=np.int8)
    if by_url:
        url_codes, urls = pd.factorize(links["source_url"].astype("string").fillna(""))
        per_url = np.array([by_url.get(escape_url(str(u)), -1) for u in urls] + [-1], dtype=np.int8)
        chosen = per_url[url_codes]
        out = np.where(chosen >= 0, chosen, out).astype(np.int8)
    return out


def _folder_pages(folder: Path) -> pd.DataFrame | None:
    """Page facts fetched into the audit folder (``score --fetch``), or None."""
    path = folder / "pages" / "pages.csv"
    if not path.is_file():
        return None
    try:
        from toxicity.fetch import read_pages
    except ModuleNotFoundError as exc:
        if exc.name == "httpx":
            raise InputFileError(
                f"{path}: reading fetched pages needs the optional HTTP client; install it with: "
                "pip install 'toxicity[fetch]'"
            ) from None
        raise
    return read_pages(path)


def _read_summary(folder: Path) -> dict[str, Any]:
    import json

    path = folder / "summary.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"{path}: not readable JSON ({exc.__class__.__name__}); rebuild it with 'toxicity report "
            f"{folder}' or re-run 'toxicity score'"
        ) from None
    return data if isinstance(data, dict) else {}


def read_audit_folder(folder: str | Path) -> tuple[pd.DataFrame, np.ndarray, LabeledInput]:
    """Read a reviewed audit folder: link records, a label per link, and the folder's context.

    Raises
    ------
    InputFileError
        The folder has no ``records.parquet`` (made by an older version) or no review sheet.
    ReviewSheetError
        Its review.csv and review.xlsx disagree.
    """
    from toxicity.audit import RECORDS_FILE, read_records

    folder = Path(folder)
    records = folder / RECORDS_FILE
    if not records.is_file():
        sheet = next((folder / n for n in reversed(SHEET_NAMES) if (folder / n).is_file()), None)
        if sheet is None:
            raise InputFileError(
                f"{folder}: not an audit folder (no {RECORDS_FILE}, no review sheet); give a folder written "
                "by 'toxicity score EXPORT -o DIR' with the decision column of its review sheet filled, or "
                "labeled files"
            )
        raise InputFileError(
            f"{folder}: no {RECORDS_FILE} (an audit made by an older version, or not an audit folder); "
            f"re-run 'toxicity score EXPORT --previous {sheet} -o {folder} --force' on its export to keep "
            f"the link records (the decisions are carried over), or give {sheet} to learn from host names "
            "only"
        )
    sheet_name, decisions = _folder_sheet(folder)
    links = read_records(records)
    links = links.drop(columns=[c for c in links.columns if c == "label"])
    summary = _read_summary(folder)
    site = summary.get("site") if isinstance(summary.get("site"), str) else None
    topic = summary.get("topic") if isinstance(summary.get("topic"), str) else None
    if summary.get("topic_source") == "inferred":
        # Scoring inferred it from these same links: inferring again gives the same features.
        topic = None
    info = LabeledInput(
        name=f"{folder.name or folder.resolve().name}/",
        kind=AUDIT_FOLDER,
        rows=len(links),
        site=site,
        topic=topic,
        pages=_folder_pages(folder),
        sheet=sheet_name,
    )
    return links, link_labels(links, decisions), info


def read_labeled_set(
    paths: Iterable[str | Path],
    *,
    require_both: bool = True,
    site: str | None = None,
    topic: str | None = None,
    pages: pd.DataFrame | None = None,
) -> LabeledSet:
    """Read audit folders, review sheets and labeled exports into one labeled set.

    Parameters
    ----------
    paths : audit folders (``toxicity score -o DIR``, reviewed), review sheets, or exports with a
        ``label`` column, in any mix
    require_both : require toxic and clean labels over all inputs
    site, topic, pages : the context of the bare files (an audit folder brings its own; ``site`` is used for
        a folder scored without ``--site``)

    Raises
    ------
    InputFileError
        A folder is not a reviewed audit folder made by this version.
    MissingColumnsError
        A file has no label column.
    LabelError
        Labels are unreadable, none given, or (with ``require_both``) all of one class.
    ReviewSheetError
        An audit folder's two review sheets disagree.
    """
    from toxicity.io import read_export
    from toxicity.schema import conform

    frames: list[pd.DataFrame] = []
    labels: list[np.ndarray] = []
    inputs: list[LabeledInput] = []
    for path in paths:
        p = Path(str(path))
        if p.is_dir():
            links, y, info = read_audit_folder(p)
            # An audit scored without --site: the command line's site, if given, is the best we know.
            info.site = info.site or site
        else:
            result = read_export(path)
            if "label" not in result.links.columns:
                raise MissingColumnsError(
                    f"{path}: no label column (read as {result.format}; columns: "
                    f"{', '.join(map(str, result.links.columns[:6]))}...). Add a column 'label' with "
                    "toxic/clean (or disavow/keep, 1/0), give a review sheet with its decision column "
                    "filled, or give the audit folder 'toxicity score -o' wrote."
                )
            y = parse_labels(result.links["label"], source=p.name, require_both=False)
            links = result.links.drop(columns=["label"])
            kind = REVIEW_SHEET if result.format == "review" else LABELED_EXPORT
            info = LabeledInput(name=p.name, kind=kind, rows=len(links), site=site, topic=topic, pages=pages)
        frames.append(links.assign(**{INPUT_COLUMN: len(inputs)}))
        labels.append(y)
        inputs.append(info)
    if not frames:
        raise LabelError(
            "no labeled file given. Name one or more audit folders, exports with a label column, or review "
            "sheets."
        )
    names = [i.name for i in inputs]
    sources = np.concatenate([np.full(i.rows, i.name, dtype=object) for i in inputs])
    y_all = np.concatenate(labels).astype(np.int8)
    if not (y_all >= 0).any():
        raise LabelError(
            f"{', '.join(names[:_SHOWN])}: no row has a label. Fill the decision column of the review sheet "
            "(disavow / keep), or the label column with toxic/clean."
        )
    if require_both:
        check_classes(y_all, source=", ".join(sorted(set(names))))
    return LabeledSet(conform(pd.concat(frames, ignore_index=True)), y_all, sources, inputs)


def read_labeled(
    paths: Iterable[str | Path], *, require_both: bool = True
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Read labeled exports, reviewed sheets or reviewed audit folders into link records, labels and sources.

    Any export format :func:`toxicity.io.read_export` reads works when the file has a ``label``
    column (review sheets: the ``decision`` column). An audit folder gives its link records with the
    decisions of its review sheet (see :func:`read_labeled_set`, which also returns each input's
    site, topic and pages). Rows without a decision are kept with label -1.

    Returns
    -------
    links : DataFrame
        Canonical link records of every input, in order.
    labels : ndarray of int8
        1 toxic, 0 clean, -1 undecided.
    sources : ndarray of str
        Input name of each row (a folder's name ends in ``/``).

    Raises
    ------
    MissingColumnsError
        A file has no label column.
    LabelError
        Labels are unreadable, or (with ``require_both``) all of one class over all files.
    InputFileError, ReviewSheetError
        An audit folder cannot be used (see :func:`read_labeled_set`).
    """
    labeled = read_labeled_set(paths, require_both=require_both)
    return labeled.links.drop(columns=[INPUT_COLUMN]), labeled.labels, labeled.sources
