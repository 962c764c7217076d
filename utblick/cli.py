"""The `utblick` console command: the project's management commands.

`utblick profile check FILE` is `manage.py profile check FILE` with the project's settings.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utblick.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["utblick", *sys.argv[1:]])


if __name__ == "__main__":
    main()
