"""Home addresses and phone numbers for demo survivors: real divisions, districts and
sub-districts (the border districts of the seed documents first), made-up streets."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    division: str
    district: str
    subdistricts: tuple[str, ...]
    weight: int = 1


# Khulna division's border districts, where the Bangladesh office works, weigh the most.
AREAS: dict[str, tuple[Area, ...]] = {
    "BD": (
        Area(
            "Khulna",
            "Khulna",
            ("Dumuria", "Batiaghata", "Dacope", "Paikgachha", "Koyra", "Rupsha", "Terokhada"),
            5,
        ),
        Area(
            "Khulna",
            "Jessore",
            ("Sharsha", "Jhikargachha", "Chaugachha", "Manirampur", "Abhaynagar", "Keshabpur"),
            5,
        ),
        Area(
            "Khulna",
            "Satkhira",
            ("Kalaroa", "Tala", "Debhata", "Kaliganj", "Shyamnagar", "Assasuni"),
            5,
        ),
        Area("Khulna", "Narail", ("Lohagara", "Kalia", "Narail Sadar"), 3),
        Area(
            "Khulna",
            "Bagerhat",
            ("Mongla", "Morrelganj", "Rampal", "Fakirhat", "Mollahat", "Chitalmari"),
            3,
        ),
        Area("Khulna", "Jhenaidah", ("Maheshpur", "Kotchandpur", "Shailkupa"), 2),
        Area("Khulna", "Chuadanga", ("Damurhuda", "Jibannagar", "Alamdanga"), 1),
        Area("Dhaka", "Dhaka", ("Savar", "Keraniganj", "Dhamrai"), 2),
        Area("Dhaka", "Gazipur", ("Tongi", "Kaliakair", "Kapasia"), 1),
        Area("Dhaka", "Narayanganj", ("Rupganj", "Sonargaon", "Araihazar"), 1),
    ),
    "IN": (
        Area(
            "West Bengal",
            "North 24 Parganas",
            ("Basirhat", "Bongaon", "Sandeshkhali", "Hingalganj", "Barasat"),
            4,
        ),
        Area(
            "West Bengal",
            "South 24 Parganas",
            ("Canning", "Diamond Harbour", "Kakdwip", "Baruipur", "Jaynagar"),
            4,
        ),
        Area("West Bengal", "Murshidabad", ("Berhampore", "Lalbagh", "Domkal"), 2),
        Area("West Bengal", "Nadia", ("Krishnanagar", "Ranaghat", "Tehatta"), 2),
        Area("Maharashtra", "Mumbai Suburban", ("Andheri", "Kurla"), 1),
        Area("Gujarat", "Surat", ("Udhna", "Katargam"), 1),
    ),
    "RO": (
        Area("Sud-Vest Oltenia", "Dolj", ("Craiova", "Băilești", "Calafat"), 2),
        Area("Sud-Vest Oltenia", "Olt", ("Caracal", "Slatina"), 2),
        Area("Sud-Muntenia", "Teleorman", ("Alexandria", "Roșiori de Vede"), 2),
        Area("Nord-Est", "Iași", ("Iași", "Pașcani"), 2),
        Area("Nord-Est", "Vaslui", ("Vaslui", "Bârlad"), 1),
        Area("Sud-Est", "Constanța", ("Constanța", "Medgidia"), 1),
    ),
    "TH": (
        Area("Central", "Samut Sakhon", ("Mueang Samut Sakhon", "Krathum Baen"), 3),
        Area("Southern", "Songkhla", ("Hat Yai", "Mueang Songkhla"), 2),
        Area("Southern", "Ranong", ("Mueang Ranong",), 1),
        Area("Northern", "Chiang Rai", ("Mae Sai", "Chiang Saen"), 2),
        Area("Northern", "Tak", ("Mae Sot",), 2),
        Area("Eastern", "Chon Buri", ("Bang Lamung", "Si Racha"), 1),
    ),
    "MM": (
        Area("Mon State", "Mawlamyine", ("Mawlamyine", "Mudon"), 2),
        Area("Kayin State", "Myawaddy", ("Myawaddy",), 2),
        Area("Tanintharyi Region", "Kawthaung", ("Kawthaung",), 1),
    ),
    "KH": (
        Area("Banteay Meanchey", "Poipet", ("Poipet",), 2),
        Area("Battambang", "Battambang", ("Battambang", "Sangkae"), 1),
        Area("Prey Veng", "Prey Veng", ("Kampong Trabaek", "Peam Ro"), 1),
    ),
    "GB": (
        Area("England", "Essex", ("Basildon", "Southend-on-Sea", "Colchester"), 2),
        Area("England", "Surrey", ("Guildford", "Woking"), 2),
        Area("England", "Greater Manchester", ("Manchester", "Oldham", "Bolton"), 2),
        Area("England", "West Yorkshire", ("Leeds", "Bradford", "Huddersfield"), 2),
        Area("England", "Greater London", ("Newham", "Tower Hamlets", "Croydon"), 3),
        Area("England", "Kent", ("Dover", "Folkestone"), 1),
        Area("Scotland", "Glasgow City", ("Glasgow",), 1),
    ),
    "VN": (
        Area("North Central Coast", "Nghe An", ("Vinh", "Dien Chau"), 2),
        Area("North Central Coast", "Ha Tinh", ("Ha Tinh", "Ky Anh"), 1),
    ),
    "AL": (
        Area("Shkodër County", "Shkodër", ("Shkodër",), 1),
        Area("Elbasan County", "Elbasan", ("Elbasan",), 1),
    ),
}

VILLAGES: dict[str, tuple[str, ...]] = {
    "BD": (
        "Rampur",
        "Chandpur",
        "Madhabpur",
        "Kamalpur",
        "Shibpur",
        "Gopalpur",
        "Noapara",
        "Purbapara",
        "Uttarpara",
        "Dakshinpara",
        "Kashipur",
        "Hazirhat",
        "Char Kukri",
        "Sonatola",
        "Kaliganj Bazar",
    ),
    "IN": ("Hasnabad", "Taki", "Gosaba", "Basanti", "Haroa", "Minakhan", "Swarupnagar"),
    "TH": ("Mahachai", "Ban Tha Chalom", "Ban Mae Sot", "Ban Nong Bua"),
    "MM": ("Kyaikmaraw", "Thanbyuzayat", "Ye"),
    "KH": ("Ou Chrov", "Thma Puok", "Svay Chek"),
    "VN": ("Quynh Luu", "Yen Thanh", "Nghi Loc"),
    "AL": ("Vau i Dejës", "Peqin"),
}
STREETS: dict[str, tuple[str, ...]] = {
    "GB": ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"),
    "RO": ("Strada Mihai Viteazu", "Strada Unirii", "Strada Libertății", "Bulevardul Republicii"),
    "IN": ("Station Road", "Bazar Para", "School Road"),
}


@dataclass(frozen=True)
class DemoAddress:
    country: str
    division: str
    district: str
    subdistrict: str
    village: str
    street: str


def demo_address(*, rng: random.Random, country: str) -> DemoAddress:
    """A home address: a real district and sub-district, a common village or street name."""
    areas = AREAS[country]
    area = rng.choices(areas, weights=[a.weight for a in areas])[0]
    subdistrict = rng.choice(area.subdistricts)
    village = rng.choice(VILLAGES[country]) if country in VILLAGES else subdistrict
    if country in STREETS:
        street = f"{rng.randint(1, 140)} {rng.choice(STREETS[country])}"
    elif country == "BD":
        street = f"House {rng.randint(1, 90)}, Ward {rng.randint(1, 9)}"
    else:
        street = ""
    return DemoAddress(country, area.division, area.district, subdistrict, village, street)


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}"


def demo_phone(*, rng: random.Random, country: str) -> str:
    """A mobile number written the way it is usually written in that country."""
    if country == "BD":
        operator = rng.choice("3456789")
        if rng.random() < 0.6:
            return f"01{operator}{_digits(rng, 2)}-{_digits(rng, 6)}"
        return f"+880 1{operator}{_digits(rng, 2)} {_digits(rng, 6)}"
    if country == "IN":
        return f"+91 {rng.choice('6789')}{_digits(rng, 4)} {_digits(rng, 5)}"
    if country == "RO":
        return f"+40 7{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if country == "TH":
        return f"+66 {rng.choice('689')}{_digits(rng, 1)} {_digits(rng, 3)} {_digits(rng, 4)}"
    if country == "GB":
        return f"07{_digits(rng, 3)} {_digits(rng, 6)}"
    if country == "MM":
        return f"+95 9 {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if country == "KH":
        return f"+855 1{_digits(rng, 1)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if country == "VN":
        return f"+84 9{_digits(rng, 1)} {_digits(rng, 3)} {_digits(rng, 4)}"
    return f"+355 6{_digits(rng, 1)} {_digits(rng, 3)} {_digits(rng, 4)}"
