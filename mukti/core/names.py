"""Name-search tokens that tolerate South Asian transliteration, without keeping names.

"Mohammad", "Muhammad", "Mohamed" and "Md." share one sound key; so do "Akter", "Akhter",
"Aktar"; "Begum", "Begom"; "Rahman", "Rohman". Each key is stored only as a keyed hash
(a blind index), so the table of tokens reveals no name to someone without the key.
"""

from __future__ import annotations

import unicodedata

from mukti.core.crypto import blind_index

# Abbreviations and honorific spellings that stand for a whole name.
_WHOLE_NAME_ALIASES = {
    "md": "muhammad",
    "mohd": "muhammad",
    "mohammed": "muhammad",
    "muhammed": "muhammad",
    "mst": "mosammat",
    "mosst": "mosammat",
    "mosamat": "mosammat",
    "mossammat": "mosammat",
}
# Aspirated and alternative spellings of one sound; longest first.
_SOUND_REWRITES = [
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("bh", "b"),
    ("jh", "j"),
    ("sh", "s"),
    ("ch", "c"),
    ("ck", "k"),
    ("q", "k"),
    ("z", "j"),
    ("v", "b"),
    ("x", "ks"),
]
_VOWEL_LIKE = set("aeiouyhw")


def name_words(name: str) -> list[str]:
    """The words of a name, lower-cased, with accents and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept, base_is_latin = [], False
    for c in decomposed:
        if not unicodedata.category(c).startswith("M"):
            base_is_latin = c.isascii()
        # Accents come off latin letters; in Bengali or Thai the marks are vowels and stay.
        if not (base_is_latin and unicodedata.combining(c)):
            kept.append(c if unicodedata.category(c)[0] in "LNM" else " ")
    return "".join(kept).split()


def sound_key(word: str) -> str:
    """A consonant skeleton of a latin-script word; other scripts are kept as written."""
    word = _WHOLE_NAME_ALIASES.get(word, word)
    if not word.isascii():
        return word
    for written, sound in _SOUND_REWRITES:
        word = word.replace(written, sound)
    if not word:
        return word
    skeleton = [word[0]] + [c for c in word[1:] if c not in _VOWEL_LIKE]
    collapsed = [c for i, c in enumerate(skeleton) if i == 0 or c != skeleton[i - 1]]
    return "".join(collapsed)


def name_search_tokens(name: str) -> set[str]:
    """Keyed hashes of the sound key of every word in a name."""
    return {
        blind_index(sound_key(word), purpose="name-sound")
        for word in name_words(name)
        if sound_key(word)
    }


def exact_name_token(word: str) -> str:
    return blind_index(word, purpose="name-exact")
