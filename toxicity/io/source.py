"""Loading an export's bytes: files, standard input, ``.gz`` and ``.zip``, encoding and binary sniffing.

Everything is decided from the bytes, not the file name, so ``-`` (standard input) and renamed
files work the same way as files straight from a download. Input files are only ever opened for
reading.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from toxicity.errors import InputFileError

_XLSX_MARKER = b"[Content_Types].xml"
_BINARY_MAGIC = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Office file",
    b"SQLite format 3": "an SQLite database",
    b"PAR1": "a Parquet file",
}


@dataclass(frozen=True)
class RawInput:
    """The bytes of one export after decompression, with the name used in messages."""

    name: str
    data: bytes
    is_xlsx: bool = False


@dataclass(frozen=True)
class Text:
    """An export decoded to UTF-8 bytes (no BOM) and the encoding it was stored in."""

    name: str
    utf8: bytes
    encoding: str


def display_name(source: object) -> str:
    """The name of ``source`` as messages show it: the path, ``<stdin>``, or the stream's name."""
    if isinstance(source, (str, Path)):
        return "<stdin>" if str(source) == "-" else str(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) else "<stream>"


def load(source: str | Path | BinaryIO) -> RawInput:
    """Read all bytes of ``source`` (a path, ``-`` for standard input, or a binary stream) and unpack it.

    ``.gz`` (by magic number) is decompressed; a ``.zip`` holding one export is opened; an ``.xlsx``
    workbook is flagged for the spreadsheet reader.

    Raises
    ------
    InputFileError
        The file does not exist, is a directory, is empty, or is an archive that cannot be used.
    """
    name = display_name(source)
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(source)
            if not path.exists():
                raise InputFileError(f"{name}: no such file. Check the path and the file name.")
            if path.is_dir():
                raise InputFileError(
                    f"{name}: is a folder, not an export file. Give the export file inside it."
                )
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputFileError(
                    f"{name}: cannot be read ({exc.strerror}). Check its permissions."
                ) from None
    else:
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
    return _unpack(name, data)


def _unpack(name: str, data: bytes) -> RawInput:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputFileError(
                f"{name}: the gzip data is damaged or cut off ({exc}). Download the export again."
            ) from None
        return _unpack(f"{name} (gunzipped)", data)
    if data[:4] == b"PK\x03\x04":
        if _XLSX_MARKER in data[:4096] or b"xl/workbook.xml" in data:
            return RawInput(name, data, is_xlsx=True)
        return _from_zip(name, data)
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:65536].strip(blank) and not data.strip(blank):
        raise InputFileError(
            f"{name}: the file is empty. Export the report again; it should have a header row."
        )
    return RawInput(name, data)


def _from_zip(name: str, data: bytes) -> RawInput:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
            ]
            if len(members) != 1:
                listed = ", ".join(m.filename for m in members[:5]) or "nothing"
                raise InputFileError(
                    f"{name}: the zip archive holds {len(members)} files ({listed}); expected one export. "
                    "Unzip it and give the export files by name."
                )
            inner = archive.read(members[0])
            return _unpack(f"{name}:{members[0].filename}", inner)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputFileError(
            f"{name}: the zip archive is damaged or unsupported ({exc}). Unzip it by hand."
        ) from None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if ``head`` looks like BOM-less UTF-16 text (NULs in every other byte)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls > 0.1 * len(head):
        return "binary data"
    return None


def _utf16_to_utf8(data: bytes, big_endian: bool) -> bytes:
    """Transcode UTF-16 to UTF-8; text entirely below U+0080 (most exports) takes a numpy fast path."""
    units = np.frombuffer(data[: len(data) - len(data) % 2], dtype=">u2" if big_endian else "<u2")
    if not len(data) % 2 and units.max(initial=0) < 0x80:
        return units.astype(np.uint8).tobytes()
    return data.decode("utf-16-be" if big_endian else "utf-16-le").encode("utf-8")


def decode(raw: RawInput, encoding: str | None = None) -> Text:
    """Decode an export's bytes to UTF-8, detecting the encoding unless ``encoding`` is given.

    Detection: a byte-order mark (UTF-8, UTF-16 LE/BE, the Ahrefs default), BOM-less UTF-16 (NULs in
    every other byte), else UTF-8. Other encodings (Windows-1252, Latin-1 ...) are never guessed: the
    error says how to name one.

    Raises
    ------
    InputFileError
        The bytes are binary, or not valid in the detected or given encoding.
    """
    data = raw.data
    head = data[:4096]
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputFileError(
                f"{raw.name}: unknown encoding {encoding!r}. Use a Python codec name such as utf-8, utf-16, cp1252."
            ) from None
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{raw.name}: the file is not valid {encoding} (byte {exc.object[exc.start]:#04x} at offset "
                f"{exc.start}). Try another --encoding, or re-save the file as UTF-8."
            ) from None
        return Text(raw.name, text.lstrip("\ufeff").encode("utf-8"), encoding.lower())
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        big = data.startswith(b"\xfe\xff")
        detected, body = ("utf-16-be (BOM)" if big else "utf-16-le (BOM)"), data[2:]
    elif (guess := _utf16_without_bom(head)) is not None:
        detected, body, big = guess, data, guess == "utf-16-be"
    else:
        kind = _binary_kind(head)
        if kind is not None:
            raise InputFileError(
                f"{raw.name}: this is {kind}, not a text export. Give the CSV, TSV, TXT or XLSX file "
                "downloaded from your backlink tool."
            )
        bom = data.startswith(b"\xef\xbb\xbf")
        body = data[3:] if bom else data
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{raw.name}: the file is not valid UTF-8 (byte {exc.object[exc.start]:#04x} at offset "
                f"{exc.start + (3 if bom else 0)}). Re-save it as UTF-8, or name its encoding with "
                "--encoding (e.g. --encoding cp1252)."
            ) from None
        return Text(raw.name, body, "utf-8-sig" if bom else "utf-8")
    try:
        utf8 = _utf16_to_utf8(body, big)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{raw.name}: the file looks like UTF-16 but is damaged at offset {exc.start}. "
            "Download the export again, or re-save it as UTF-8."
        ) from None
    if _binary_kind(utf8[:4096].replace(b"\x00", b"")) is not None or b"\x00" in utf8[:4096]:
        raise InputFileError(
            f"{raw.name}: this is binary data, not a text export. Give the CSV, TSV, TXT or XLSX file "
            "downloaded from your backlink tool."
        )
    return Text(raw.name, utf8.removeprefix("\ufeff".encode()), detected)
