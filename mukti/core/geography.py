"""Countries Mukti's users work in and with (ISO 3166 alpha-2 codes, alpha-3 for exports)."""

from django.utils.translation import gettext_lazy as _

# alpha-2 -> (alpha-3, name). Add rows here for a new programme country.
COUNTRIES = {
    "AE": ("ARE", _("United Arab Emirates")),
    "AF": ("AFG", _("Afghanistan")),
    "AL": ("ALB", _("Albania")),
    "BD": ("BGD", _("Bangladesh")),
    "BG": ("BGR", _("Bulgaria")),
    "BT": ("BTN", _("Bhutan")),
    "CN": ("CHN", _("China")),
    "DE": ("DEU", _("Germany")),
    "ES": ("ESP", _("Spain")),
    "FR": ("FRA", _("France")),
    "GB": ("GBR", _("United Kingdom")),
    "GR": ("GRC", _("Greece")),
    "HU": ("HUN", _("Hungary")),
    "ID": ("IDN", _("Indonesia")),
    "IE": ("IRL", _("Ireland")),
    "IN": ("IND", _("India")),
    "IT": ("ITA", _("Italy")),
    "JO": ("JOR", _("Jordan")),
    "KH": ("KHM", _("Cambodia")),
    "KW": ("KWT", _("Kuwait")),
    "LA": ("LAO", _("Laos")),
    "LK": ("LKA", _("Sri Lanka")),
    "LB": ("LBN", _("Lebanon")),
    "MD": ("MDA", _("Moldova")),
    "MM": ("MMR", _("Myanmar")),
    "MY": ("MYS", _("Malaysia")),
    "NG": ("NGA", _("Nigeria")),
    "NL": ("NLD", _("Netherlands")),
    "NP": ("NPL", _("Nepal")),
    "OM": ("OMN", _("Oman")),
    "PH": ("PHL", _("Philippines")),
    "PK": ("PAK", _("Pakistan")),
    "PL": ("POL", _("Poland")),
    "QA": ("QAT", _("Qatar")),
    "RO": ("ROU", _("Romania")),
    "SA": ("SAU", _("Saudi Arabia")),
    "SG": ("SGP", _("Singapore")),
    "TH": ("THA", _("Thailand")),
    "UA": ("UKR", _("Ukraine")),
    "US": ("USA", _("United States")),
    "VN": ("VNM", _("Viet Nam")),
}

COUNTRY_CHOICES = [(code, name) for code, (_alpha3, name) in COUNTRIES.items()]


def alpha3(country_code: str) -> str:
    return COUNTRIES[country_code][0]
