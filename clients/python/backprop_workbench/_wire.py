"""The workbench's wire encoding: JSON, with NaN and +-Infinity as {"$num": "NaN"} etc."""

import json
import math

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _name_of(number):
    if math.isnan(number):
        return "NaN"
    return "Infinity" if number > 0 else "-Infinity"


def _encodable(value, path):
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$num": _name_of(value)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings, got {key!r}")
            out[key] = _encodable(item, f"{path}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [_encodable(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if hasattr(value, "item"):  # a NumPy scalar
        return _encodable(value.item(), path)
    if hasattr(value, "tolist"):  # a NumPy array
        return _encodable(value.tolist(), path)
    raise TypeError(f"{path}: {type(value).__name__} is not JSON (expected numbers, text, lists, dicts)")


def encode(value, what="value"):
    return json.dumps(_encodable(value, what), allow_nan=False, separators=(",", ":"))


def _decode_object(obj):
    if len(obj) == 1 and "$num" in obj and obj["$num"] in _SPECIAL:
        return _SPECIAL[obj["$num"]]
    return obj


def decode(text):
    return json.loads(text, object_hook=_decode_object)
