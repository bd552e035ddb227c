"""Writing disavow files: overwrite protection, backups, atomic replace, validation before writing."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import Any

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
    assert (
        str(info.value) == f"{out} exists; use --force to replace it (the old file is kept as a .bak backup)"
    )
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


# ------------------------------------------------------------------ replacing: mode, symlinks, OS errors


def test_force_keeps_the_mode_of_a_private_file_and_of_its_backup(tmp_path: Path) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:v1.com\n")
    out.chmod(0o600)
    backup = write_disavow(DisavowResult(lines=["domain:v2.com"]), out, force=True)
    assert backup is not None and backup.read_text() == "domain:v1.com\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_force_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "disavow.txt"
    real.parent.mkdir()
    real.write_text("domain:v1.com\n")
    link = tmp_path / "disavow.txt"
    link.symlink_to(real)
    backup = write_disavow(DisavowResult(lines=["domain:v2.com"]), link, force=True)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text() == "domain:v2.com\n"
    assert backup is not None and backup.read_text() == "domain:v1.com\n" and not backup.is_symlink()
    assert sorted(p.name for p in real.parent.iterdir()) == ["disavow.txt"]  # no temp file left


class _FullDisk:
    """A file object on a full disk: every write fails with ENOSPC, as the OS reports it."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every file opened for writing (by open(), Path.write_bytes or os.fdopen) hit a full disk."""
    real_open = io.open

    def full_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = real_open(file, mode, *args, **kwargs)
        return _FullDisk(fh) if any(flag in mode for flag in "wax+") else fh

    monkeypatch.setattr(io, "open", full_open)


def test_a_full_disk_while_backing_up_leaves_no_empty_backup_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:v1.com\n")
    _fill_the_disk(monkeypatch)
    with pytest.raises(DisavowError) as info:
        write_disavow(DisavowResult(lines=["domain:v2.com"]), out, force=True)
    monkeypatch.undo()
    assert str(info.value).startswith(f"cannot back up {out} to disavow.txt.")
    assert str(info.value).endswith(
        ".bak: No space left on device; disavow.txt is unchanged: free some space, or write the new file "
        "elsewhere with -o, then run again"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["disavow.txt"]
    assert out.read_text() == "domain:v1.com\n"


def test_a_failed_replace_is_an_error_that_names_the_file_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "disavow.txt"
    out.write_text("domain:v1.com\n")

    real_replace = os.replace

    def no_replace(src: Any, dst: Any) -> None:
        if Path(dst) == out:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(DisavowError) as info:
        write_disavow(DisavowResult(lines=["domain:v2.com"]), out, force=True)
    monkeypatch.undo()
    assert str(info.value) == (
        f"cannot write {out}: No space left on device; disavow.txt is unchanged: free some space, or write "
        "the new file elsewhere with -o, then run again"
    )
    # The backup of an unchanged file would only be clutter: nothing but the original is left.
    assert [p.name for p in tmp_path.iterdir()] == ["disavow.txt"]
    assert out.read_text() == "domain:v1.com\n"


def test_a_new_file_that_cannot_be_written_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "disavow.txt"
    _fill_the_disk(monkeypatch)
    with pytest.raises(DisavowError) as info:
        write_disavow(DisavowResult(lines=["domain:v2.com"]), out)
    monkeypatch.undo()
    assert str(info.value) == (
        f"cannot write {out}: No space left on device; nothing was written: free some space, or write the "
        "new file elsewhere with -o, then run again"
    )
    assert list(tmp_path.iterdir()) == []
