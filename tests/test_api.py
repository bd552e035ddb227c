"""The public API is what a notebook imports: every name in ``toxicity.__all__`` resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import toxicity


@pytest.mark.parametrize("name", toxicity.__all__)
def test_public_name_resolves(name: str) -> None:
    assert getattr(toxicity, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        toxicity.nope  # noqa: B018


def test_import_is_cheap() -> None:
    """``import toxicity`` must not pull in pandas or LightGBM (the CLI's --help stays fast)."""
    code = "import sys, toxicity; print(any(m in sys.modules for m in ('pandas', 'lightgbm')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dir_lists_the_public_api() -> None:
    names = dir(toxicity)
    assert set(toxicity.__all__) <= set(names)
    assert not [n for n in names if n.startswith("_") and not n.startswith("__")]


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("Audit", "toxicity.audit"),
        ("score_links", "toxicity.audit"),
        ("run_audit", "toxicity.engine.job"),
        ("AuditJob", "toxicity.engine.job"),
        ("run_jobs", "toxicity.engine.runner"),
        ("read_portfolio", "toxicity.engine.portfolio"),
        ("write_report", "toxicity.report.html"),
        ("read_labeled_set", "toxicity.model.labels"),
        ("read_labeled", "toxicity.model.labels"),
        ("train_labeled", "toxicity.model.training"),
        ("evaluate_model", "toxicity.model.evaluation"),
        ("ToxicityError", "toxicity.errors"),
    ],
)
def test_main_entry_points_are_exported(name: str, module: str) -> None:
    assert name in toxicity.__all__
    assert getattr(toxicity, name).__module__ == module


def test_version_comes_from_the_package_metadata() -> None:
    from importlib import metadata

    assert toxicity.__version__ == metadata.version("toxicity")


