"""A short profile a new organisation might write on its first afternoon: one document, one
priority area and one routine (every committee has a contact person in the EU network)."""

PROFILE = """\
format = 2

[organisation]
code = "{code}"
name = "{name}"

[[documents]]
key = "policy"
title = "Policy för internationellt arbete"
kind = "policy"
status = "adopted"
adopted_by = "council"
adopted_on = 2026-10-01

[[priority_areas]]
key = "kunskap"
name = "Kunskapsutbyte"

[[routines]]
key = "kontaktperson-per-namnd"
requirement = "M2"
description = "Varje nämnd utser en kontaktperson i EU-nätverket."
family = "required_fact"
register = "units"
when = {{ kind__in = ["committee"] }}
require = {{ contact_person_count__gte = 1 }}
within_days = 30
responsible = "executive_office"
title = "Utse en kontaktperson i EU-nätverket för {{record}}"
"""


def minimal_profile(code: str, name: str = "Helsingborgs stad") -> str:
    return PROFILE.format(code=code, name=name)
