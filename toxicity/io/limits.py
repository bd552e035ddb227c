"""Caps on what one export may hold, so that a hostile or damaged file fails with a clear error.

A 16 KB workbook can declare a million-row sheet, a 3 MB ``.gz`` can hold gigabytes of text, and one
stray byte can make a "field" of the rest of the file. The readers check these caps while unpacking
and before parsing, so memory stays bounded and the message says which limit was hit and what to do.
The limits are far above any real backlink export (Search Console stops at 100,000 rows; a full Ahrefs
export has about 40 columns and rows of a few kilobytes).

``MAX_INPUT_BYTES``
    Bytes of one export after decompression (a ``.gz``, a ``.zip`` member, the parts of an ``.xlsx``),
    and of a plain file: 8 GiB (about 20 million rows of a full Ahrefs export; more than this machine
    size can score in memory). Decompression is stopped as soon as it would pass the cap.
``MAX_UNPACK_RATIO``
    How many times its compressed size an archive may grow once it has passed
    ``RATIO_FLOOR_BYTES`` (64 MiB): 200. Real exports compress 5-20 times; a file that grows 200 times
    is a decompression bomb (1 GB of text fits in 3 MB of gzip), refused long before it fills memory.
``MAX_ARCHIVE_DEPTH``
    Archives inside archives (``.zip`` holding ``.csv.gz`` is 2): 3.
``MAX_ROWS``
    Data rows of one export or sheet (lines of a text file): 20,000,000.
``MAX_CELLS``
    Rows x columns of one spreadsheet: 50,000,000, because every cell of an ``.xlsx`` becomes a
    Python object (an ``.xlsx`` sheet holds at most 1,048,576 rows anyway). Text exports are parsed
    column by column in Arrow and are bounded by ``MAX_INPUT_BYTES`` and ``MAX_ROWS`` alone.
``MAX_FIELD_BYTES``
    Bytes of one field, and of one line of a text export: 1 MiB.
``MAX_FIELD_LINES``
    Line breaks inside one quoted field before it is taken for a quote that never closes: 100.

They are module attributes, read at call time, so a caller (or a test) can change them.
"""

from __future__ import annotations

MAX_INPUT_BYTES = 8 * 1024**3
MAX_UNPACK_RATIO = 200
RATIO_FLOOR_BYTES = 64 * 1024**2
MAX_ARCHIVE_DEPTH = 3
MAX_ROWS = 20_000_000
MAX_CELLS = 50_000_000
MAX_FIELD_BYTES = 1024**2
MAX_FIELD_LINES = 100


def size_text(n: float) -> str:
    """``n`` bytes in words for messages: ``512 bytes``, ``4.9 KB``, ``50.0 MB``, ``2 GB``.

    >>> size_text(512), size_text(5000), size_text(50 * 1024**2 + 1), size_text(2 * 1024**3)
    ('512 bytes', '4.9 KB', '50.0 MB', '2 GB')
    """
    if n < 1024:
        return f"{int(n)} bytes"
    unit, scale = next((u, s) for u, s in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)) if n >= s)
    value = n / scale
    return f"{value:.0f} {unit}" if value.is_integer() else f"{value:.1f} {unit}"
