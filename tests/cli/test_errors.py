"""The CLI error contract: every error a user can cause is one ``Error:`` line on stderr, exit 1, no
traceback.

Usage errors (click's own), library errors, operating-system errors, running out of memory, a damaged
model folder and a hand-edited summary.json alike. A real bug keeps its traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from toxicity.cli import cli
from toxicity.errors import InputFileError
from toxicity.model.store import default_model_path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
EXPORT = str(FIXTURES / "majestic_backlinks.csv")


def assert_one_error_line(result: Result, *expected: str) -> str:
    """The run failed cleanly: exit 1, exactly one stderr line starting with Error:, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    for text in expected:
        assert text in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- finding 10: usage errors exit 1 like every other error ------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["score"], "Missing option '-o' / '--output'"),
        (["score", "-o", "out"], "give at least one export file"),
        (["inspect", "--format", "nope", EXPORT], "Invalid value for '-f' / '--format'"),
        (["inspect", "--no-such-option", EXPORT], "No such option '--no-such-option'"),
        (["disavow"], "Missing argument"),
        (["nosuch"], "No such command 'nosuch'"),
        (["--no-such-option", "formats"], "No such option '--no-such-option'"),
        (["report", "/no/such/folder"], "does not exist"),
    ],
)
def test_usage_errors_are_one_error_line_and_exit_1(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    result = runner.invoke(cli, args)
    assert_one_error_line(result, expected)
    assert "Usage: " in result.stderr  # click's usual usage hint is kept


def test_usage_errors_exit_1_from_the_installed_command_too() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "toxicity", "score"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1 and "Error: Missing option" in result.stderr


def test_help_and_version_still_exit_0(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    assert runner.invoke(cli, ["--version"]).exit_code == 0


# -- finding 8: OSError, MemoryError and library errors become one line; bugs keep their traceback ----------


def _raise(exc: BaseException) -> Any:
    def read_exports(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return read_exports


@pytest.mark.parametrize(
    "exc, expected",
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/audit/links.csv"),
            ["/audit/links.csv: Permission denied", "check the permissions"],
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            ["No space left on device", "free some disk space"],
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/mnt/ro/out.csv"),
            ["/mnt/ro/out.csv: Read-only file system", "write to another folder"],
        ),
        (
            IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp/x.tmp", None, "/tmp/report.html"),
            ["/tmp/x.tmp -> /tmp/report.html: Is a directory"],
        ),
        (OSError("a message without an errno"), ["a message without an errno"]),
        (MemoryError(), ["too large for memory"]),
        (
            InputFileError("bad.csv: line one\nError: a forged second line\x1b[2J"),
            ["bad.csv: line one\\nError: a forged second line\\x1b[2J"],
        ),
    ],
)
def test_os_memory_and_library_errors_are_one_line(runner, monkeypatch, exc, expected) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("toxicity.io.read_exports", _raise(exc))
    line = assert_one_error_line(runner.invoke(cli, ["inspect", EXPORT]), *expected[:1])
    for text in expected[1:]:
        assert text in line
    assert "\x1b" not in line


def test_a_real_bug_keeps_its_traceback(runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("toxicity.io.read_exports", _raise(RuntimeError("a bug")))
    result = runner.invoke(cli, ["inspect", EXPORT])
    assert isinstance(result.exception, RuntimeError)
    assert "Error:" not in result.stderr


def test_a_closed_pipe_is_left_to_click(runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("toxicity.io.read_exports", _raise(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    result = runner.invoke(cli, ["inspect", EXPORT])
    assert result.exit_code == 1 and "Error:" not in result.stderr


# -- a real audit folder for `toxicity report` ---------------------------------------------------------------


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    result = CliRunner().invoke(cli, ["score", EXPORT, "-o", str(out), "--force", "-q", "--no-plots"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def audit_copy(audit: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(audit, tmp_path / "audit"))


def test_report_redraws_an_untouched_audit(runner: CliRunner, audit_copy: Path) -> None:
    result = runner.invoke(cli, ["report", str(audit_copy), "--no-plots"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda s: s.pop("headline"), "field 'headline' is missing"),
        (
            lambda s: s["headline"].__setitem__("links", "many"),
            "field 'headline.links' must be a whole number",
        ),
        (
            lambda s: s["timeline"].__setitem__("periods", ["yesterday"] * len(s["timeline"]["periods"])),
            "field 'timeline.periods[0]'",
        ),
        (lambda s: s["risk"]["counts"].__setitem__("high", None), "field 'risk.counts.high' must be a list"),
        (lambda s: [s], "not a summary object"),
    ],
)
def test_a_hand_edited_summary_is_one_error_line(runner, audit_copy: Path, edit, expected) -> None:  # type: ignore[no-untyped-def]
    path = audit_copy / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    replaced = edit(summary)
    path.write_text(json.dumps(replaced if isinstance(replaced, list) else summary), encoding="utf-8")
    result = runner.invoke(cli, ["report", str(audit_copy), "--no-plots"])
    assert_one_error_line(result, str(path), expected, "re-run 'toxicity score' to rebuild it")


def test_a_summary_that_is_not_json(runner: CliRunner, audit_copy: Path) -> None:
    (audit_copy / "summary.json").write_text("{'not': json", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(audit_copy), "--no-plots"])
    assert_one_error_line(result, "not a valid summary", "re-run 'toxicity score' to rebuild it")


def test_an_os_error_while_writing_names_the_path(runner: CliRunner, audit_copy: Path) -> None:
    """A real OSError: report.html is a folder, so the finished report cannot replace it."""
    (audit_copy / "report.html").unlink()
    (audit_copy / "report.html").mkdir()
    result = runner.invoke(cli, ["report", str(audit_copy), "--no-plots"])
    assert_one_error_line(result, f"{audit_copy / 'report.html'}: Is a directory")


# -- damaged model folders through the whole command (finding 7, 8, 9) ---------------------------------------


def _model_copy(tmp_path: Path, text_edit=None, card_edit=None) -> Path:  # type: ignore[no-untyped-def]
    folder = Path(shutil.copytree(default_model_path(), tmp_path / "model"))
    data = (folder / "model.txt").read_bytes()
    if text_edit is not None:
        data = text_edit(data)
        (folder / "model.txt").write_bytes(data)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    card["model_sha256"] = hashlib.sha256(data).hexdigest()
    if card_edit is not None:
        card_edit(card)
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def test_score_with_a_damaged_model_file_in_a_subprocess(tmp_path: Path) -> None:
    # tree_sizes three bytes off: LightGBM 4 aborts the process (SIGABRT) when it reads this file.
    folder = _model_copy(tmp_path, lambda data: data.replace(b"tree_sizes=886 ", b"tree_sizes=889 ", 1))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "toxicity",
            "score",
            EXPORT,
            "--model",
            str(folder),
            "-o",
            str(tmp_path / "out"),
            "-q",
            "--no-plots",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, (result.returncode, result.stderr[-400:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "the model file is damaged" in errors[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "card_edit, expected",
    [
        (lambda c: c.__setitem__("thresholds", {"medium": 90, "high": 10}), "field 'thresholds'"),
        (lambda c: c.__setitem__("thresholds", {"medium": "74", "high": 93}), "field 'thresholds.medium'"),
        (lambda c: c["calibration_x"].pop(), "field 'calibration_x'"),
        (lambda c: c.pop("feature_names"), "field 'feature_names' of the model card is missing"),
    ],
)
def test_score_with_a_malformed_card(runner, tmp_path: Path, card_edit, expected) -> None:  # type: ignore[no-untyped-def]
    folder = _model_copy(tmp_path, card_edit=card_edit)
    result = runner.invoke(cli, ["score", EXPORT, "--model", str(folder), "-o", str(tmp_path / "out"), "-q"])
    assert_one_error_line(result, str(folder / "card.json"), expected)
    assert not (tmp_path / "out" / "links.csv").exists()


def test_evaluate_with_a_malformed_card(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # evaluate is where the card's thresholds still set the bands (score uses the fixed risk scale).
    folder = _model_copy(
        tmp_path, card_edit=lambda c: c.__setitem__("thresholds", {"medium": 90, "high": 10})
    )
    result = runner.invoke(cli, ["evaluate", "--model", str(folder)])
    assert_one_error_line(result, "medium at or below high")


# --- the audited site ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "site", "expected"),
    [
        (["score", EXPORT, "-o", "{tmp}/audit"], "crumbandcrust", "no public suffix"),
        (["score", EXPORT, "-o", "{tmp}/audit"], "co.uk", "public suffix shared by many unrelated sites"),
        (["features", EXPORT, "-o", "{tmp}/f.csv"], "blogspot.com", "platform"),
        (["fetch", EXPORT, "-o", "{tmp}/pages"], "not a site", "is not a host name or web address"),
    ],
)
def test_a_site_that_is_not_one_site_is_an_error(
    tmp_path: Path, command: list[str], site: str, expected: str
) -> None:
    """Finding 9: ``--site crumbandcrust`` was accepted, so nothing was protected."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--site", site]
    assert_one_error_line(CliRunner().invoke(cli, args), expected)
    assert list(tmp_path.iterdir()) == []


def test_a_site_is_normalised_before_use(tmp_path: Path) -> None:
    """A URL or a port is the site's host; the audit records its registrable domain."""
    result = CliRunner().invoke(
        cli,
        [
            "score",
            EXPORT,
            "--site",
            "https://WWW.Example.com:8443/blog",
            "-q",
            "--no-plots",
            "-o",
            str(tmp_path / "audit"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "audit" / "summary.json").read_text())["site"] == "example.com"


def test_bare_command_shows_help_and_succeeds() -> None:
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0 and "Usage:" in result.output
