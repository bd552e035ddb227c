"""The engines: an audit scores the same in this process and on a Dask cluster; portfolios; progress."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from toxicity.cli import cli
from toxicity.engine import AuditJob, Progress, read_portfolio, run_jobs
from toxicity.errors import InputFileError
from toxicity.model.profiles import simulate_profile, write_ahrefs_export

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ahrefs_backlinks.tsv"
COMPARED = ("links.csv", "domains.csv", "review.csv")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two generated Ahrefs exports of two sites (natural links and attacks), written as downloaded."""
    root = tmp_path_factory.mktemp("exports")
    dental = simulate_profile(
        seed=11, natural=70, attacks={"pbn": 10, "negative_seo": 25, "comment_spam": 12}
    )
    casino = simulate_profile(
        site="royal-spins-casino.com",
        topic="online casino",
        seed=12,
        natural=60,
        attacks={"paid_sitewide": 8, "hacked": 10},
    )
    paths = {"brightsmile-dental.com": root / "dental.tsv", "royal-spins-casino.com": root / "casino.tsv"}
    write_ahrefs_export(dental, paths["brightsmile-dental.com"])
    write_ahrefs_export(casino, paths["royal-spins-casino.com"])
    return paths


@pytest.fixture(scope="module")
def portfolio(exports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("portfolio") / "sites.csv"
    path.write_text(
        "site,export,topic\n"
        f"brightsmile-dental.com,{exports['brightsmile-dental.com']},dental clinic\n"
        f"royal-spins-casino.com,{exports['royal-spins-casino.com']},online casino\n",
        encoding="utf-8",
    )
    return path


def _same_files(a: Path, b: Path) -> None:
    for name in COMPARED:
        left, right = pd.read_csv(a / name), pd.read_csv(b / name)
        pd.testing.assert_frame_equal(left, right, check_exact=True, obj=f"{a.name}/{name}")
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_local_and_dask_engines_agree_row_for_row_on_two_exports_in_one_dask_call(
    portfolio: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason="the Dask engine needs toxicity[dask] (installed by '.[dev]')")
    local, dask = tmp_path / "local", tmp_path / "dask"
    runner = CliRunner()
    r1 = runner.invoke(cli, ["score", "--portfolio", str(portfolio), "-o", str(local), "--no-plots", "-q"])
    assert r1.exit_code == 0, r1.output
    # One Dask call scores both sites, each in its own folder, on a local cluster of two workers.
    r2 = runner.invoke(
        cli,
        [
            "score",
            "--portfolio",
            str(portfolio),
            "-o",
            str(dask),
            "--no-plots",
            "-q",
            "--engine",
            "dask",
            "--workers",
            "2",
        ],
    )
    assert r2.exit_code == 0, r2.output
    for site in ("brightsmile-dental.com", "royal-spins-casino.com"):
        _same_files(local / site, dask / site)
        links = pd.read_csv(dask / site / "links.csv")
        assert len(links) > 100 and links["risk"].between(0, 100).all()
        assert (links["band"] == "high").any() and (links["band"] == "low").any()
    index = pd.read_csv(dask / "portfolio.csv", encoding="utf-8-sig")
    assert index["site"].tolist() == ["brightsmile-dental.com", "royal-spins-casino.com"]
    assert (index["status"] == "written").all()
    assert "Portfolio: 2 of 2 audits written" in r2.output


def test_a_failing_site_does_not_stop_the_others_and_the_run_exits_1(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    broken = tmp_path / "broken.csv"
    broken.write_text("this is not,an export\n1,2\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        f"site,export\nbrightsmile-dental.com,{exports['brightsmile-dental.com']}\nexample.org,{broken}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        [
            "score",
            "--portfolio",
            str(sites),
            "-o",
            str(tmp_path / "out"),
            "--no-plots",
            "-q",
            "--engine",
            "dask",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 1
    assert (tmp_path / "out" / "brightsmile-dental.com" / "links.csv").exists()
    assert not (tmp_path / "out" / "example.org" / "links.csv").exists()
    index = pd.read_csv(tmp_path / "out" / "portfolio.csv", encoding="utf-8-sig").set_index("site")
    assert index.loc["brightsmile-dental.com", "status"] == "written"
    assert index.loc["example.org", "status"] == "failed"
    assert "broken.csv" in index.loc["example.org", "error"]
    assert "Traceback" not in result.output


def test_the_library_runs_a_portfolio_on_the_local_engine(portfolio: Path, tmp_path: Path) -> None:
    jobs = read_portfolio(portfolio, tmp_path, template=AuditJob(exports=(), outdir="", plots=False))
    results = run_jobs(jobs)
    assert [r.job.site for r in results] == ["brightsmile-dental.com", "royal-spins-casino.com"]
    assert all(r.error is None and r.outcome is not None for r in results)
    assert results[1].outcome.summary["links"] == len(
        pd.read_csv(tmp_path / "royal-spins-casino.com" / "links.csv")
    )


def test_an_unreachable_scheduler_is_an_error_line(exports: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = CliRunner().invoke(
        cli,
        [
            "score",
            str(exports["brightsmile-dental.com"]),
            "-o",
            str(tmp_path / "o"),
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "-q",
        ],
    )
    assert result.exit_code == 1
    assert "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:9"], "add --engine dask"),
        (["--engine", "dask", "--fetch"], "--fetch runs with one local audit"),
        (["--site", "example.com", "--portfolio", "PORTFOLIO"], "each site and topic is given on its row"),
    ],
)
def test_option_mistakes_are_usage_errors(
    args: list[str], message: str, portfolio: Path, tmp_path: Path
) -> None:
    args = [str(portfolio) if a == "PORTFOLIO" else a for a in args]
    export = [] if "--portfolio" in args else [str(EXAMPLE)]
    result = CliRunner().invoke(cli, ["score", *export, "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_portfolio_rows_with_one_output_are_one_audit_and_paths_are_relative_to_the_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.csv", "b.csv"):
        (tmp_path / "in" / name).write_bytes(EXAMPLE.read_bytes())
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "\ufeffSite,Export,Topic\nWWW.Crumbandcrust.com,in/a.csv,bread\nwww.crumbandcrust.com,in/b.csv,\n",
        encoding="utf-8",
    )
    jobs = read_portfolio(sites, tmp_path / "out")
    assert len(jobs) == 1
    assert jobs[0].site == "www.crumbandcrust.com" and jobs[0].topic == "bread"
    assert jobs[0].exports == (str(tmp_path / "in" / "a.csv"), str(tmp_path / "in" / "b.csv"))
    assert jobs[0].outdir == str(tmp_path / "out" / "www.crumbandcrust.com")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site,file\nexample.com,a.csv\n", "has no 'export' column"),
        ("site,export,colour\nexample.com,a.csv,red\n", "unknown column(s) 'colour'"),
        ("site,export\nexample.com,missing.csv\n", "line 2: export 'missing.csv' does not exist"),
        ("site,export\ncrumbandcrust,a.csv\n", "line 2: "),
        ("site,export,output\nexample.com,a.csv,../escape\n", "is not a plain folder name"),
        (
            "site,export,output\nexample.com,a.csv,x\nexample.org,a.csv,x\n",
            "line 3: output folder 'x' already holds",
        ),
        ("site,export\n", "lists no export"),
    ],
)
def test_portfolio_mistakes_name_the_line_and_the_fix(text: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(EXAMPLE.read_bytes())
    sites = tmp_path / "sites.csv"
    sites.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_portfolio(sites, tmp_path / "out")
    assert message in str(info.value)


def test_progress_says_what_is_done_the_rate_and_the_time_left() -> None:
    now = [100.0]
    stream = io.StringIO()
    p = Progress(4, 4_000, stream=stream, enabled=True, clock=lambda: now[0])
    now[0] = 110.0
    p.finished(1_000, 50_000)
    line = p.line()
    assert line.startswith("[toxicity] 1/4 audits")
    assert "50,000 links scored" in line and "25% of the data" in line and "5,000 links/s" in line
    assert "about 30 s left" in line and "10 s elapsed" in line
    assert stream.getvalue().startswith("\r\x1b[K[toxicity]")
    p.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_silent_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()  # not a tty
    p = Progress(1, 10, stream=stream)
    p.step("features")
    p.finished(10, 5)
    p.clear()
    assert stream.getvalue() == ""
