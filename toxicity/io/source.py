"""Loading an export's bytes: files, standard input, ``.gz`` and ``.zip``, encoding and binary sniffing.

Everything is decided from the bytes, not the file name, so ``-`` (standard input) and renamed
files work the same way as files straight from a download. Input files are only ever opened for
reading. Sizes and archive nesting are capped (:mod:`toxicity.io.limits`) while reading and
unpacking, before anything is held in memory whole.
"""

from __future__ import annotations

import codecs
import io
import lzma
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from toxicity.errors import InputFileError
from toxicity.io import limits
from toxicity.io.limits import size_text

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
#: Bytes read or unpacked at a time, so that a size cap is checked before memory is spent.
_CHUNK = 1 << 24
#: Compressed bytes fed to zlib at a time.
_PIECE = 1 << 20
_OPENDOCUMENT = b"application/vnd.oasis.opendocument."
#: Codecs Python can decode bytes with that are not encodings of text files, and why.
_NOT_FILE_ENCODINGS = {
    "punycode": "it encodes host names",
    "idna": "it encodes host names",
    "unicode-escape": "it decodes Python string literals",
    "raw-unicode-escape": "it decodes Python string literals",
    "undefined": "it refuses all text",
}


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes | str: ...


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
        The file does not exist, is a directory, is empty, is larger than
        :data:`~toxicity.io.limits.MAX_INPUT_BYTES` (also once unpacked), is an archive nested more
        than :data:`~toxicity.io.limits.MAX_ARCHIVE_DEPTH` deep, or an archive that cannot be used.
    """
    name = display_name(source)
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            data = _read_capped(name, sys.stdin.buffer, unpacked=False)
        else:
            path = Path(source)
            if not path.exists():
                raise InputFileError(f"{name}: no such file. Check the path and the file name.")
            if path.is_dir():
                raise InputFileError(
                    f"{name}: is a folder, not an export file. Give the export file inside it."
                )
            try:
                if path.stat().st_size > limits.MAX_INPUT_BYTES:
                    raise _too_large(name, unpacked=False)
                with path.open("rb") as stream:
                    data = _read_capped(name, stream, unpacked=False)
            except OSError as exc:
                raise InputFileError(
                    f"{name}: cannot be read ({exc.strerror}). Check its permissions."
                ) from None
    else:
        data = _read_capped(name, source, unpacked=False)
    return _unpack(name, data)


def _too_large(name: str, *, unpacked: bool) -> InputFileError:
    limit = size_text(limits.MAX_INPUT_BYTES)
    if unpacked:
        return InputFileError(
            f"{name}: the export holds more than {limit} once unpacked, the most toxicity reads from one "
            "export; a compressed file that grows this much is damaged or is not an export. If it is a real "
            "export, split the export into smaller files (for example by date range) and give them together."
        )
    return InputFileError(
        f"{name}: the file is larger than {limit}, the most toxicity reads from one export. Split the "
        "export into smaller files (for example by date range) and give them together."
    )


def _read_capped(name: str, stream: _Readable, *, unpacked: bool, packed_size: int | None = None) -> bytes:
    """All bytes of ``stream``, stopping with an error as soon as they pass ``MAX_INPUT_BYTES``.

    ``packed_size``, for a stream being decompressed, also stops it once it grows more than
    ``MAX_UNPACK_RATIO`` times that size.
    """
    limit = limits.MAX_INPUT_BYTES
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of a large export
    while chunk := stream.read(_CHUNK):
        out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        if out.tell() > limit:
            raise _too_large(name, unpacked=unpacked)
        if packed_size is not None:
            _check_ratio(name, out.tell(), packed_size)
    return out.getvalue()


def _check_ratio(name: str, unpacked: int, packed: int) -> None:
    """Refuse a decompression bomb: past ``RATIO_FLOOR_BYTES``, growth beyond ``MAX_UNPACK_RATIO`` times."""
    if unpacked > limits.RATIO_FLOOR_BYTES and unpacked > limits.MAX_UNPACK_RATIO * max(packed, 1):
        raise InputFileError(
            f"{name}: the archive grows more than {limits.MAX_UNPACK_RATIO} times its compressed size once "
            f"unpacked ({size_text(unpacked)} from {size_text(packed)} so far); real exports compress 5 "
            "to 20 times, so the file is damaged or built to fill memory. If it really is an export, unpack "
            "it by hand and give the file inside."
        )


def _unpack(name: str, data: bytes) -> RawInput:
    """Unpack gzip and zip layers one at a time (a loop: nesting depth is the user's to choose)."""
    outer, depth = name, 0
    while data[:2] == b"\x1f\x8b" or data[:4] == b"PK\x03\x04":
        if data[:4] == b"PK\x03\x04" and (_XLSX_MARKER in data[:4096] or b"xl/workbook.xml" in data):
            return RawInput(name, data, is_xlsx=True)
        if depth == limits.MAX_ARCHIVE_DEPTH:
            raise InputFileError(
                f"{outer}: archives nested more than {limits.MAX_ARCHIVE_DEPTH} deep (gzip or zip inside "
                "gzip or zip). Unpack the export by hand and give the file inside."
            )
        depth += 1
        if data[:2] == b"\x1f\x8b":
            name, data = f"{name} (gunzipped)", _gunzip(name, data)
        else:
            name, data = _from_zip(name, data)
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:65536].strip(blank) and not data.strip(blank):
        raise InputFileError(
            f"{name}: the file is empty. Export the report again; it should have a header row."
        )
    return RawInput(name, data)


