"""Is this Python able to hold the project's .venv? (``make install`` runs it first.)

Run by the Python that would create ``.venv``, before anything is created. It stops
with exit status 1 and says what to install when

* the Python is older than 3.11 (Material for MkDocs 9.8 and Markdown 3.11 need 3.11;
  Debian 12's 3.11.2 is the oldest release the project tests), or
* its ``venv`` module cannot create an environment with pip in it (Debian and Ubuntu
  ship that part separately, in the ``python3-venv`` package).

Kept to syntax every Python 3 reads, so that an old interpreter gets the message
rather than a SyntaxError. The same floor is ``requires-python`` in pyproject.toml;
``scripts/check_pins.py`` proves the pins install on each supported version.
"""

import sys

MINIMUM = (3, 11)
HOW = """\
How to get one:
  - Debian 12 / Ubuntu 24.04:  sudo apt install python3 python3-venv   (Python 3.11.2 / 3.12)
  - any system, with pyenv:    pyenv install 3.13 && pyenv shell 3.13
  - or name one explicitly:    make install PYTHON=/path/to/python3.13
Then run make again (the Makefile picks the newest python3.14 … python3.11 on PATH)."""


def main():
    version = ".".join(str(part) for part in sys.version_info[:3])
    if sys.version_info[:2] < MINIMUM:
        sys.stderr.write(
            "make install: {} is Python {}; this project needs Python {}.{} or newer "
            "(3.11 to 3.14 are supported).\n{}\n".format(sys.executable, version, MINIMUM[0], MINIMUM[1], HOW)
        )
        return 1
    try:
        import ensurepip  # noqa: F401  (what `python -m venv` uses to put pip into .venv)
        import venv  # noqa: F401
    except ImportError:
        minor = "python3.{}".format(sys.version_info[1])
        sys.stderr.write(
            "make install: {} (Python {}) cannot create a virtual environment: its venv/ensurepip "
            "module is missing.\nOn Debian or Ubuntu: sudo apt install python3-venv  (or {}-venv)\n".format(
                sys.executable, version, minor
            )
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
