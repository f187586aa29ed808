"""What the model compares: each record's names, age and place in comparable forms.

Names are written many ways on South Asian forms: "Md. Rahim" and "Mohammad Rahim",
"Akter" and "Akhter", "Reena" and "Rina". Three forms of each name are kept:
- the *spelling*: lower case, no accents or punctuation, honorifics (Md., Mst., Sk., Sree…)
  dropped and common transliteration alternatives written one way (ee→i, kh→k, sh→s…);
- the *sound key*: the consonant skeleton of `mukti.core.names.sound_key` ("rn" for Rina,
  Reena and Runa alike), coarse but forgiving, used for blocking and a weaker level;
- the words' sound keys as a list, for "a name or nickname in common".
Ages become an estimated birth day (days since 1970), so an age told in 2024 and a date of
birth written in 2019 compare on the same scale. Places become keys that survive the
renamed districts (Jessore/Jashore, Chittagong/Chattogram).
The work is plain Python with caches, so DuckDB and Spark see the very same values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from mukti.core.names import name_words, sound_key
from mukti.tracing.matching.records import PersonRecord

EPOCH = date(1970, 1, 1)
DAYS_PER_YEAR = 365.2425
BAND_DAYS = 1461  # four years, for blocking on birth

# Words that are titles or prefixes rather than names; dropped unless nothing else is left.
HONORIFICS = frozenset(
    {
        "md",
        "mohd",
        "mohammad",
        "mohammed",
        "muhammad",
        "muhammed",
        "mohamad",
        "mst",
        "most",
        "mosst",
        "mosammat",
        "mosamat",
        "mossammat",
        "musammat",
        "sk",
        "sree",
        "sri",
        "shri",
        "shree",
        "srimati",
        "smt",
        "kumari",
        "mr",
        "mrs",
        "ms",
        "miss",
        "late",
        "haji",
        "alhaj",
        "hazi",
        "dr",
        "baby",
    }
)
# Transliteration alternatives written one way; applied in order.
_SPELLING_REWRITES = (
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("bh", "b"),
    ("jh", "j"),
    ("sh", "s"),
    ("ck", "k"),
    ("q", "k"),
    ("z", "j"),
    ("v", "b"),
    ("iy", "i"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")
# District and place names that were renamed or are written very differently.
PLACE_ALIASES = {
    "chattogram": "chittagong",
    "chottogram": "chittagong",
    "ctg": "chittagong",
    "coxsbazar": "cox's bazar",
    "chapainawabganj": "chapai nawabganj",
    "nawabganj": "chapai nawabganj",
    "jhalakathi": "jhalokati",
    "jhalokathi": "jhalokati",
    "netrakona": "netrokona",
    "maulvibazar": "moulvibazar",
    "calcutta": "kolkata",
    "burdwan": "bardhaman",
    "midnapore": "medinipur",
    "hugli": "hooghly",
    "north twenty four parganas": "north 24 parganas",
    "n 24 parganas": "north 24 parganas",
    "n 24 pgs": "north 24 parganas",
    "south twenty four parganas": "south 24 parganas",
    "s 24 parganas": "south 24 parganas",
    "s 24 pgs": "south 24 parganas",
    "bombay": "mumbai",
}
_PLACE_NOISE = frozenset({"district", "zila", "zilla", "upazila", "thana", "village", "gram"})


@lru_cache(maxsize=200_000)
def spelling(word: str) -> str:
    """One way of writing a transliterated word ("Akhter" and "Akter" -> "akter")."""
    if not word.isascii():
        return word
    for written, sound in _SPELLING_REWRITES:
        word = word.replace(written, sound)
    return _DOUBLED.sub(r"\1", word)


_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> list[str]:
    """name_words, with a fast path for plain ASCII (most transliterated names)."""
    if text.isascii():
        return _NOT_ALPHANUMERIC.sub(" ", text.lower()).split()
    return name_words(text)


@lru_cache(maxsize=200_000)
def name_parts(name: str) -> tuple[str, ...]:
    """The words of a name without honorifics, each in its one spelling."""
    words = _words(name)
    kept = [w for w in words if w not in HONORIFICS]
    return tuple(spelling(w) for w in (kept or words))


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    return sound_key(word)


def _name(value: str | None) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """(spelling, sound key, first word's sound key, every word's sound key) of a name."""
    if not value:
        return None, None, None, None
    spelt, key, first, keys = _name_forms(value)
    return spelt, key, first, list(keys) if keys is not None else None


@lru_cache(maxsize=500_000)
def _name_forms(
    value: str,
) -> tuple[str | None, str | None, str | None, tuple[str, ...] | None]:
    parts = name_parts(value)
    if not parts:
        return None, None, None, None
    keys = [word_key(p) for p in parts]
    return " ".join(parts), " ".join(keys), keys[0], tuple(sorted(set(keys)))


@lru_cache(maxsize=50_000)
def place_key(value: str) -> str | None:
    """A key for a district, sub-district or village that survives spelling and renaming."""
    words = [w for w in _words(value.replace("'", "")) if w not in _PLACE_NOISE]
    text = " ".join(words)
    text = PLACE_ALIASES.get(text, text)
    keys = [word_key(w) for w in text.split()]
    return "".join(keys) or None


def phone_key(value: str | None) -> str | None:
    """The last ten digits, so +880 1711-000000 and 01711000000 agree."""
    if not value:
        return None
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) < 6:
        return None
    return digits[-10:]


def id_key(value: str | None) -> str | None:
    if not value:
        return None
    text = "".join(c for c in value.upper() if c.isalnum())
    return text or None


def birth_estimate(record: PersonRecord) -> tuple[int | None, bool]:
    """The birth day (days since 1970) and whether it is a known date or an estimate."""
    if record.birth_date is not None:
        return (record.birth_date - EPOCH).days, True
    if record.age is not None and record.age_reported_on is not None:
        # Someone "14" on a day was born between 15 and 14 years before it: take the middle.
        middle = (record.age + 0.5) * DAYS_PER_YEAR
        return round((record.age_reported_on - EPOCH).days - middle), False
    return None, False


FEATURE_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("given_name", pa.string()),
        ("given_key", pa.string()),
        ("given_first", pa.string()),
        ("given_first2", pa.string()),
        ("family_name", pa.string()),
        ("family_key", pa.string()),
        ("name_pair", pa.string()),
        ("alias_keys", pa.list_(pa.string())),
        ("father_name", pa.string()),
        ("father_key", pa.string()),
        ("father_first", pa.string()),
        ("father_keys", pa.list_(pa.string())),
        ("mother_name", pa.string()),
        ("mother_key", pa.string()),
        ("mother_first", pa.string()),
        ("mother_keys", pa.list_(pa.string())),
        ("sex", pa.string()),
        ("birth_day", pa.int32()),
        ("birth_exact", pa.bool_()),
        ("birth_band", pa.int32()),
        ("birth_band_shifted", pa.int32()),
        ("country", pa.string()),
        ("district", pa.string()),
        ("subdistrict", pa.string()),
        ("village", pa.string()),
        ("phone", pa.string()),
        ("id_number", pa.string()),
    ]
)
FEATURE_COLUMNS = tuple(FEATURE_SCHEMA.names)


def feature_row(record: PersonRecord) -> tuple[object, ...]:
    """The record's comparable values, in FEATURE_COLUMNS order."""
    given, given_key, given_first, given_keys = _name(record.given_name)
    family, family_key, family_first, _ = _name(record.family_name)
    father, father_key, father_first, father_keys = _name(record.father_name)
    mother, mother_key, mother_first, mother_keys = _name(record.mother_name)
    aliases = set(given_keys or ())
    if record.other_names:
        for alias in re.split(r"[;,/]", record.other_names):
            aliases.update(_name(alias)[3] or ())
    # Given and family name in either order, so a swapped name lands in the same block.
    name_pair = (
        "|".join(sorted((given_first, family_first))) if given_first and family_first else None
    )
    birth_day, birth_exact = birth_estimate(record)
    return (
        record.record_id,
        given,
        given_key,
        given_first,
        given_first[:2] if given_first else None,
        family,
        family_key,
        name_pair,
        sorted(aliases) or None,
        father,
        father_key,
        father_first,
        father_keys,
        mother,
        mother_key,
        mother_first,
        mother_keys,
        record.sex or None,
        birth_day,
        birth_exact if birth_day is not None else None,
        None if birth_day is None else birth_day // BAND_DAYS,
        None if birth_day is None else (birth_day + BAND_DAYS // 2) // BAND_DAYS,
        (record.country or "").upper() or None,
        place_key(record.district) if record.district else None,
        place_key(record.subdistrict) if record.subdistrict else None,
        place_key(record.village) if record.village else None,
        phone_key(record.phone),
        id_key(record.id_number),
    )


def feature_table(records: Iterable[PersonRecord]) -> pa.Table:
    """The comparable values of many records, one row each, as an Arrow table."""
    rows = [feature_row(r) for r in records]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in FEATURE_COLUMNS]
    arrays = [
        pa.array(list(values), type=field.type)
        for values, field in zip(columns, FEATURE_SCHEMA, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=FEATURE_SCHEMA)


def term_frequencies(tables: Sequence[pa.Table], column: str) -> pa.Table:
    """How often each value of a column occurs among all the records, as Splink counts it
    (share of the non-missing values); counted here so both engines get the same table."""
    values = pa.chunked_array(
        [chunk for table in tables for chunk in table.column(column).chunks],
        type=FEATURE_SCHEMA.field(column).type,
    ).drop_null()
    counts = pc.value_counts(values)
    total = max(1, len(values))
    return pa.table(
        {
            column: counts.field("values"),
            f"tf_{column}": pc.divide(pc.cast(counts.field("counts"), pa.float64()), total),
        }
    )
