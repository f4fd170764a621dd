"""A run logged to the store's owner, or kept in a spool file until an owner takes it.

Every call goes to the owner named in `<db>.owner.json` (read again at every call: a new owner
may listen on another port). A call the owner does not acknowledge - no owner file, nothing
listening, a timeout, an owner dying mid-call - is appended to this run's spool file
`<db>.spool/<run key>.<pid>.jsonl`, and so is every later call of the run until the spool is
handed over: before each call the client replays its spool to an owner that answers, in order,
and deletes it. A spool left when the script ends is imported by the next owner of the store
(the app, `backprop serve`, or any command that opens the store). Every call is idempotent on
the owner's side, so a call replayed after the owner had stored it is stored once.
"""

import base64
import json
import math
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

from . import _wire
from ._paths import default_db_path, resolve_db_path

__all__ = ["BackpropError", "Run", "start_run", "resolve_db_path", "default_db_path"]

_TIMEOUT_SECONDS = 30
_FINAL_STATUSES = ("completed", "failed", "cancelled", "diverged")


class BackpropError(Exception):
    """The owner refused a call (bad input): the message names the field and what was expected."""

    def __init__(self, message, issues=None):
        super().__init__(message)
        self.issues = issues or []


class _Unreachable(Exception):
    """No owner acknowledged the call; it goes to the spool."""


