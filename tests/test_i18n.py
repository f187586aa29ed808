"""The Bengali translation: complete, compiled, and used by the pages."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "bn" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
# Each domain app keeps its own catalogue beside its code (mukti/<app>/locale/).
CATALOGUES = [PO_FILE] + sorted(
    Path(settings.BASE_DIR).glob("mukti/*/locale/bn/LC_MESSAGES/django.po")
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*\w+\s*\}\}|\{\w*\}")


@dataclass
class Entry:
    """One message of a .po file; msgstr is keyed by plural index (0 for singular ones)."""

    line: int
    source: str = ""
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader (polib is not installed here); obsolete `#~` entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"stray string at line {number}"
            _append(current, target, _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if current is None or (
            keyword in ("msgctxt", "msgid") and target and target[0] == "msgstr"
        ):
            current = Entry(line=number, source=str(path.parents[3].name), flags=flags)
            flags = set()
            entries.append(current)
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            target = ("msgstr", int(match.group(1)))
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, 0)
        else:
            raise AssertionError(f"unexpected line {number} of {path}: {raw!r}")
        _append(current, target, _unquote(rest), start=True)
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = ("" if start else entry.msgstr[index]) + text
    else:
        setattr(entry, name, ("" if start else getattr(entry, name) or "") + text)


@pytest.fixture(
    scope="module", params=CATALOGUES, ids=[str(path.parents[3].name) for path in CATALOGUES]
)
def po_file(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


@pytest.fixture(scope="module")
def entries(po_file: Path) -> list[Entry]:
    return parse_po(po_file)


@pytest.fixture(scope="module")
def messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid]


def _where(entry: Entry) -> str:
    return f"{entry.source}:{entry.line} {entry.msgid!r}"


def test_the_header_declares_bengali_with_two_plural_forms(entries: list[Entry]) -> None:
    header = entries[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: bn\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_the_main_catalogue_is_the_whole_spine() -> None:
    assert len([entry for entry in parse_po(PO_FILE) if entry.msgid]) > 500


def test_every_message_is_translated_and_none_is_fuzzy(messages: list[Entry]) -> None:
    assert messages
    untranslated = [
        _where(entry)
        for entry in messages
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    fuzzy = [_where(entry) for entry in messages if "fuzzy" in entry.flags]
    plural_gaps = [
        _where(entry)
        for entry in messages
        if entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1]
    ]
    assert untranslated == []
    assert fuzzy == []
    assert plural_gaps == []


def test_translations_keep_every_placeholder(messages: list[Entry]) -> None:
    broken = []
    for entry in messages:
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        expected = sorted(_PLACEHOLDER.findall(sources[-1]))
        for text in entry.msgstr.values():
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                broken.append(_where(entry))
    assert broken == []


def test_translations_are_in_bengali_script(messages: list[Entry]) -> None:
    bengali = re.compile("[\u0980-\u09ff]")
    # Brand names stay as they are.
    allowed_latin = {"Mukti"}
    latin_only = [
        _where(entry)
        for entry in messages
        if entry.msgid not in allowed_latin
        and not any(bengali.search(text) for text in entry.msgstr.values())
    ]
    assert latin_only == []


def test_the_compiled_catalogue_matches_the_po_file(po_file: Path, messages: list[Entry]) -> None:
    with po_file.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry.msgid_plural is not None:
            got = {
                0: compiled.ngettext(entry.msgid, entry.msgid_plural, 1),
                1: compiled.ngettext(entry.msgid, entry.msgid_plural, 2),
            }
        elif entry.msgctxt is not None:
            got = {0: compiled.pgettext(entry.msgctxt, entry.msgid)}
        else:
            got = {0: compiled.gettext(entry.msgid)}
        if got != entry.msgstr:
            stale.append(_where(entry))
    assert stale == [], "run `make messages` to recompile django.mo"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_accepts_the_po_file(po_file: Path, tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "msgfmt",
            "--check-format",
            "--check-header",
            "-o",
            str(tmp_path / "django.mo"),
            str(po_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("english", "bengali"),
    [
        ("Sign in", "সাইন ইন"),
        ("Cases", "কেস"),
        ("Timeline", "টাইমলাইন"),
        ("Survivor", "সারভাইভার"),
        ("Caseworker / social worker", "কেসওয়ার্কার / সমাজকর্মী"),
        ("Two-step sign-in", "দুই-ধাপের যাচাই"),
    ],
)
def test_django_uses_the_bengali_catalogue(english: str, bengali: str) -> None:
    with translation.override("bn"):
        assert translation.gettext(english) == bengali


def test_plurals_follow_the_count() -> None:
    with translation.override("bn"):
        one = translation.ngettext("%(counter)s archived note", "%(counter)s archived notes", 1) % {
            "counter": 1
        }
        many = translation.ngettext(
            "%(counter)s archived note", "%(counter)s archived notes", 3
        ) % {"counter": 3}
    assert one == "1টি আর্কাইভ করা নোট"
    assert many == "3টি আর্কাইভ করা নোট"


@pytest.mark.django_db
def test_the_sign_in_page_is_in_bengali_with_the_language_cookie(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="bn"' in html
    assert "<h1>সাইন ইন</h1>" in html
    assert '<button type="submit">সাইন ইন</button>' in html
    assert ">Sign in<" not in html


@pytest.mark.django_db
def test_the_sign_in_page_stays_in_english_without_the_cookie(client: Client) -> None:
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Sign in</h1>" in html
