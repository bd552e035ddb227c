"""Writing disavow files: overwrite protection, backups, atomic replace, validation before writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from toxicity.disavow import DisavowResult, write_disavow
from toxicity.errors import DisavowError, OutputExistsError


def test_writes_utf8_lf_without_bom(tmp_path: Path) -> None:
    out = tmp_path / "disavow.txt"
    assert write_disavow(DisavowResult(lines=["# m\u00fcnchen", "domain:spam.com"]), out) is None
    assert out.read_bytes() == "# m\u00fcnchen\ndomain:spam.com\n".encode()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:keep.me\n")
    with pytest.raises(OutputExistsError) as info:
        write_disavow(DisavowResult(lines=["domain:new.com"]), out)
    assert str(info.value) == f"{out} exists; use --force to replace it (the old file is kept as a .bak backup)"
    assert out.read_text() == "domain:keep.me\n"


def test_force_keeps_every_previous_version_as_a_backup(tmp_path: Path) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:v1.com\n")
    first = write_disavow(DisavowResult(lines=["domain:v2.com"]), out, force=True)
    second = write_disavow(DisavowResult(lines=["domain:v3.com"]), out, force=True)
    assert first is not None and second is not None and first != second
    assert first.read_text() == "domain:v1.com\n" and second.read_text() == "domain:v2.com\n"
    assert out.read_text() == "domain:v3.com\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".bak")) == ["disavow.txt"]


def test_invalid_content_is_never_written(tmp_path: Path) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:keep.me\n")
    with pytest.raises(DisavowError) as info:
        write_disavow(DisavowResult(lines=["domain:ok.com", "domain:*.bad.com"]), out, force=True)
    assert str(info.value) == (
        "refusing to write disavow.txt: line 2: error: wildcards (*) are not allowed; list each URL or use "
        "domain:example.com; fix the existing file's line or drop it with --remove, then run again"
    )
    assert out.read_text() == "domain:keep.me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["disavow.txt"]
