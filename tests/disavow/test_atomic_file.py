"""The atomic writer every output uses: replacing a file behaves like open() for a reader."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from toxicity.files import atomic_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    with atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write("x")
    assert path.read_text() == "x" and _mode(path) == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664], ids=oct)
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "private.txt"
    path.write_text("old")
    path.chmod(mode)
    with atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write("new")
    assert path.read_text() == "new" and _mode(path) == mode


def test_explicit_permissions_win(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    with atomic_file(path, permissions=0o600) as fh:
        fh.write(b"x")
    assert _mode(path) == 0o600


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "data.csv"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "data.csv"
    link.symlink_to(os.path.relpath(real, tmp_path))
    with atomic_file(link, "w", encoding="utf-8") as fh:
        fh.write("new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("elsewhere", "data.csv")
    assert real.read_text() == "new" and _mode(real) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "elsewhere"]
    assert [p.name for p in real.parent.iterdir()] == ["data.csv"]


def test_an_error_removes_the_temporary_file_and_keeps_the_target(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