def _gunzip(name: str, data: bytes) -> bytes:
    """Decompress every gzip member of ``data``, stopping as soon as the output passes the size cap.

    Compressed input is fed in small pieces, so neither side is ever copied whole.
    """
    limit = limits.MAX_INPUT_BYTES
    out = io.BytesIO()
    view = memoryview(data)
    pos, pending = 0, b""
    member = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer, CRC checked
    fed = False
    try:
        while True:
            if not pending:
                if pos >= len(data):
                    break
                pending, pos = bytes(view[pos : pos + _PIECE]), pos + _PIECE
            if not fed and pending[:2] != b"\x1f\x8b"[: len(pending)]:
                if pending.strip(b"\x00") or bytes(view[pos:]).strip(b"\x00"):
                    raise zlib.error("data after the last gzip member is not gzip")
                break  # zero padding after the last member, as gzip allows
            fed = True
            out.write(member.decompress(pending, _CHUNK))
            if out.tell() > limit:
                raise _too_large(name, unpacked=True)
            _check_ratio(name, out.tell(), min(pos, len(data)))
            pending = member.unconsumed_tail
            if member.eof:
                pending, member, fed = member.unused_data, zlib.decompressobj(wbits=31), False
        if fed:
            raise EOFError("the last gzip member ends early")
    except (EOFError, zlib.error) as exc:
        raise InputFileError(
            f"{name}: the gzip data is damaged or cut off ({exc}). Download the export again."
        ) from None
    return out.getvalue()


