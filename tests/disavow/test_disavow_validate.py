"""Parsing and validating disavow files against Google's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from toxicity.disavow import MAX_LINES, Problem, is_valid, parse_disavow, validate_disavow


def _problems(text: str | bytes) -> list[str]:
    return [str(p) for p in validate_disavow(parse_disavow(text))]


def test_parse_keeps_every_line_with_numbers_and_crlf() -> None:
    f = parse_disavow(b"# c\r\n\r\ndomain:Example.COM\r\nhttps://spam.net/a?b=1#x\r\nbroken line\r\n")
    assert [(line.number, line.text, line.kind) for line in f.lines] == [
        (1, "# c", "comment"),
        (2, "", "blank"),
        (3, "domain:Example.COM", "domain"),
        (4, "https://spam.net/a?b=1#x", "url"),
        (5, "broken line", "invalid"),
    ]
    assert f.lines[2].key == "domain:example.com"
    assert len(f.entries) == 2


def test_parse_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("domain:a.com\n", encoding="utf-8")
    f = parse_disavow(path)
    assert f.name == "mine.txt" and f.size_bytes == 13 and f.lines[0].kind == "domain"


def test_a_clean_file_has_no_problems() -> None:
    assert _problems("# comment\n\ndomain:spam.com\ndomain:spam.blogspot.com\nhttp://other.net/page\n") == []
    assert _problems("domain:spam.wordpress.com\ndomain:x.blogspot.de\nhttps://wordpress.com/page\n") == []


def test_a_whole_platform_the_psl_lacks_is_a_warning() -> None:
    problems = validate_disavow(parse_disavow("domain:wordpress.com\ndomain:Weebly.com\n"))
    assert [str(p) for p in problems] == [
        (
            "line 1: warning: wordpress.com is a whole blog or hosting platform: this line disavows every "
            "site on it; if you meant one site, disavow it instead, like domain:spam.wordpress.com"
        ),
        (
            "line 2: warning: weebly.com is a whole blog or hosting platform: this line disavows every site "
            "on it; if you meant one site, disavow it instead, like domain:spam.weebly.com"
        ),
    ]
    assert is_valid(problems)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "domain:*.spam.com",
            "line 1: error: wildcards (*) are not allowed; list each URL or use domain:example.com",
        ),
        (
            "http://spam.com/*",
            "line 1: error: wildcards (*) are not allowed; list each URL or use domain:example.com",
        ),
        (
            "domain:blogspot.com",
            (
                "line 1: error: blogspot.com is a public suffix shared by many unrelated sites; "
                "disavow the site itself, like domain:spam.blogspot.com"
            ),
        ),
        (
            "domain:co.uk",
            (
                "line 1: error: co.uk is a public suffix shared by many unrelated sites; disavow the site "
                "itself, like domain:spam.co.uk"
            ),
        ),
        (
            "domain:spam.com/en/",
            (
                "line 1: error: domain: cannot have a path (Google does not disavow subpaths); "
                "write domain:<host> or list each URL"
            ),
        ),
        (
            "domain:http://spam.com",
            "line 1: error: domain: takes a host, not a URL; write domain:example.com",
        ),
        ("domain:spam.com:8080", "line 1: error: domain: cannot have a port; write domain:example.com"),
        ("domain:", "line 1: error: domain: with no domain; write domain:example.com"),
        (
            "domain: spam.com",
            "line 1: error: space in a domain: entry; write domain:example.com with no spaces",
        ),
        ("domain:spa_m!.com", "line 1: error: 'spa_m!.com' is not a valid host name"),
        (
            "spam.com",
            (
                "line 1: error: a bare host is not an entry; write domain:spam.com or a full URL starting "
                "with http:// or https://"
            ),
        ),
        (
            "ftp://spam.com/",
            (
                "line 1: error: neither a URL starting with http:// or https:// nor a domain: entry "
                "(comments start with #)"
            ),
        ),
        ("http://spam.com/a b", "line 1: error: space in a URL; percent-encode it as %20"),
        ("http://spam.com/a\x07", "line 1: error: contains U+0007 control character; remove it"),
        (
            "# note\rdomain:google.com",
            (
                "line 1: error: contains U+000D control character, which some readers take "
                "for a line break; remove it"
            ),
        ),
        ("Domain:spam.com", "line 1: warning: write the prefix as domain: in lower case"),
        (" domain:spam.com", "line 1: warning: leading or trailing whitespace; remove it"),
        (
            "domain:192.0.2.1",
            (
                "line 1: warning: domain: with an IP address; Google documents domain: for domain "
                "names: list the URLs instead, like http://192.0.2.1/"
            ),
        ),
    ],
)
def test_each_rule_is_reported_with_its_line(line: str, message: str) -> None:
    assert _problems(line + "\n") == [message]


def test_url_length_limit() -> None:
    ok = "http://spam.com/" + "a" * (2048 - 16)
    assert _problems(ok + "\n") == []
    assert _problems(ok + "a\n") == ["line 1: error: URL of 2,049 characters, over Google's 2,048"]


def test_line_and_size_limits() -> None:
    assert _problems("\n" * MAX_LINES) == []
    assert _problems("\n" * (MAX_LINES + 1)) == [
        "line 100001: error: 100,001 lines, over Google's limit of 100,000 (comments and blank lines count)"
    ]
    exactly_2mb = ("#" + "x" * 1998 + "\n") * 1000
    assert _problems(exactly_2mb) == []
    assert _problems(exactly_2mb + "#\n") == [
        (
            "file: error: 2,000,002 bytes, over Google's limit of 2 MB (2,000,000 bytes); fold URLs into "
            "domain: lines or split the work"
        )
    ]


def test_encoding_bom_and_duplicates() -> None:
    data = b"\xef\xbb\xbfdomain:a.com\nhttp://x.a.com/p\ndomain:A.com\ndomain:sub.a.com\nhttp://b.com/\xff\n"
    assert _problems(data) == [
        "line 1: warning: starts with a UTF-8 byte-order mark; save as UTF-8 without BOM",
        "line 2: warning: already covered by domain:a.com on line 1",
        "line 3: warning: duplicate of line 1",
        "line 4: warning: already covered by domain:a.com on line 1",
        "line 5: error: not valid UTF-8 (byte 0xff at column 14); save the file as UTF-8",
    ]


def test_mixed_idn_spellings_are_reported() -> None:
    text = "domain:m\u00fcnchen.de\ndomain:xn--bcher-kva.de\ndomain:k\u00f6ln.de\n"
    assert _problems(text) == [
        (
            "line 2: warning: IDN spelled differently from line 1, which uses Unicode; use one spelling "
            "throughout"
        )
    ]


def test_is_valid_ignores_warnings() -> None:
    assert is_valid([Problem(1, "dup", "warning")])
    assert not is_valid([Problem(1, "bad")])


UTF16_TEXT = (
    "# old file, saved by Notepad as Unicode\r\ndomain:spam.com\r\nhttp://x.example/a\r\n# m\u00fcnchen\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (UTF16_TEXT.encode("utf-16"), "utf-16-le"),  # with a byte-order mark, as Windows writes it
        (b"\xfe\xff" + UTF16_TEXT.encode("utf-16-be"), "utf-16-be"),
        (UTF16_TEXT.encode("utf-16-le"), "utf-16-le"),  # no byte-order mark: told by the NUL bytes
        (UTF16_TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["le-bom", "be-bom", "le", "be"],
)
def test_a_utf16_file_is_read_as_utf16(data: bytes, encoding: str) -> None:
    f = parse_disavow(data)
    assert f.encoding == encoding and f.size_bytes == len(data)
    assert [line.text for line in f.lines] == UTF16_TEXT.replace("\r\n", "\n").splitlines()
    assert [line.key for line in f.entries] == ["domain:spam.com", "http://x.example/a"]
    # Google reads UTF-8 only: one error that says so, not one per NUL byte.
    assert _problems(data) == [
        (
            "file: error: the file is UTF-16 text; Google reads UTF-8 (or 7-bit ASCII): "
            "save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
        )
    ]


def test_utf8_text_is_not_taken_for_utf16() -> None:
    f = parse_disavow("domain:a.com\n# \u00fc\u00e4\n\u0100\u0200\n".encode())
    assert f.encoding == "utf-8" and f.lines[0].text == "domain:a.com"


def test_a_utf16_file_cut_mid_character_reports_the_lost_byte() -> None:
    data = "domain:spam.com\n".encode("utf-16") + b"d"
    f = parse_disavow(data)
    assert [line.text for line in f.lines] == ["domain:spam.com"]
    assert f.undecodable == ((1, "last byte 0x64 is half a character: the file is cut off"),)
    assert (
        "line 1: error: not valid UTF-16 (last byte 0x64 is half a character: the file is cut off); save the "
        "file as UTF-8" in _problems(data)
    )
