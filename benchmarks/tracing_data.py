"""Missing-person reports and found persons with ground truth, for the matching benchmark.

Made-up people with Bangladeshi and Indian names, written the way police stations, border
guards and shelters write them: transliteration variants (Akter/Akhter/Aktar, Md./
Mohammad), nicknames (daak naam) instead of the given name, typing errors, given and family
names swapped, ages estimated a few years off, renamed districts (Jessore/Jashore), missing
fields. Districts are real; villages are common village names. Deterministic for a seed.

    from benchmarks.tracing_data import generate
    data = generate(reports=100_000, found=10_000, seed=7)
    data.reports, data.found, data.true_links(), data.true_duplicates()

    .venv/bin/python benchmarks/tracing_data.py --reports 1000 --found 100 --out /tmp/data
    (writes reports.csv and found.csv with the canonical columns, and truth.csv)
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mukti.tracing.matching.records import PersonRecord, write_csv  # noqa: E402

TODAY = date(2026, 11, 1)

# --- names -------------------------------------------------------------------------------
# "Usual|variant|variant": spellings seen on forms for the same name.
BD_GIRLS = """Rina|Reena Shirin|Sirin Fatema|Fatima Nasrin|Nasreen Sumaiya|Sumaya Taslima|Tasleema
Rupa|Roopa Moushumi|Mousumi Shapla Jesmin|Jasmin|Jasmine Rehana|Rahana Salma Mim Sadia|Sadiya
Ayesha|Aysha|Ayesa Khadija|Khadiza Sharmin|Sarmin Tania|Taniya Runa Lipi Mitu Rokeya|Rokeia
Hasina|Haseena Kulsum|Kulsoom Sabina|Shabina Morjina|Marjina Parul Shefali|Sefali Nazma|Najma
Rubina|Rubena Shilpi|Silpi Lovely|Lovly Popy|Popi Mukta Sathi|Shathi Akhi|Akhee Jannatul|Jannat
Sumi|Shumi Tahmina|Tahmena Farzana|Farjana Nargis|Nargish Shahnaz|Sahnaz Rasheda|Rashida
Marufa Halima|Halema Amena|Amina Bilkis|Bilkiss Champa Doli|Dolly Eti|Iti Farida|Fareda
Hena Ismat Jharna|Jorna Jui Kakoli Laboni|Lobony Liza|Lisa Mahmuda Maksuda Mala Masuma|Masuma
Nodi|Nadi Nupur Papia Piya|Pia Poly|Polly Rabeya|Rabiya Rojina|Rozina Sabiha Sonia|Sonya
Shanta|Santa Shiuli|Sheuli Sokhina|Sakina Suraiya|Suraya Tamanna|Tamana Urmi Yasmin|Yeasmin
Zakia|Jakia Beauty Chadni|Chandni Dilruba Happy Jhuma Keya Laily|Laili Mahfuza Nazia Nusrat
Ratna|Rotna Roksana|Roxana Sabrina Sumona Tithi Asma Bristi|Brishti Munni Shirina Shamima|Samima
Anjuara|Anjuwara Hosneara|Husneara Kohinoor|Kohinur Mahmuda Nilufar|Nilufa Rahima|Rohima
Selina|Salina Shaheda|Sahida Tasnim Jorina|Zorina Rashida Rupali|Ruplai"""
BD_HINDU_GIRLS = """Puja|Pooja Rupa Mitu Anjali Sumi Lipika Mamata|Mamta Kakoli Shampa|Sampa
Swapna|Sopna Tumpa Rina Dipa|Deepa Mousumi|Moushumi Priyanka|Prianka Sonali Shikha|Sikha
Chaitali Jayanti|Joyonti Kabita|Kobita Laxmi|Lakshmi Mithu Nupur Piyali Rakhi Sathi Shyamoli|Shamoli
Tuli Bithi|Bithika Dolon Gita|Geeta Jhuma Kalpana|Kolpona Madhuri Manju Nandita Papiya Ratna"""
BD_MALE_FIRST = """Abdul Abdur Abul Nurul Rafiqul|Rofiqul Shahidul|Sahidul Jahangir Aminul Mizanur
Mostafa|Mustafa Anwar|Anowar Habibur Saiful Shafiqul|Sofikul Monirul Rezaul Jahidul|Zahidul
Mofizul Abu Ayub Alamgir Babul Delwar|Dilwar Faruk|Farooq Golam Harun|Haroon Ibrahim Ismail
Jalal Kamal Kashem|Kasem Liakat|Liaquat Mannan Motiur|Matiur Nazrul Obaidul Rashid|Rasheed
Sirajul|Serajul Tofazzal Yunus|Younus Zakir|Jakir Atiar Badsha Hanif Idris Jasim Kamrul Lutfor
Mokbul Nasir|Naseer Rafique|Rafik Sattar Sobhan Wahab Azizul Bashir Enamul Giasuddin Hafizur"""
BD_MALE_SECOND = """Karim Rahman|Rohman|Rahaman Islam|Eslam Hossain|Hosain|Hussain|Hossen Alam
Uddin|Uddeen Haque|Hoque|Huq Ali Ahmed|Ahmad Mia|Miah Sheikh|Shaikh Molla|Mollah Khan Sarder|Sardar
Gazi|Ghazi Howlader|Hawlader Talukder|Talukdar Chowdhury|Choudhury Bhuiyan|Bhuiya Sikder
Munshi Khandaker|Khondokar Mridha Biswas Mondal|Mandal|Mondol Kabir Jaman|Zaman Bepari Fakir"""
BD_GIRL_FAMILY = (
    "Akter|Akhter|Aktar|Akther Khatun|Khatoon Begum|Begom Sultana Parvin|Parveen Khanom|Khanam"
)
HINDU_MALE_FIRST = """Gopal Shyamal|Samol Nitai Haripada Bimal Nikhil Subal Dulal Gour Kartik
Swapan|Sopon Tapan|Topon Ashok|Asok Pradip|Prodip Ranjit Sukumar Bablu Nirmal Ratan Shankar|Sonkor
Amal Biplob|Biplab Dilip Gobinda Jiban Kanai Madhab Narayan Paresh Sanjib|Sanjeev Tarun
Anil Bhabesh Bishwanath|Biswanath Chittaranjan Debendra Haradhan Jatin Khokon Mohadev|Mahadev
Nepal Nironjon|Niranjan Parimal Pulin Rabindra Sadhan Sudhir Sunil Uttam"""
HINDU_FAMILY = """Das Mondal|Mandal Biswas Sarkar|Sorkar Ghosh Roy|Ray Saha Pal|Paul Dey|Dey Sen
Halder|Haldar Karmakar Barman Bala Majumder|Mazumder Shil|Sheel Debnath Chakraborty|Chakrabarty
Naskar Sardar Mahato Mistri|Mistry Bairagi"""
IN_GIRLS = """Priya Puja|Pooja Anjali Sunita Rekha Kavita|Kabita Lakshmi|Laxmi Mamata|Mamta
Rupali Sonali Moushumi|Mousumi Tanushree|Tanusri Sathi Asha Jyoti|Jyothi Rani Sima|Seema
Rinku Pinki Chandana Madhabi Malati|Malti Rumpa Sampa Sushmita|Susmita Tanisha Barnali Dipika
Ishita Kajal Komal Manisha Neha Nisha Payel Radha Riya|Ria Sapna Shreya|Sreya Sneha Suman
Tania Usha Anita Babita Geeta|Gita Kiran Meena|Mina Parbati|Parvati Renu Savitri Sarita"""
IN_MALE_FIRST = """Rahul Amit Sanjay Raju Bikash|Vikash Sujit Ramesh Suresh Manoj Anil Dinesh
Gopal Haru Kartick|Kartik Mohan Nimai Prabir Samir Tapas Uttam Bapi Biswajit Debasish|Debashis
Ajay Arun Asit Badal Bhola Binod|Vinod Chandan Dhiren Gautam Goutam Hemanta Indrajit Jagadish
Kalyan Kamal Kanu Kishore Lalit Madan Mrinal Naresh Nitya Pankaj Partha Pintu Prasanta|Prashanta
Rabi|Ravi Rajesh Rakesh Ratan Sailen Sandip|Sandeep Santosh Shibu|Sibu Subhas|Subhash Sukanta
Sunil Swapan Tarak Tushar Uday Umesh"""
IN_FAMILY = """Das Mondal|Mandal Sardar Naskar Halder|Haldar Ghosh Pal Roy Biswas Yadav Kumar
Singh Paswan Mahato Gayen Mistri|Mistry Purkait Bag Jana Maity|Maiti Pramanik Sheikh|Shaikh
Molla|Mollah Laskar Gazi|Ghazi"""
IN_MUSLIM_GIRL_FAMILY = "Khatun|Khatoon Bibi Parveen|Parvin Sultana"
NICKNAMES = """Moni Buli Tuni Pakhi Shathi Rani Putul Mukta Bristi Tumpa Mou Munni Sonia Tinni
Lucky Happy Polly Jhuma Rupa Chumki Dolly Khuki Maya Pinky Tuktuki Bulbuli Shonali Payel
Mina Rekha Sumi Nila Lipi Baby Kuhu Tithi Jhinuk Shimu Mithu Ruma"""


def _pool(text: str) -> list[tuple[str, ...]]:
    return [tuple(entry.split("|")) for entry in text.split()]


BD_GIRLS_P = _pool(BD_GIRLS)
BD_HINDU_GIRLS_P = _pool(BD_HINDU_GIRLS)
BD_MALE_FIRST_P = _pool(BD_MALE_FIRST)
BD_MALE_SECOND_P = _pool(BD_MALE_SECOND)
BD_GIRL_FAMILY_P = _pool(BD_GIRL_FAMILY)
HINDU_MALE_FIRST_P = _pool(HINDU_MALE_FIRST)
HINDU_FAMILY_P = _pool(HINDU_FAMILY)
IN_GIRLS_P = _pool(IN_GIRLS)
IN_MALE_FIRST_P = _pool(IN_MALE_FIRST)
IN_FAMILY_P = _pool(IN_FAMILY)
IN_MUSLIM_GIRL_FAMILY_P = _pool(IN_MUSLIM_GIRL_FAMILY)
NICKNAMES_P = [n for (n,) in _pool(NICKNAMES)]
# Mothers' names: women's given names and family names of the same pools.
HONORIFIC_SPELLINGS = ("Md.", "Md", "Mohammad", "Muhammad", "Mohd.", "MD.")

# --- places ------------------------------------------------------------------------------
# District: (weight, sub-districts). Border districts of the seed documents weigh the most.
BD_DISTRICTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "Jessore": (
        8,
        (
            "Sharsha",
            "Jhikargachha",
            "Chaugachha",
            "Manirampur",
            "Abhaynagar",
            "Keshabpur",
            "Bagherpara",
            "Jessore Sadar",
        ),
    ),
    "Satkhira": (
        8,
        ("Kalaroa", "Tala", "Debhata", "Kaliganj", "Shyamnagar", "Assasuni", "Satkhira Sadar"),
    ),
    "Khulna": (
        6,
        (
            "Dumuria",
            "Batiaghata",
            "Dacope",
            "Paikgachha",
            "Koyra",
            "Rupsha",
            "Terokhada",
            "Dighalia",
            "Phultala",
        ),
    ),
    "Jhenaidah": (4, ("Maheshpur", "Kotchandpur", "Shailkupa", "Harinakunda", "Kaliganj")),
    "Chuadanga": (4, ("Damurhuda", "Jibannagar", "Alamdanga", "Chuadanga Sadar")),
    "Meherpur": (3, ("Gangni", "Mujibnagar", "Meherpur Sadar")),
    "Narail": (3, ("Lohagara", "Kalia", "Narail Sadar")),
    "Bagerhat": (3, ("Mongla", "Morrelganj", "Rampal", "Fakirhat", "Mollahat", "Chitalmari")),
    "Kushtia": (3, ("Daulatpur", "Bheramara", "Mirpur", "Kumarkhali", "Khoksa")),
    "Magura": (2, ("Shalikha", "Sreepur", "Mohammadpur", "Magura Sadar")),
    "Dhaka": (5, ("Savar", "Keraniganj", "Dhamrai", "Nawabganj", "Dohar")),
    "Gazipur": (3, ("Tongi", "Kaliakair", "Kapasia", "Sreepur", "Kaliganj")),
    "Narayanganj": (3, ("Rupganj", "Sonargaon", "Araihazar", "Bandar")),
    "Chittagong": (4, ("Hathazari", "Patiya", "Sitakunda", "Mirsharai", "Raozan", "Banshkhali")),
    "Cox's Bazar": (3, ("Teknaf", "Ukhia", "Ramu", "Chakaria", "Maheshkhali")),
    "Comilla": (3, ("Daudkandi", "Chandina", "Laksam", "Muradnagar", "Debidwar")),
    "Barisal": (3, ("Bakerganj", "Babuganj", "Gournadi", "Mehendiganj", "Muladi")),
    "Bogra": (2, ("Sherpur", "Shibganj", "Dhunat", "Sariakandi", "Gabtali")),
    "Rajshahi": (2, ("Godagari", "Paba", "Bagha", "Charghat", "Tanore")),
    "Chapai Nawabganj": (2, ("Shibganj", "Gomastapur", "Bholahat", "Nachole")),
    "Rangpur": (2, ("Pirganj", "Mithapukur", "Badarganj", "Gangachara")),
    "Dinajpur": (2, ("Birampur", "Hakimpur", "Phulbari", "Birganj")),
    "Lalmonirhat": (2, ("Patgram", "Hatibandha", "Kaliganj", "Aditmari")),
    "Kurigram": (2, ("Nageshwari", "Bhurungamari", "Ulipur", "Chilmari")),
    "Mymensingh": (2, ("Trishal", "Bhaluka", "Muktagachha", "Phulpur", "Gaffargaon")),
    "Sylhet": (2, ("Companiganj", "Gowainghat", "Jaintiapur", "Beanibazar")),
    "Sunamganj": (1, ("Chhatak", "Derai", "Jagannathpur", "Tahirpur")),
    "Moulvibazar": (1, ("Sreemangal", "Kamalganj", "Kulaura", "Rajnagar")),
    "Noakhali": (2, ("Begumganj", "Companiganj", "Hatiya", "Senbagh")),
    "Feni": (1, ("Chhagalnaiya", "Daganbhuiyan", "Parshuram", "Sonagazi")),
    "Bhola": (1, ("Char Fasson", "Lalmohan", "Daulatkhan", "Borhanuddin")),
    "Patuakhali": (1, ("Galachipa", "Kalapara", "Bauphal", "Dashmina")),
    "Pirojpur": (1, ("Bhandaria", "Kawkhali", "Nazirpur", "Mathbaria")),
    "Jhalokati": (1, ("Nalchity", "Rajapur", "Kathalia")),
    "Tangail": (2, ("Mirzapur", "Sakhipur", "Gopalpur", "Kalihati", "Madhupur")),
    "Faridpur": (2, ("Boalmari", "Bhanga", "Madhukhali", "Nagarkanda")),
    "Gopalganj": (1, ("Kotalipara", "Muksudpur", "Tungipara", "Kashiani")),
    "Madaripur": (1, ("Rajoir", "Shibchar", "Kalkini")),
    "Shariatpur": (1, ("Naria", "Zajira", "Bhedarganj", "Gosairhat")),
    "Rajbari": (1, ("Goalanda", "Pangsha", "Baliakandi")),
    "Manikganj": (1, ("Singair", "Saturia", "Ghior", "Shibalaya")),
    "Munshiganj": (1, ("Sreenagar", "Lohajang", "Tongibari", "Gazaria")),
    "Narsingdi": (1, ("Belabo", "Monohardi", "Palash", "Raipura")),
    "Kishoreganj": (1, ("Bajitpur", "Bhairab", "Karimganj", "Pakundia")),
    "Netrokona": (1, ("Durgapur", "Kalmakanda", "Mohanganj", "Purbadhala")),
    "Jamalpur": (1, ("Dewanganj", "Islampur", "Melandaha", "Sarishabari")),
    "Sherpur": (1, ("Jhenaigati", "Nakla", "Nalitabari", "Sreebardi")),
    "Sirajganj": (1, ("Belkuchi", "Chauhali", "Kazipur", "Shahjadpur", "Ullahpara")),
    "Pabna": (1, ("Bera", "Chatmohar", "Ishwardi", "Santhia", "Sujanagar")),
    "Natore": (1, ("Baraigram", "Gurudaspur", "Lalpur", "Singra")),
    "Naogaon": (1, ("Atrai", "Badalgachhi", "Dhamoirhat", "Patnitala", "Porsha")),
    "Joypurhat": (1, ("Akkelpur", "Kalai", "Khetlal", "Panchbibi")),
    "Gaibandha": (1, ("Fulchhari", "Gobindaganj", "Palashbari", "Sadullapur")),
    "Nilphamari": (1, ("Dimla", "Domar", "Jaldhaka", "Kishoreganj", "Saidpur")),
    "Panchagarh": (1, ("Atwari", "Boda", "Debiganj", "Tetulia")),
    "Thakurgaon": (1, ("Baliadangi", "Haripur", "Pirganj", "Ranisankail")),
    "Habiganj": (1, ("Bahubal", "Baniyachong", "Chunarughat", "Madhabpur", "Nabiganj")),
    "Brahmanbaria": (1, ("Akhaura", "Ashuganj", "Kasba", "Nabinagar", "Sarail")),
    "Chandpur": (1, ("Faridganj", "Haimchar", "Hajiganj", "Kachua", "Matlab")),
    "Lakshmipur": (1, ("Raipur", "Ramganj", "Ramgati", "Kamalnagar")),
    "Rangamati": (1, ("Kaptai", "Kawkhali", "Langadu", "Naniarchar")),
    "Khagrachhari": (1, ("Dighinala", "Lakshmichhari", "Mahalchhari", "Panchhari")),
    "Bandarban": (1, ("Lama", "Naikhongchhari", "Rowangchhari", "Thanchi")),
    "Barguna": (1, ("Amtali", "Bamna", "Betagi", "Patharghata")),
}
IN_DISTRICTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "North 24 Parganas": (
        6,
        (
            "Basirhat",
            "Bongaon",
            "Sandeshkhali",
            "Hingalganj",
            "Barasat",
            "Habra",
            "Gaighata",
            "Swarupnagar",
        ),
    ),
    "South 24 Parganas": (
        6,
        (
            "Canning",
            "Diamond Harbour",
            "Kakdwip",
            "Baruipur",
            "Jaynagar",
            "Gosaba",
            "Basanti",
            "Sagar",
        ),
    ),
    "Murshidabad": (3, ("Berhampore", "Lalbagh", "Domkal", "Jangipur", "Jalangi")),
    "Nadia": (3, ("Krishnanagar", "Ranaghat", "Tehatta", "Karimpur", "Chakdaha")),
    "Malda": (2, ("English Bazar", "Kaliachak", "Habibpur", "Ratua")),
    "Kolkata": (2, ("Tollygunge", "Garden Reach", "Kasba", "Behala")),
    "Howrah": (2, ("Uluberia", "Bally", "Domjur", "Sankrail")),
    "Hooghly": (1, ("Chinsurah", "Serampore", "Arambagh", "Tarakeswar")),
    "Bardhaman": (1, ("Kalna", "Katwa", "Memari", "Asansol")),
    "Medinipur": (1, ("Kharagpur", "Ghatal", "Debra", "Salboni")),
    "Jalpaiguri": (1, ("Mal", "Rajganj", "Dhupguri", "Maynaguri")),
    "Cooch Behar": (1, ("Dinhata", "Mathabhanga", "Tufanganj", "Sitai")),
    "Darjeeling": (1, ("Siliguri", "Kurseong", "Mirik", "Naxalbari")),
    "Mumbai Suburban": (1, ("Andheri", "Kurla", "Borivali")),
    "Pune": (1, ("Haveli", "Mulshi", "Khed")),
}
RENAMED = {
    "Jessore": "Jashore",
    "Chittagong": "Chattogram",
    "Barisal": "Barishal",
    "Bogra": "Bogura",
    "Comilla": "Cumilla",
    "Kolkata": "Calcutta",
    "Bardhaman": "Burdwan",
    "Medinipur": "Midnapore",
    "Hooghly": "Hugli",
    "Jhalokati": "Jhalakathi",
    "Netrokona": "Netrakona",
    "Moulvibazar": "Maulvibazar",
}
VILLAGES = """Rampur Chandpur Madhabpur Kamalpur Shibpur Gopalpur Noapara Purbapara Uttarpara
Dakshinpara Kashipur Hazirhat Sonatola Krishnapur Ramnagar Balipara Charpara Nischintapur
Fulbari Kalikapur Bhabanipur Durgapur Haripur Jagannathpur Laxmipur Mohammadpur Nayagram
Paschimpara Radhanagar Sultanpur Taltola Amtali Baliadanga Bamandanga Bheramara Chaltabaria
Dhopadi Gobindapur Hatbaria Jaliapara Kadamtala Kanaipur Khalishpur Kumarkhali Maheshpur
Nandanpur Notunhat Pachpota Rajapur Saharbati Shantipur Sreerampur Tentulia Ulashi Basantapur
Bishnupur Chandidaspur Debipur Fatehpur Ghoshpara Hossainpur Islampur Jamalpur Karimpur
Lakshmikanthapur Majhpara Nabagram Panchpota Rasulpur Sankarpur Tarapur Aminpur Banskhali
Char Kukri Dighirpar Gangarampur Kaliganj Bazar Madhupur Nilganj Putkhali Sadipur Shyampur"""
VILLAGES_P = VILLAGES.split()

# --- helpers -----------------------------------------------------------------------------
_VOWEL_SWAPS = (
    ("a", "o"),
    ("o", "a"),
    ("i", "ee"),
    ("ee", "i"),
    ("u", "oo"),
    ("oo", "u"),
    ("e", "a"),
    ("i", "e"),
    ("u", "o"),
)
_CONSONANT_SWAPS = (
    ("sh", "s"),
    ("s", "sh"),
    ("kh", "k"),
    ("k", "kh"),
    ("th", "t"),
    ("z", "j"),
    ("j", "z"),
    ("ph", "f"),
    ("v", "b"),
    ("b", "v"),
    ("y", "i"),
    ("i", "y"),
    ("w", "o"),
    ("ch", "c"),
    ("dh", "d"),
    ("bh", "b"),
)


def transliterate(word: str, rng: random.Random) -> str:
    """Another way an officer might write the same sound."""
    for _ in range(4):
        written, other = rng.choice(_VOWEL_SWAPS + _CONSONANT_SWAPS)
        at = word.lower().find(written, 1)
        if at > 0:
            new = word[:at] + other + word[at + len(written) :]
            return new[0].upper() + new[1:] if word[0].isupper() else new
    return word


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: a letter dropped, doubled, swapped or changed."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at] + word[at:]
    if kind == 2:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + rng.choice("aeiounrstlmk") + word[at + 1 :]


def _zipf_choice(rng: random.Random, pool: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    # Common names are much commoner: weight 1/rank^0.7 (a Zipf-like tail).
    weights = _ZIPF.get(len(pool))
    if weights is None:
        weights = _ZIPF[len(pool)] = list(
            itertools.accumulate(1 / (r + 1) ** 0.7 for r in range(len(pool)))
        )
    return rng.choices(pool, cum_weights=weights)[0]


_ZIPF: dict[int, list[float]] = {}


@dataclass(frozen=True)
class Person:
    """The truth about one made-up person."""

    person_id: str
    country: str
    sex: str
    given: tuple[str, ...]  # spellings of the given name (the first is the usual one)
    family: tuple[str, ...]
    nickname: str | None
    father: tuple[tuple[str, ...], ...]  # words, each with its spellings
    father_prefix: bool
    mother: tuple[tuple[str, ...], ...]
    birth_date: date
    district: str
    subdistrict: str
    village: str
    phone: str
    id_number: str


def _person(rng: random.Random, number: int) -> Person:
    country = "BD" if rng.random() < 0.75 else "IN"
    sex = "female" if rng.random() < 0.8 else "male"
    hindu = rng.random() < (0.15 if country == "BD" else 0.8)
    if country == "BD" and not hindu:
        father_first = _zipf_choice(rng, BD_MALE_FIRST_P)
        father_family = _zipf_choice(rng, BD_MALE_SECOND_P)
        girls, family_pool = BD_GIRLS_P, BD_GIRL_FAMILY_P
        boys = BD_MALE_FIRST_P
    elif country == "BD":
        father_first = _zipf_choice(rng, HINDU_MALE_FIRST_P)
        father_family = _zipf_choice(rng, HINDU_FAMILY_P)
        girls, family_pool, boys = BD_HINDU_GIRLS_P, None, HINDU_MALE_FIRST_P
    elif hindu:
        father_first = _zipf_choice(rng, IN_MALE_FIRST_P)
        father_family = _zipf_choice(rng, IN_FAMILY_P)
        girls, family_pool, boys = IN_GIRLS_P, None, IN_MALE_FIRST_P
    else:
        father_first = _zipf_choice(rng, BD_MALE_FIRST_P)
        father_family = _zipf_choice(rng, IN_FAMILY_P[-6:])
        girls, family_pool, boys = IN_GIRLS_P, IN_MUSLIM_GIRL_FAMILY_P, BD_MALE_FIRST_P
    if sex == "female":
        given = _zipf_choice(rng, girls)
        # Muslim girls mostly take Akter/Khatun/Begum; Hindu girls their father's name.
        family = (
            _zipf_choice(rng, family_pool) if family_pool and rng.random() < 0.75 else father_family
        )
    else:
        given = _zipf_choice(rng, boys)
        family = father_family
    mother_given = _zipf_choice(rng, girls)
    mother_family = _zipf_choice(rng, family_pool) if family_pool else father_family
    districts = BD_DISTRICTS if country == "BD" else IN_DISTRICTS
    names = list(districts)
    district = rng.choices(names, weights=[districts[d][0] for d in names])[0]
    subdistrict = rng.choice(districts[district][1])
    age_years = rng.choice((rng.randint(8, 17), rng.randint(8, 17), rng.randint(18, 35)))
    birth = TODAY - timedelta(days=int(age_years * 365.25) + rng.randrange(365 * 6))
    if country == "BD":
        phone = f"01{rng.choice('3456789')}{rng.randrange(10**8):08d}"
        id_number = f"{birth.year}{rng.randrange(10**13):013d}"  # birth registration number
    else:
        phone = f"+91 {rng.choice('6789')}{rng.randrange(10**9):09d}"
        id_number = f"{rng.randrange(10**12):012d}"  # Aadhaar-like
    return Person(
        person_id=f"P{number:07d}",
        country=country,
        sex=sex,
        given=given,
        family=family,
        nickname=rng.choice(NICKNAMES_P) if rng.random() < 0.45 else None,
        father=(father_first, father_family),
        father_prefix=country == "BD" and not hindu,
        mother=((mother_given, mother_family)),
        birth_date=birth,
        district=district,
        subdistrict=subdistrict,
        village=rng.choice(VILLAGES_P),
        phone=phone,
        id_number=id_number,
    )


@dataclass(frozen=True)
class Noise:
    """How carefully one kind of source writes a person down."""

    variant: float  # a transliteration variant, per word
    typo: float  # a typing error, per name
    family_missing: float
    swapped: float
    nickname_as_given: float
    nickname_in_other_names: float
    father: float
    father_first_word_only: float
    mother: float
    birth_date: float
    age_error_sd: float  # years
    age_far_off: float  # share of estimates 3–5 years off
    district: float
    renamed_district: float
    wrong_district: float
    subdistrict: float
    village: float
    phone: float
    phone_typo: float
    id_number: float
    sex: float


POLICE_REPORT = Noise(
    variant=0.15,
    typo=0.03,
    family_missing=0.03,
    swapped=0.01,
    nickname_as_given=0.02,
    nickname_in_other_names=0.5,
    father=0.95,
    father_first_word_only=0.05,
    mother=0.7,
    birth_date=0.35,
    age_error_sd=0.4,
    age_far_off=0.0,
    district=0.99,
    renamed_district=0.3,
    wrong_district=0.0,
    subdistrict=0.9,
    village=0.85,
    phone=0.75,
    phone_typo=0.02,
    id_number=0.25,
    sex=1.0,
)
FOUND_PERSON = Noise(
    variant=0.35,
    typo=0.08,
    family_missing=0.2,
    swapped=0.05,
    nickname_as_given=0.1,
    nickname_in_other_names=0.3,
    father=0.85,
    father_first_word_only=0.25,
    mother=0.45,
    birth_date=0.05,
    age_error_sd=1.5,
    age_far_off=0.08,
    district=0.88,
    renamed_district=0.3,
    wrong_district=0.04,
    subdistrict=0.5,
    village=0.45,
    phone=0.3,
    phone_typo=0.1,
    id_number=0.05,
    sex=0.98,
)


def _write_word(spellings: tuple[str, ...], noise: Noise, rng: random.Random) -> str:
    word = spellings[0]
    if rng.random() < noise.variant:
        word = rng.choice(spellings[1:]) if len(spellings) > 1 else transliterate(word, rng)
    return word


def _write_name(words: Sequence[tuple[str, ...]], noise: Noise, rng: random.Random) -> str:
    written = [_write_word(w, noise, rng) for w in words]
    if rng.random() < noise.typo:
        at = rng.randrange(len(written))
        written[at] = typo(written[at], rng)
    return " ".join(written)


def _write(
    person: Person, record_id: str, seen_on: date, noise: Noise, rng: random.Random
) -> PersonRecord:
    given = _write_name([person.given], noise, rng)
    family: str | None = _write_name([person.family], noise, rng)
    other_names = None
    if person.nickname and rng.random() < noise.nickname_as_given:
        given, family = person.nickname, None if rng.random() < 0.5 else family
    elif person.nickname and rng.random() < noise.nickname_in_other_names:
        other_names = person.nickname
    if family and rng.random() < noise.family_missing:
        family = None
    if family and rng.random() < noise.swapped:
        given, family = family, given
    father = None
    if rng.random() < noise.father:
        words = person.father[:1] if rng.random() < noise.father_first_word_only else person.father
        father = _write_name(words, noise, rng)
        if person.father_prefix and rng.random() < 0.5:
            father = f"{rng.choice(HONORIFIC_SPELLINGS)} {father}"
    mother = _write_name(person.mother, noise, rng) if rng.random() < noise.mother else None
    birth_date = age = reported_on = None
    if rng.random() < noise.birth_date:
        birth_date = person.birth_date
    else:
        true_age = (seen_on - person.birth_date).days / 365.25
        if rng.random() < noise.age_far_off:
            estimate = true_age + rng.choice((-1, 1)) * rng.uniform(3, 5)
        else:
            estimate = rng.gauss(true_age, noise.age_error_sd)
        age, reported_on = max(1, int(round(estimate))), seen_on
    district = subdistrict = village = None
    if rng.random() < noise.district:
        district = person.district
        if rng.random() < noise.wrong_district:
            table = BD_DISTRICTS if person.country == "BD" else IN_DISTRICTS
            district = rng.choice(list(table))
        if district in RENAMED and rng.random() < noise.renamed_district:
            district = RENAMED[district]
        if rng.random() < noise.subdistrict:
            subdistrict = person.subdistrict
        if rng.random() < noise.village:
            village = person.village
    phone = None
    if rng.random() < noise.phone:
        phone = person.phone
        if rng.random() < noise.phone_typo:
            at = rng.randrange(len(phone) - 6, len(phone))
            phone = phone[:at] + rng.choice("0123456789") + phone[at + 1 :]
    return PersonRecord(
        record_id=record_id,
        given_name=given,
        family_name=family,
        other_names=other_names,
        sex=person.sex if rng.random() < noise.sex else None,
        birth_date=birth_date,
        age=age,
        age_reported_on=reported_on,
        father_name=father,
        mother_name=mother,
        country=person.country if rng.random() < 0.95 else None,
        district=district,
        subdistrict=subdistrict,
        village=village,
        phone=phone,
        id_number=person.id_number if rng.random() < noise.id_number else None,
    )


@dataclass
class Dataset:
    reports: list[PersonRecord]
    found: list[PersonRecord]
    person_of: dict[str, str] = field(default_factory=dict)  # record_id -> person_id

    def true_links(self) -> set[tuple[str, str]]:
        """(found record_id, report record_id) of the same person."""
        by_person: dict[str, list[str]] = {}
        for report in self.reports:
            by_person.setdefault(self.person_of[report.record_id], []).append(report.record_id)
        return {
            (f.record_id, r)
            for f in self.found
            for r in by_person.get(self.person_of[f.record_id], ())
        }

    def true_duplicates(self) -> set[tuple[str, str]]:
        """Pairs of reports of the same person, smaller record_id first."""
        by_person: dict[str, list[str]] = {}
        for report in self.reports:
            by_person.setdefault(self.person_of[report.record_id], []).append(report.record_id)
        return {(a, b) for ids in by_person.values() for a in ids for b in ids if a < b}


def generate(
    *,
    reports: int,
    found: int,
    seed: int = 7,
    reported_share: float = 0.75,
    duplicate_share: float = 0.03,
) -> Dataset:
    """`reports` missing-person reports and `found` found persons, of whom `reported_share`
    have a report; `duplicate_share` of reported persons were reported twice."""
    rng = random.Random(seed)
    people_reported = max(1, round(reports / (1 + duplicate_share)))
    data = Dataset(reports=[], found=[])
    people = [_person(rng, n) for n in range(people_reported)]
    report_dates: dict[str, date] = {}
    for person in people:
        copies = 2 if rng.random() < duplicate_share else 1
        for _ in range(copies):
            if len(data.reports) >= reports:
                break
            record_id = f"R{len(data.reports) + 1:07d}"
            reported_on = TODAY - timedelta(days=rng.randrange(30, 365 * 8))
            report_dates.setdefault(person.person_id, reported_on)
            data.reports.append(_write(person, record_id, reported_on, POLICE_REPORT, rng))
            data.person_of[record_id] = person.person_id
    with_report = rng.sample(people, min(len(people), round(found * reported_share)))
    strangers = [_person(rng, people_reported + n) for n in range(found - len(with_report))]
    for number, person in enumerate(with_report + strangers):
        record_id = f"F{number + 1:07d}"
        since = report_dates.get(person.person_id, TODAY - timedelta(days=365 * 3))
        seen_on = min(TODAY, since + timedelta(days=rng.choice((2, 10, 60, 400, 900))))
        data.found.append(_write(person, record_id, seen_on, FOUND_PERSON, rng))
        data.person_of[record_id] = person.person_id
    rng.shuffle(data.found)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--found", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data = generate(reports=args.reports, found=args.found, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(data.reports, args.out / "reports.csv")
    write_csv(data.found, args.out / "found.csv")
    with (args.out / "truth.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows(sorted(data.person_of.items()))
    print(
        f"{len(data.reports)} reports, {len(data.found)} found, "
        f"{len(data.true_links())} true links -> {args.out}"
    )


if __name__ == "__main__":
    main()
