"""The follow-up pages: plans, goals, unit reports, the yearly report, the public page."""
