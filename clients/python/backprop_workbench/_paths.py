"""Where the store is: the same rules as the workbench's CLI (src-main/core/paths.ts)."""

import ntpath
import os
import posixpath
import sys

DB_FILE_NAME = "workbench.db"


def _path_module(platform):
    """The path rules of `platform`, whatever platform this runs on (as paths.ts does)."""
    return ntpath if platform.startswith("win") else posixpath


def _absolute_env(env, name, path):
    """An environment folder counts only when absolute (the XDG spec ignores relative ones)."""
    value = env.get(name)
    return value if value and path.isabs(value) else None


def default_data_dir(platform=None, env=None, home=None):
    """The per-user data folder of the workbench on this platform."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    home = home or os.path.expanduser("~")
    path = _path_module(platform)
    if platform == "darwin":
        return path.join(home, "Library", "Application Support", "Backprop Workbench")
    if platform.startswith("win"):
        app_data = _absolute_env(env, "APPDATA", path) or path.join(home, "AppData", "Roaming")
        return path.join(app_data, "Backprop Workbench")
    xdg = _absolute_env(env, "XDG_DATA_HOME", path) or path.join(home, ".local", "share")
    return path.join(xdg, "backprop-workbench")


def default_db_path(platform=None, env=None, home=None):
    platform = platform or sys.platform
    return _path_module(platform).join(default_data_dir(platform, env, home), DB_FILE_NAME)


def resolve_db_path(explicit=None, env=None):
    """The store: `explicit`, else BACKPROP_DB, else the default data folder's workbench.db."""
    env = os.environ if env is None else env
    if explicit:
        return os.fspath(explicit)
    if env.get("BACKPROP_DB"):
        return env["BACKPROP_DB"]
    return default_db_path(env=env)