def _from_zip(name: str, data: bytes) -> tuple[str, bytes]:
    """The name and bytes of the one export inside a ``.zip``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _refuse_opendocument(name, archive)
            members = [
                m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
            ]
            if len(members) != 1:
                listed = ", ".join(m.filename for m in members[:5]) or "nothing"
                raise InputFileError(
                    f"{name}: the zip archive holds {len(members)} files ({listed}); expected one export. "
                    "Unzip it and give the export files by name."
                )
            member = members[0]
            inner = f"{name}:{member.filename}"
            # The declared size fails early; reading stays capped in case the declaration lies.
            if member.file_size > limits.MAX_INPUT_BYTES:
                raise _too_large(inner, unpacked=True)
            with archive.open(member) as stream:
                return inner, _read_capped(inner, stream, unpacked=True, packed_size=member.compress_size)
    except (
        zipfile.BadZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise InputFileError(
            f"{name}: the zip archive is damaged or unsupported ({exc}). Unzip it by hand."
        ) from None


def _refuse_opendocument(name: str, archive: zipfile.ZipFile) -> None:
    """Say so when a zip is an OpenDocument file (its first member, ``mimetype``, names the kind)."""
    if "mimetype" not in archive.namelist():
        return
    with archive.open("mimetype") as stream:
        kind = stream.read(200)
    if not kind.startswith(_OPENDOCUMENT):
        return
    if kind.startswith(_OPENDOCUMENT + b"spreadsheet"):
        raise InputFileError(
            f"{name}: this is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice), which "
            "toxicity does not read. Open it and save it as .xlsx or .csv, then give that file."
        )
    raise InputFileError(
        f"{name}: this is an OpenDocument file ({kind.decode('ascii', 'replace').strip()}), not a backlink "
        "export. Give the CSV, TSV, TXT or XLSX file downloaded from your backlink tool."
    )


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if ``head`` looks like UTF-16 text written without a byte-order mark.

    The NUL bytes tell: UTF-16 text has a NUL in the high byte of every character below U+0100, so in
    at least 30% of one byte lane for any export (URLs and numbers are ASCII even when titles are
    Cyrillic or Chinese), and almost none (5% at most) in the other lane; UTF-8 text has no NUL at
    all. Read on the first 4,096 bytes. Exports and old disavow files use this one rule.

    >>> utf16_without_bom("domain:example.com".encode("utf-16-le")), utf16_without_bom(b"domain:example.com")
    ('utf-16-le', None)
    """
    sample = head[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for nuls, others, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls.count(0) >= 0.3 * len(nuls) and others.count(0) <= 0.05 * len(others):
            return name
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


def _check_utf8(data: bytes, skip: int) -> None:
    """Raise ``UnicodeDecodeError`` (offset into ``data``) unless ``data[skip:]`` is UTF-8.

    Checked in chunks so that a large export is never held a second time as a ``str``.
    """
    if data.isascii():
        return
    view = memoryview(data)
    start = skip
    while start < len(data):
        end = min(start + _CHUNK, len(data))
        try:
            # consumed stops before a character cut by the chunk's end; the next chunk starts there
            _, consumed = codecs.utf_8_decode(view[start:end], "strict", end == len(data))
        except UnicodeDecodeError as exc:
            at = start + exc.start
            raise UnicodeDecodeError("utf-8", data, at, at + 1, exc.reason) from None
        start += consumed


def _decode_as(raw: RawInput, encoding: str) -> Text:
    """Decode with an encoding the user named (``--encoding``)."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputFileError(
            f"{raw.name}: unknown encoding {encoding!r}. Use a Python codec name such as utf-8, utf-16, "
            f"cp1252."
        ) from None
    not_text = f"{raw.name}: {encoding!r} is not a text file encoding"
    fix = "Use a file encoding such as utf-8, utf-16 or cp1252."
    if codec in _NOT_FILE_ENCODINGS:
        raise InputFileError(f"{not_text} ({_NOT_FILE_ENCODINGS[codec]}). {fix}")
    try:
        text = raw.data.decode(codec)
    except LookupError:  # a bytes-to-bytes or str-to-str codec (base64, rot13 ...)
        raise InputFileError(f"{not_text} (it transforms data, not text). {fix}") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{raw.name}: the file is not valid {encoding} (byte {exc.object[exc.start]:#04x} at offset "
            f"{exc.start}). Try another --encoding, or re-save the file as UTF-8."
        ) from None
    except UnicodeError as exc:
        raise InputFileError(
            f"{raw.name}: the file is not valid {encoding} ({exc}). Try another --encoding, or re-save "
            "the file as UTF-8."
        ) from None
    try:
        utf8 = text.lstrip("\ufeff").encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates, e.g. from utf-7
        raise InputFileError(
            f"{raw.name}: decoded as {encoding}, the text holds an invalid character at position "
            f"{exc.start}. Try another --encoding, or re-save the file as UTF-8."
        ) from None
    return Text(raw.name, utf8, encoding.lower())


def decode(raw: RawInput, encoding: str | None = None) -> Text:
    """Decode an export's bytes to UTF-8, detecting the encoding unless ``encoding`` is given.

    Detection: a byte-order mark (UTF-8, UTF-16 LE/BE, the Ahrefs default), BOM-less UTF-16 (NULs in
    every other byte), else UTF-8. Other encodings (Windows-1252, Latin-1 ...) are never guessed: the
    error says how to name one.

    Raises
    ------
    InputFileError
        The bytes are binary, or not valid in the detected or given encoding; or ``encoding`` is
        unknown or not an encoding of text files (``punycode``, ``base64`` ...).
    """
    data = raw.data
    head = data[:4096]
    if encoding is not None:
        return _decode_as(raw, encoding)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        big = data.startswith(b"\xfe\xff")
        detected, body = ("utf-16-be (BOM)" if big else "utf-16-le (BOM)"), data[2:]
    elif (guess := utf16_without_bom(head)) is not None:
        detected, body, big = guess, data, guess == "utf-16-be"
    else:
        kind = _binary_kind(head)
        if kind is not None:
            raise InputFileError(
                f"{raw.name}: this is {kind}, not a text export. Give the CSV, TSV, TXT or XLSX file "
                "downloaded from your backlink tool."
            )
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            _check_utf8(data, 3 if bom else 0)
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{raw.name}: the file is not valid UTF-8 (byte {exc.object[exc.start]:#04x} at offset "
                f"{exc.start}). Re-save it as UTF-8, or name its encoding with "
                "--encoding (e.g. --encoding cp1252)."
            ) from None
        return Text(raw.name, data[3:] if bom else data, "utf-8-sig" if bom else "utf-8")
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
