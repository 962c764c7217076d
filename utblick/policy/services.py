"""Loading a policy profile into the database (implemented next to the profile format)."""
