"""The web's registers follow the shared spec (core.registry): no field can go missing or drift."""

from collections import Counter

from utblick.core.registry import REGISTERS
from utblick.web.registers import WEB_REGISTERS


def test_every_shared_register_has_a_web_register():
    assert [r.spec.path for r in WEB_REGISTERS] == [spec.path for spec in REGISTERS]


def test_the_sections_name_every_field_of_the_spec_exactly_once():
    for register in WEB_REGISTERS:
        named = Counter(name for section in register.sections for name in section.fields)
        assert set(named) == set(register.form_fields), register.key
        assert max(named.values()) == 1, register.key


def test_list_columns_and_related_records_are_real_fields():
    for register in WEB_REGISTERS:
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
