"""Names for demo survivors, as the offices in the seed documents would write them.

Bangladeshi and Thai names carry their own script and a Latin transliteration; Latin
spellings vary the way they do on real intake forms ("Akter", "Akhter", "Aktar"), so that
search by any spelling can be tried on the demo data. None of these is a real survivor.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class NameWord:
    """One word of a name: its Latin spellings (the first is the usual one) and its
    native-script form, if the name is usually written in another script."""

    latin: tuple[str, ...]
    native: str = ""


@dataclass(frozen=True)
class DemoName:
    """A survivor's name as recorded: the main name, and a Latin transliteration when the
    main name is in another script."""

    given_name: str
    family_name: str
    script: str
    transliteration: tuple[str, str] | None = None


def _words(*pairs: tuple[str, str] | str) -> tuple[NameWord, ...]:
    """`"Rina|Reena:রিনা"`-style entries: spellings separated by |, the native form after :."""
    words = []
    for entry in pairs:
        assert isinstance(entry, str)  # noqa: S101 - data written in this file
        spellings, _, native = entry.partition(":")
        words.append(NameWord(latin=tuple(spellings.split("|")), native=native))
    return tuple(words)


BANGLADESHI_FEMALE = _words(
    "Rina|Reena:রিনা",
    "Shirin|Sirin:শিরিন",
    "Fatema|Fatima:ফাতেমা",
    "Nasrin|Nasreen:নাসরিন",
    "Sumaiya|Sumaya:সুমাইয়া",
    "Taslima|Tasleema:তাসলিমা",
    "Rupa|Roopa:রূপা",
    "Moushumi|Mousumi:মৌসুমী",
    "Shapla:শাপলা",
    "Jesmin|Jasmin:জেসমিন",
    "Rehana|Rahana:রেহানা",
    "Salma|Selma:সালমা",
    "Mim:মিম",
    "Sadia|Sadiya:সাদিয়া",
    "Ayesha|Aysha:আয়েশা",
    "Khadija|Khadiza:খাদিজা",
    "Sharmin|Sarmin:শারমিন",
    "Tania|Taniya:তানিয়া",
    "Runa:রুনা",
    "Lipi:লিপি",
    "Mitu:মিতু",
    "Rokeya|Rokeia:রোকেয়া",
    "Hasina|Haseena:হাসিনা",
    "Kulsum|Kulsoom:কুলসুম",
    "Sabina|Shabina:সাবিনা",
    "Morjina|Marjina:মর্জিনা",
    "Parul:পারুল",
    "Shefali|Sefali:শেফালী",
)
BANGLADESHI_FEMALE_FAMILY = _words(
    "Akter|Akhter|Aktar|Akther:আক্তার",
    "Begum|Begom:বেগম",
    "Khatun|Khatoon:খাতুন",
    "Sultana:সুলতানা",
    "Parvin|Parveen:পারভীন",
    "Islam:ইসলাম",
    "Mondal|Mandal:মন্ডল",
    "Biswas:বিশ্বাস",
    "Das:দাস",
    "Sarkar|Sorkar:সরকার",
)
BANGLADESHI_MALE = _words(
    "Md. Rahim|Mohammad Rahim:মোঃ রহিম",
    "Karim:করিম",
    "Sohel|Shohel:সোহেল",
    "Rubel:রুবেল",
    "Md. Hasan|Muhammad Hasan:মোঃ হাসান",
    "Arif:আরিফ",
    "Masud|Masood:মাসুদ",
    "Sumon|Shumon:সুমন",
    "Liton:লিটন",
    "Jahid|Zahid:জাহিদ",
    "Rakib|Rakeeb:রাকিব",
    "Sabbir|Shabbir:সাব্বির",
    "Alamgir:আলমগীর",
    "Babul:বাবুল",
)
BANGLADESHI_MALE_FAMILY = _words(
    "Hossain|Hosain|Hussain:হোসেন",
    "Rahman|Rohman:রহমান",
    "Islam:ইসলাম",
    "Sheikh|Shaikh:শেখ",
    "Mia|Miah:মিয়া",
    "Uddin|Uddeen:উদ্দিন",
    "Khan:খান",
    "Molla|Mollah:মোল্লা",
    "Gazi|Ghazi:গাজী",
    "Sardar|Sordar:সরদার",
    "Biswas:বিশ্বাস",
    "Mondal|Mandal:মন্ডল",
)

INDIAN_FEMALE = _words(
    "Priya",
    "Puja|Pooja",
    "Anjali",
    "Sunita",
    "Rekha",
    "Kavita|Kabita",
    "Lakshmi|Laxmi",
    "Mamata|Mamta",
    "Rupali",
    "Sonali",
    "Mousumi|Moushumi",
    "Tanushree",
    "Sathi",
    "Asha",
    "Jyoti",
)
INDIAN_FEMALE_FAMILY = _words(
    "Das",
    "Mondal|Mandal",
    "Ghosh",
    "Halder|Haldar",
    "Naskar",
    "Bibi",
    "Khatun",
    "Kumari",
    "Devi",
    "Sardar",
    "Yadav",
    "Paswan",
)
INDIAN_MALE = _words("Rahul", "Amit", "Sanjay", "Raju", "Bikash|Vikash", "Sujit", "Ramesh")
INDIAN_MALE_FAMILY = _words("Das", "Mondal", "Sardar", "Kumar", "Singh", "Yadav", "Sheikh")

ROMANIAN_FEMALE = _words(
    "Maria",
    "Elena",
    "Ioana",
    "Andreea",
    "Alexandra",
    "Mihaela",
    "Gabriela",
    "Cristina",
    "Daniela",
    "Florentina",
    "Nicoleta",
    "Mădălina|Madalina",
)
ROMANIAN_MALE = _words(
    "Ion", "Andrei", "Gheorghe", "Constantin", "Mihai", "Florin", "Marian", "Ionuț|Ionut"
)
ROMANIAN_FAMILY = _words(
    "Popescu",
    "Ionescu",
    "Popa",
    "Dumitru",
    "Stan",
    "Stoica",
    "Rusu",
    "Munteanu",
    "Lungu",
    "Marin",
    "Tudor",
    "Dinu",
    "Șerban|Serban",
    "Bălan|Balan",
)

THAI_FEMALE = _words(
    "Malee|Mali:มาลี",
    "Siriporn|Siriphon:ศิริพร",
    "Kanya:กันยา",
    "Sunisa:สุนิสา",
    "Wanida:วนิดา",
    "Ratana|Rattana:รัตนา",
    "Supaporn|Suphaphon:สุภาพร",
    "Achara:อัจฉรา",
)
THAI_MALE = _words(
    "Somchai:สมชาย",
    "Somsak:สมศักดิ์",
    "Prasert|Prasoet:ประเสริฐ",
    "Sompong|Somphong:สมพงษ์",
)
THAI_FAMILY = _words(
    "Boonmee|Bunmi:บุญมี",
    "Thongdee|Thongdi:ทองดี",
    "Srisuk|Sisuk:ศรีสุข",
    "Kaewmanee|Kaeomani:แก้วมณี",
    "Suksawat:สุขสวัสดิ์",
    "Wongsawat:วงศ์สวัสดิ์",
)
# Migrant workers from Myanmar and Cambodia, the most often identified in Thailand's fishing.
MYANMAR_GIVEN = _words("Aung Ko", "Kyaw Zin", "Zaw Min", "Thida", "Hla Hla", "Mya Mya", "Win Naing")
MYANMAR_FAMILY = _words("Htun", "Oo", "Aung", "Win", "Myint", "Soe")
CAMBODIAN_GIVEN = _words("Sokha", "Dara", "Vannak", "Chenda", "Sophea", "Sreymom")
CAMBODIAN_FAMILY = _words("Sok", "Chan", "Meas", "Chea", "Kim", "Heng")

BRITISH_FEMALE = _words(
    "Emily", "Jessica", "Sophie", "Chloe", "Lauren", "Hannah", "Megan", "Amy", "Rebecca"
)
BRITISH_MALE = _words(
    "Daniel", "James", "Thomas", "Ryan", "Liam", "Jack", "Connor", "Kieran", "Lewis"
)
BRITISH_FAMILY = _words(
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
    "Murphy",
)
VIETNAMESE_GIVEN = _words("Van Minh", "Thi Lan", "Van Hung", "Thi Hoa", "Duc Anh")
VIETNAMESE_FAMILY = _words("Nguyen", "Tran", "Le", "Pham", "Hoang")
ALBANIAN_GIVEN = _words("Arben", "Ermal", "Klodian", "Elira", "Besa", "Dritan")
ALBANIAN_FAMILY = _words("Hoxha", "Shehu", "Krasniqi", "Gashi", "Berisha")


@dataclass(frozen=True)
class NamePool:
    female: tuple[NameWord, ...]
    male: tuple[NameWord, ...]
    female_family: tuple[NameWord, ...]
    male_family: tuple[NameWord, ...]
    script: str = "Latn"
    # Share of people of this nationality whose main name is in the native script.
    native_share: float = 0.0
    # Share of Latin spellings that are not the usual one.
    variant_share: float = 0.25


NAME_POOLS: dict[str, NamePool] = {
    "BD": NamePool(
        female=BANGLADESHI_FEMALE,
        male=BANGLADESHI_MALE,
        female_family=BANGLADESHI_FEMALE_FAMILY,
        male_family=BANGLADESHI_MALE_FAMILY,
        script="Beng",
        native_share=0.35,
    ),
    "IN": NamePool(INDIAN_FEMALE, INDIAN_MALE, INDIAN_FEMALE_FAMILY, INDIAN_MALE_FAMILY),
    "RO": NamePool(ROMANIAN_FEMALE, ROMANIAN_MALE, ROMANIAN_FAMILY, ROMANIAN_FAMILY),
    "TH": NamePool(
        THAI_FEMALE, THAI_MALE, THAI_FAMILY, THAI_FAMILY, script="Thai", native_share=0.6
    ),
    "MM": NamePool(MYANMAR_GIVEN, MYANMAR_GIVEN, MYANMAR_FAMILY, MYANMAR_FAMILY, variant_share=0),
    "KH": NamePool(
        CAMBODIAN_GIVEN, CAMBODIAN_GIVEN, CAMBODIAN_FAMILY, CAMBODIAN_FAMILY, variant_share=0
    ),
    "GB": NamePool(BRITISH_FEMALE, BRITISH_MALE, BRITISH_FAMILY, BRITISH_FAMILY, variant_share=0),
    "VN": NamePool(
        VIETNAMESE_GIVEN, VIETNAMESE_GIVEN, VIETNAMESE_FAMILY, VIETNAMESE_FAMILY, variant_share=0
    ),
    "AL": NamePool(
        ALBANIAN_GIVEN, ALBANIAN_GIVEN, ALBANIAN_FAMILY, ALBANIAN_FAMILY, variant_share=0
    ),
}

# Nicknames Bangladeshi families use (daak naam); some survivors are known by one.
BANGLADESHI_NICKNAMES = ("Moni", "Buli", "Tuni", "Pakhi", "Shathi", "Rani", "Putul", "Mukta")


def _spelling(word: NameWord, *, rng: random.Random, variant_share: float) -> str:
    if len(word.latin) > 1 and rng.random() < variant_share:
        return rng.choice(word.latin[1:])
    return word.latin[0]


def demo_name(*, rng: random.Random, nationality: str, female: bool) -> DemoName:
    """A believable name for a person of this nationality and sex."""
    pool = NAME_POOLS[nationality]
    given = rng.choice(pool.female if female else pool.male)
    family = rng.choice(pool.female_family if female else pool.male_family)
    given_latin = _spelling(given, rng=rng, variant_share=pool.variant_share)
    family_latin = _spelling(family, rng=rng, variant_share=pool.variant_share)
    in_native_script = given.native and family.native and rng.random() < pool.native_share
    if in_native_script:
        return DemoName(
            given_name=given.native,
            family_name=family.native,
            script=pool.script,
            transliteration=(given_latin, family_latin),
        )
    return DemoName(given_name=given_latin, family_name=family_latin, script="Latn")
