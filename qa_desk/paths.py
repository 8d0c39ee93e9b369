"""Where the shipped data lives and where the user's database goes.

resources/ and forms/ sit at the top of the source tree, and a wheel carries them inside the package as
``qa_desk/_data``. Both are found through importlib.resources relative to the package, never relative to
the working directory, so ``qa-desk`` works from any folder and from an editable or a plain install.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "QA Desk"
APP_AUTHOR = "QA Desk"
DB_FILE_NAME = "qa_desk.sqlite3"


def _data_root(name: str) -> Path:
    packaged = resources.files("qa_desk") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    # Running from a source checkout (editable install or tests): the top-level folder beside the package.
    source = Path(str(resources.files("qa_desk"))).parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"QA Desk data folder '{name}' is missing from the installation")


def resources_dir() -> Path:
    return _data_root("resources")


def forms_dir() -> Path:
    return _data_root("forms")


def policy_dir() -> Path:
    return resources_dir() / "policy"


def font_path() -> Path:
    """The primary font of screen and print: WenQuanYi Micro Hei (GB 2312 and most of the 8,105 characters)."""
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def symbols_font_path() -> Path:
    """Latin and symbols the primary font cannot draw (℃, ℉, pinyin tone letters), sans-serif: resources/fonts."""
    return resources_dir() / "fonts" / "qadesk-symbols.ttf"


def fallback_font_path() -> Path:
    """The CJK characters neither font before it draws (Extension A–F: 䶮 𬌗 𫖮): see resources/fonts."""
    return resources_dir() / "fonts" / "qadesk-fallback.ttf"


def font_paths() -> list[Path]:
    """The font chain in lookup order, for Qt and for the PDFs."""
    return [font_path(), symbols_font_path(), fallback_font_path()]


def default_db_path() -> Path:
    """The database the app opens when none is named: $QA_DESK_DB, else the user's data directory."""
    env = os.environ.get("QA_DESK_DB")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, APP_AUTHOR)) / DB_FILE_NAME
