"""Each register's description (utblick.registry) names its fields once, in its sections."""

from collections import Counter

from utblick.registry import REGISTERS


def test_the_sections_name_each_field_once():
    for register in REGISTERS:
        named = Counter(name for section in register.sections for name in section.fields)
        assert max(named.values()) == 1, register.key


def test_the_fields_and_the_links_to_many_records_share_out_the_sections():
    for register in REGISTERS:
        assert set(register.fields) | set(register.m2m) == set(register.form_fields)
        assert not set(register.fields) & set(register.m2m)
        for name in register.m2m:
            assert register.model._meta.get_field(name).many_to_many, (register.key, name)


def test_only_the_applications_move_along_a_lifecycle():
    assert [r.key for r in REGISTERS if r.lifecycle] == ["applications"]


def test_list_columns_and_related_records_are_real_fields():
    for register in REGISTERS:
        for column in register.columns:
            register.model._meta.get_field(column)
        for related in register.related:
            model = register.model._meta.get_field(related.accessor).related_model
            for column in related.columns:
                model._meta.get_field(column)


def test_the_navigation_lists_the_registers_in_the_briefs_order(world, signed_in):
    html = signed_in(world.carol).get("/").content.decode()
    nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    titles = [
        "Översikt",
        "Medlemskap i nätverk",
        "Partnerskap och avtal",
        "Ansökningar och projekt",
        "Besök och resor",
        "Omvärldsbevakning",
        "Aktiviteter",
        "Ärenden och beslut",
        "Organisation",
        "Enheter",
        "Personer",
        "Kontaktpersoner",
    ]
    positions = [nav.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)


def test_the_header_names_the_municipality_and_the_role(world, signed_in):
    html = signed_in(world.bob).get("/").content.decode()
    header = html.split("</header>", 1)[0]
    assert "Testkommun A" in header and "Enhetsredaktör" in header
