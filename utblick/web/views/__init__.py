"""The web interface's views: thin functions, each with an access rule (see `core.access`)."""
