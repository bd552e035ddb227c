"""BOM-less UTF-16 is recognised by one rule, for exports and old disavow files alike."""

from __future__ import annotations

from pathlib import Path

from toxicity.disavow import parse_disavow
from toxicity.io import read_export
from toxicity.io.source import utf16_without_bom

TITLE = "Лучшие рецепты домашнего хлеба и выпечки на каждый день"


def _export(rows: int) -> str:
    lines = ["Referring page URL\tReferring page title\tTarget URL\tAnchor"]
    lines += [f"http://блог{i}.рф/x\t{TITLE}\thttps://example.com/\tхлеб" for i in range(rows)]
    return "\n".join(lines) + "\n"


def test_a_bomless_utf16_export_mostly_in_cyrillic_is_read(tmp_path: Path) -> None:
    text = _export(30)
    data = text.encode("utf-16-le")
    # Fewer than 60% of the high bytes are NUL here: the reader's old rule took it for binary.
    odd = data[1::2][:2048]
    assert odd.count(0) < 0.6 * len(odd)
    assert utf16_without_bom(data) == "utf-16-le"
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(data)
    links = read_export(path).links
    assert len(links) == 30 and links["source_title"].iloc[0] == TITLE


def test_big_endian_and_disavow_files_use_the_same_rule(tmp_path: Path) -> None:
    assert utf16_without_bom(_export(5).encode("utf-16-be")) == "utf-16-be"
    assert utf16_without_bom(_export(5).encode("utf-8")) is None
    old = tmp_path / "disavow.txt"
    old.write_bytes("# старый файл\ndomain:spam.example\n".encode("utf-16-le"))
    parsed = parse_disavow(old)
    assert any("spam.example" in str(line) for line in parsed.lines)
