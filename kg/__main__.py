"""``python -m kg``."""

from .cli import main

if __name__ == "__main__":  # worker processes re-import this module: never run the CLI there
    main(prog_name="kg")
