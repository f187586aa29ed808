from mukti.cases.services import share_case
from mukti.people import selectors, services
from tests.factories import make_case, make_person


def _survivor(story, given, family="", **extra):
    person = make_person(
        actor=story.caseworker, office=story.office, given_name=given, family_name=family, **extra
    )
    make_case(actor=story.caseworker, survivor=person)
    return person


def test_name_search_finds_common_transliteration_variants(story):
    akter = _survivor(story, "Mosammat", "Akhter")
    begum = _survivor(story, "Rahima", "Begum")
    for query, expected in [
        ("Mst. Akter", akter),
        ("Mosamat Aktar", akter),
        ("rahima begom", begum),
        ("RAHIMA BEGUM", begum),
    ]:
        found = selectors.persons_named(story.colleague, name=query)
        assert [p.pk for p in found] == [expected.pk], query


def test_every_word_of_the_query_must_match(story):
    _survivor(story, "Rina", "Akter")
    assert selectors.persons_named(story.colleague, name="Rina Begum") == []


def test_romanian_diacritics_and_thai_script_names_are_found(story):
    stefan = _survivor(story, "Ștefan", "Popescu", nationality="RO")
    somchai = _survivor(story, "สมชาย", "ใจดี", script="Thai")
    bengali = _survivor(story, "রিনা", "আক্তার", script="Beng")
    assert [p.pk for p in selectors.persons_named(story.colleague, name="Stefan Popescu")] == [
        stefan.pk
    ]
    assert [p.pk for p in selectors.persons_named(story.colleague, name="สมชาย")] == [somchai.pk]
    assert [p.pk for p in selectors.persons_named(story.colleague, name="রিনা আক্তার")] == [bengali.pk]
    assert somchai.display_name == "สมชาย ใจดี"


def test_phone_search_matches_with_or_without_the_country_code(story):
    person = _survivor(story, "Rina", "Akter", phone="01712-345678")
    found = selectors.persons_with_phone(story.colleague, phone="+880 1712 345678")
    assert [p.pk for p in found] == [person.pk]


def test_an_outsider_finds_nobody_by_name_or_phone(story):
    _survivor(story, "Rina", "Akter", phone="01712345678")
    assert selectors.persons_named(story.outsider, name="Rina Akter") == []
    assert not selectors.persons_with_phone(story.outsider, phone="01712345678").exists()


def test_possible_duplicates_show_visible_matches_and_only_count_the_rest(story):
    from mukti.accounts.roles import Role
    from tests.factories import TeamFactory, make_member

    visible = _survivor(story, "Rina", "Akter", birth_date=None)
    other_team_worker = make_member(role=Role.CASEWORKER, team=TeamFactory(office=story.office))
    hidden = make_person(
        actor=other_team_worker, office=story.office, given_name="Reena", family_name="Aktar"
    )
    make_case(actor=other_team_worker, survivor=hidden)
    duplicates = selectors.possible_duplicates(
        story.caseworker, organisation_id=story.organisation.pk, name="Rina Akhter"
    )
    assert [p.pk for p in duplicates.visible] == [visible.pk]
    assert duplicates.elsewhere == 1
    # Another organisation's Rina is not even counted.
    outsiders = selectors.possible_duplicates(
        story.outsider,
        organisation_id=story.outsider.memberships.get().office.organisation_id,
        name="Rina Akter",
    )
    assert (outsiders.visible, outsiders.elsewhere) == ([], 0)


def test_relatives_of_a_visible_survivor_are_visible(story):
    survivor = _survivor(story, "Rina", "Akter")
    father = make_person(actor=story.caseworker, office=story.office, given_name="Abdul")
    services.relate_persons(actor=story.caseworker, person=survivor, relative=father, kind="father")
    assert selectors.persons_visible_to(story.colleague).filter(pk=father.pk).exists()
    assert not selectors.persons_visible_to(story.outsider).filter(pk=father.pk).exists()


def test_a_shared_case_makes_its_survivor_visible(story):
    from mukti.accounts.roles import Role
    from tests.factories import make_member

    survivor = _survivor(story, "Rina", "Akter")
    case = survivor.cases.get()
    manager = make_member(role=Role.PROGRAMME_MANAGER, office=story.office)
    share_case(actor=manager, case=case, user=story.outsider, reason="cross-border tracing")
    assert selectors.persons_visible_to(story.outsider).filter(pk=survivor.pk).exists()