def _read_owner(db_path):
    try:
        with open(db_path + ".owner.json", encoding="utf-8") as f:
            owner = json.load(f)
        return int(owner["port"]), str(owner["loginToken"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _Unreachable(f"no owner file: {error}") from error


def _post(db_path, method, args):
    """The owner's value for the call; BackpropError when it refuses the arguments."""
    port, token = _read_owner(db_path)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/call/{method}",
        data=_wire.encode(args, "arguments").encode("utf-8"),
        headers={"content-type": "application/json", "x-backprop-token": token},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            reply = _wire.decode(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        # A stale token, an owner failing: another owner may take it. A refusal of the call
        # itself (400 malformed, 404 not found, 409 wrong state) would be refused again.
        if error.code not in (400, 404, 409):
            raise _Unreachable(f"HTTP {error.code}") from error
        reply = _wire.decode(error.read().decode("utf-8"))
    except (OSError, ValueError) as error:  # refused, reset, timed out, a torn reply
        raise _Unreachable(str(error)) from error
    if reply.get("ok"):
        return reply.get("value")
    problem = reply.get("error") or {}
    issues = problem.get("issues") or []
    detail = "; ".join(f"{i.get('path')}: {i.get('message')}" for i in issues)
    raise BackpropError(f"{problem.get('message', 'refused')}" + (f" ({detail})" if detail else ""), issues)


def _check_values(values):
    if not isinstance(values, dict) or not values:
        raise TypeError("values must be a non-empty dict of metric name -> number, e.g. {'loss': 0.3}")
    checked = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"metric names must be non-empty strings, got {key!r}")
        try:
            checked[key] = float(value)
        except (TypeError, ValueError) as error:
            raise TypeError(f"values[{key!r}] must be a number, got {value!r}") from error
    return checked


def _json_default(value):
    """NumPy arrays and scalars as lists and numbers; anything else is not JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"a {type(value).__name__} has no JSON form")


def _name_problem(name):
    """Why a name cannot be a logged file's (the owner checks the same), or None."""
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        return "a file name must be 1 to 200 characters"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return "a file name must not hold control characters"
    if "/" in name or "\\" in name:
        return "a file name must not hold a path separator (/ or \\): give the name only"
    if ".." in name or name.startswith("."):
        return 'a file name must not hold ".." or start with "."'
    if not name.lower().endswith((".npy", ".npz", ".json")):
        return "a file name must end in .npy, .npz or .json"
    return None


def _check_count(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{name} must be a whole number >= 0, got {value!r}")
    return value


class Run:
    """One logged run. Make it with start_run(); use it as a context manager to finish it
    (status failed when the block raises)."""

    def __init__(self, db_path, key):
        self.db_path = db_path
        self.key = key
        self.id = None
        self._next_step = 0
        self._spool_path = os.path.join(db_path + ".spool", f"{key}.{os.getpid()}.jsonl")
        self._spooling = os.path.exists(self._spool_path)
        self._warned = False

    # -- the API -----------------------------------------------------------------------------

    def log(self, values, step=None, epoch=None):
        """Logs named numbers at a step (default: one after the last) and an optional epoch.
        NaN and +-Infinity are kept."""
        checked = _check_values(values)
        step = self._next_step if step is None else _check_count("step", step)
        point = {"step": step, "epoch": _check_count("epoch", epoch), "time": time.time(), "values": checked}
        self._call("tracking.log", {"run": self.key, "points": [point]})
        self._next_step = max(self._next_step, step + 1)

    def log_many(self, points):
        """Logs many points in one call (one transaction on the owner's side): each a dict of
        metric values with its optional "step" and "epoch", which are therefore not metric names
        here."""
        if not isinstance(points, (list, tuple)) or not points:
            raise TypeError("points must be a non-empty list of dicts {**values, 'step': ..., 'epoch': ...}")
        next_step = self._next_step
        now = time.time()
        wire = []
        for i, point in enumerate(points):
            if not isinstance(point, dict):
                raise TypeError(f"points[{i}] must be a dict, got {point!r}")
            values = {k: v for k, v in point.items() if k not in ("step", "epoch")}
            step = point.get("step")
            step = next_step if step is None else _check_count(f"points[{i}].step", step)
            epoch = _check_count(f"points[{i}].epoch", point.get("epoch"))
            wire.append({"step": step, "epoch": epoch, "time": now, "values": _check_values(values)})
            next_step = max(next_step, step + 1)
        self._call("tracking.log", {"run": self.key, "points": wire})
        self._next_step = next_step

    def log_file(self, path, name=None):
        """Logs the file at `path` with the run, under `name` (default: its file name): NumPy
        .npy / .npz (weights) or .json. The owner checks it and refuses, naming the file, what
        is not what its extension says. A name the run has is taken once: the same bytes again
        change nothing, other bytes are refused."""
        with open(path, "rb") as f:
            content = f.read()
        self._log_bytes(os.path.basename(path) if name is None else name, content)

    def log_json(self, name, obj):
        """Logs `obj` as the JSON file `name` (".json" added when missing). NaN and +-Infinity
        have no JSON form: they are refused."""
        file = name if name.lower().endswith(".json") else name + ".json"
        try:
            text = json.dumps(obj, allow_nan=False, default=_json_default)
        except ValueError as error:
            raise ValueError(f"{file}: {error}") from error
        self._log_bytes(file, text.encode("utf-8"))

    def _log_bytes(self, name, content):
        problem = _name_problem(name)
        if problem:
            shown = json.dumps(str(name)[:100], ensure_ascii=False)
            raise BackpropError(f"File {shown}: {problem}", [{"path": "name", "message": problem}])
        body = {
            "run": self.key,
            "name": name,
            "contentBase64": base64.b64encode(content).decode("ascii"),
            "time": time.time(),
        }
        self._call("tracking.logFile", body)

    def note(self, text):
        """Replaces the run's notes."""
        self._call("tracking.note", {"run": self.key, "text": str(text)})

    def set_status(self, status, error=None):
        body = {"run": self.key, "status": status}
        if error is not None:
            body["error"] = str(error)
        self._call("tracking.setStatus", body)

    def finish(self, status="completed", error=None):
        """Ends the run (completed, failed, cancelled or diverged)."""
        if status not in _FINAL_STATUSES:
            raise ValueError(f"status must be one of {', '.join(_FINAL_STATUSES)}, got {status!r}")
        body = {"run": self.key, "status": status}
        if error is not None:
            body["error"] = str(error)[:20000]
        self._call("tracking.finish", body)

    @property
    def spooled(self):
        """Whether calls are waiting in this run's spool file for an owner."""
        return self._spooling

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.finish()
        else:
            self.finish(status="failed", error=f"{kind.__name__}: {value}")
        return False

    # -- delivery ----------------------------------------------------------------------------

    def _call(self, method, body):
        line = _wire.encode({"method": method, "args": [body]}, "arguments")
        if self._spooling and not self._hand_over_spool():
            self._append(line)
            return None
        try:
            return self._remember(method, _post(self.db_path, method, [body]))
        except _Unreachable as why:
            self._warn(why)
            self._append(line)
            return None

    def _warn(self, why):
        """Says once per run that calls are being kept, and why (an owner failing shows here)."""
        if not self._warned:
            self._warned = True
            print(
                f"backprop_workbench: no owner took the call ({why}); keeping this run's calls in"
                f" {self._spool_path} until an owner takes them",
                file=sys.stderr,
            )

    def _remember(self, method, value):
        if method == "tracking.createRun" and isinstance(value, dict):
            self.id = value.get("id")
        return value

    def _append(self, line):
        os.makedirs(os.path.dirname(self._spool_path), mode=0o700, exist_ok=True)
        with open(self._spool_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        self._spooling = True

    def _hand_over_spool(self):
        """Replays the spool to an owner, in order; True when all of it was acknowledged (the
        file is then deleted)."""
        with open(self._spool_path, encoding="utf-8") as f:
            lines = [line for line in f.read().split("\n") if line.strip()]
        try:
            for line in lines:
                call = _wire.decode(line)
                self._remember(call["method"], _post(self.db_path, call["method"], call["args"]))
        except _Unreachable:
            return False
        os.remove(self._spool_path)
        self._spooling = False
        return True


def start_run(name=None, config=None, tags=None, experiment=None, notes=None, db=None):
    """Creates a run in the store (BACKPROP_DB, else the default store, or `db`) and returns it.

    config: any nested dict of JSON values (NumPy scalars and arrays are converted);
    tags: a list of strings."""
    if config is not None and not isinstance(config, dict):
        raise TypeError("config must be a dict")
    if tags is not None and (not isinstance(tags, (list, tuple)) or not all(isinstance(t, str) for t in tags)):
        raise TypeError("tags must be a list of strings")
    run = Run(resolve_db_path(db), str(uuid.uuid4()))
    body = {"run": run.key, "time": time.time()}
    for field, value in (("name", name), ("experiment", experiment), ("notes", notes)):
        if value is not None:
            body[field] = str(value)
    if config is not None:
        _wire.encode(config, "config")  # refuses what is not JSON before anything is sent
        body["config"] = config
    if tags is not None:
        body["tags"] = list(tags)
    run._call("tracking.createRun", body)
    return run