def test_version_falls_back_to_pyproject_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    from importlib import metadata
    from pathlib import Path

    def absent(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", absent)
    pyproject = (Path(toxicity.__file__).resolve().parent.parent / "pyproject.toml").read_text(
        encoding="utf-8"
    )
    expected = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert expected is not None
    assert toxicity._version() == expected.group(1)


def test_cli_version_still_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "toxicity", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"toxicity, version {toxicity.__version__}"


# -- one-line reprs and the model argument of score_links ----------------------------------------------------


@pytest.fixture(scope="module")
def example_links():  # type: ignore[no-untyped-def]
    from pathlib import Path

    example = Path(toxicity.__file__).resolve().parent.parent / "examples" / "ahrefs_backlinks.tsv"
    if not example.is_file():
        pytest.skip("the example export is in the repository only")
    return toxicity.read_export(example)


def test_read_result_repr_is_one_line(example_links) -> None:  # type: ignore[no-untyped-def]
    text = repr(example_links)
    assert text.startswith("ReadResult(377 links from 1 file(s), format='ahrefs'") and "\n" not in text


def test_score_links_takes_a_folder_a_loaded_model_or_a_fitted_estimator(example_links) -> None:  # type: ignore[no-untyped-def]
    links = example_links.links.head(60)
    kwargs = {"site": "crumbandcrust.com", "topic": "bread baking recipes"}
    by_folder = toxicity.score_links(links, **kwargs)
    loaded = toxicity.load_model()
    by_loaded = toxicity.score_links(links, model=loaded, **kwargs)
    import pandas as pd

    pd.testing.assert_frame_equal(by_folder.links, by_loaded.links)
    assert by_loaded.model_path == by_folder.model_path == str(loaded.path)
    # A bare estimator has no card: its probabilities are taken as calibrated to an even toxic share.
    by_estimator = toxicity.score_links(links, model=loaded.estimator, **kwargs)
    assert by_estimator.model_name == "unsaved RiskModel" and by_estimator.model_path == ""
    pd.testing.assert_series_equal(by_estimator.links["source_url"], by_folder.links["source_url"])
    text = repr(by_folder)
    n = len(by_folder.domains)
    assert text == f"Audit(60 links, {n} domains, model='default', site='crumbandcrust.com')"


def test_audit_outcome_repr_is_one_line(example_links, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    example = Path(toxicity.__file__).resolve().parent.parent / "examples" / "ahrefs_backlinks.tsv"
    job = toxicity.AuditJob(
        exports=(str(example),), outdir=str(tmp_path / "audit"), site="crumbandcrust.com", plots=False
    )
    outcome = toxicity.run_audit(job)
    text = repr(outcome)
    assert "\n" not in text and text.startswith("AuditOutcome(site='crumbandcrust.com', 377 links")
    assert "model='default'" in text


def test_library_misuse_raises_in_the_toxicity_error_family() -> None:
    import pandas as pd

    from toxicity.errors import UnknownFeatureError, UsageError
    from toxicity.features.columns import FeatureColumns
    from toxicity.schema import validate_links

    with pytest.raises(UsageError, match="lack canonical columns"):
        validate_links(pd.DataFrame({"source_url": ["https://a.example/"]}))
    with pytest.raises(ValueError, match="unknown attack pattern"):  # still a ValueError
        toxicity.simulate_profile(attacks=["nope"], hosts=["a.example.com"])
    with pytest.raises(toxicity.ToxicityError, match="unknown attack pattern"):
        toxicity.simulate_profile(attacks=["nope"], hosts=["a.example.com"])
    with pytest.raises(UnknownFeatureError) as info:
        FeatureColumns(["a"], 1).row("b")
    assert isinstance(info.value, KeyError) and str(info.value).startswith("'b' is not a catalogued feature")


def test_review_table_and_page_facts_misuse_are_usage_errors() -> None:
    import pandas as pd

    from toxicity.errors import UsageError
    from toxicity.features import build_features
    from toxicity.review.sheets import sheet_rows
    from toxicity.schema import conform

    with pytest.raises(UsageError, match="needs a 'domain' column"):
        sheet_rows(pd.DataFrame({"risk": [1.0]}))
    links = conform(
        pd.DataFrame({"source_url": ["https://a.example/x"], "target_url": ["https://s.example/"]})
    )
    with pytest.raises(UsageError, match="page facts need a source_url column"):
        build_features(links, pages=pd.DataFrame({"title": ["x"]}))


def test_fetch_settings_out_of_range_are_usage_errors() -> None:
    pytest.importorskip("httpx")
    from toxicity.errors import UsageError
    from toxicity.fetch.client import FetchConfig

    with pytest.raises(UsageError, match="invalid fetch settings: concurrency=0"):
        FetchConfig(concurrency=0)


def test_score_links_validates_the_site_like_the_cli(example_links) -> None:  # type: ignore[no-untyped-def]
    from toxicity.errors import SiteError

    for bad in ("crumbandcrust", "blogspot.com", "co.uk"):
        with pytest.raises(SiteError):
            toxicity.score_links(example_links.links.head(5), site=bad)
    audit = toxicity.score_links(example_links.links.head(5), site="https://CrumbAndCrust.com:443/about")
    assert audit.profile["site"] == "crumbandcrust.com"
    # No site, or an empty one, is inferred from the target URLs as before.
    assert toxicity.score_links(example_links.links.head(5), site="").profile["site"] == "crumbandcrust.com"


def test_labeled_set_repr_counts_its_labels() -> None:
    import numpy as np
    import pandas as pd

    from toxicity.model.labels import LabeledInput, LabeledSet

    inputs = [LabeledInput(name=f"audit-{k}/", kind="audit folder", rows=1) for k in range(4)]
    data = LabeledSet(pd.DataFrame(), np.array([1, 0, 0, -1]), np.array(["a"] * 4, dtype=object), inputs)
    assert repr(data) == (
        "LabeledSet(4 links: 1 toxic, 2 clean, 1 undecided; inputs 'audit-0/', 'audit-1/', 'audit-2/', ...)"
    )
