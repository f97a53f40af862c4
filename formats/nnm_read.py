#!/usr/bin/env python3
"""An independent reader of the .nnm v1 binary encoding, written from formats/nnm-v1.md alone.

Standard library only. It decodes a binary file with every check the specification requires
and prints the model's canonical JSON encoding (the "JSON twin"), so its output can be compared
byte for byte with the Swift codec's.

    nnm_read.py FILE.nnm             print the canonical JSON encoding of FILE.nnm
    nnm_read.py --check-vectors DIR  decode DIR/valid/*.nnm and compare with DIR/valid/*.json;
                                     decode DIR/invalid/*.nnm and compare the error code with
                                     the first line of DIR/invalid/*.error; exit 1 on a mismatch
"""

import base64
import json
import math
import os
import re
import struct
import sys
import unicodedata

MAGIC = b"\x89NNM\r\n\x1a\n"
HEADER_SIZE = 32
ENTRY_SIZE = 32
ALIGNMENT = 64
SUPPORTED = (1, 1)
# The empty, required section that gates output normalization (format 1.1).
GATE_TYPE = "v1.1"
MAX_LAYERS = 256
MAX_UNITS = 1 << 20
MAX_PARAMETERS = 1 << 34
MAX_SECTIONS = 1024
MAX_EXTRA_SECTIONS = 64
MAX_EXTRA_SECTION_BYTES = 1 << 30
MAX_META_BYTES = 16 << 20
MAX_STRING_BYTES = 65536
MAX_MAP_ENTRIES = 4096
MAX_LIST_ENTRIES = 1 << 20
MAX_DEPTH = 32
MAX_COUNTER = (1 << 53) - 1  # data_rows, epochs (spec §5.6)
CREATED_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z")
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "softmax"]
DTYPES = {"f32": ("<f", 4), "f64": ("<d", 8)}


class NNMError(Exception):
    """A decoding error with the specification's error code."""

    def __init__(self, code, message, offset=None):
        super().__init__(message)
        self.code = code
        self.offset = offset

    def __str__(self):
        place = "" if self.offset is None else "byte %d: " % self.offset
        return "%s%s [%s]" % (place, self.args[0], self.code)


def _crc_table():
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc32c(data, crc=0):
    """CRC-32C (Castagnoli, reflected 0x82F63B78, initial and final XOR 0xFFFFFFFF)."""
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _u16(b, o):
    return struct.unpack_from("<H", b, o)[0]


def _u32(b, o):
    return struct.unpack_from("<I", b, o)[0]


def _u64(b, o):
    return struct.unpack_from("<Q", b, o)[0]


def _aligned(n):
    return (n + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def _type_name(raw):
    return "".join(chr(c) if 0x21 <= c <= 0x7E else "\\x%02X" % c for c in raw)


# ---------------------------------------------------------------------------------------------
# Canonical JSON (spec section "Canonical JSON")


def _packs_to(fmt, text, target):
    """Whether the decimal `text`, rounded to the dtype, has the bytes `target`. A candidate
    beyond the dtype's range (it rounds to infinity) cannot equal a finite value."""
    try:
        return struct.pack(fmt, float(text)) == target
    except OverflowError:
        return False


def _shortest_digits(value, dtype):
    """(digits, E) with value = 0.digits x 10^E, digits the shortest that round-trip."""
    if dtype == "f64":
        text = "%r" % abs(value)
        candidates = [text]
    else:
        fmt, _ = DTYPES[dtype]
        target = struct.pack(fmt, abs(value))
        candidates = []
        for precision in range(1, 10):
            closest = "%.*e" % (precision - 1, abs(value))
            if _packs_to(fmt, closest, target):
                candidates = [closest]
                break
            mantissa, exponent = closest.split("e")
            digits = int(mantissa.replace(".", ""))
            found = []
            for neighbour in (digits - 1, digits + 1):
                if len(str(neighbour)) != precision:
                    continue
                s = str(neighbour)
                text = s[0] + ("." + s[1:] if len(s) > 1 else "") + "e" + exponent
                if _packs_to(fmt, text, target):
                    found.append(text)
            if found:
                candidates = found[:1]
                break
    text = candidates[0]
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        exponent = int(exponent)
    else:
        mantissa, exponent = text, 0
    if "." in mantissa:
        whole, fraction = mantissa.split(".")
    else:
        whole, fraction = mantissa, ""
    digits = whole + fraction
    point = len(whole) + exponent  # value = 0.digits x 10^point, before stripping zeros
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    return digits, point


def format_number(value, dtype="f64"):
    """The spec's canonical text of a finite number in precision dtype."""
    if not math.isfinite(value):
        raise ValueError("non-finite numbers cannot be written")
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0.0"
    digits, point = _shortest_digits(value, dtype)
    limit = 2.0**53 if dtype == "f64" else 2.0**24
    if point < -3 or abs(value) > limit:
        exponent = point - 1
        text = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return "%s%se%s%02d" % (sign, text, "-" if exponent < 0 else "+", abs(exponent))
    if point <= 0:
        return sign + "0." + "0" * (-point) + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits)) + ".0"
    return sign + digits[:point] + "." + digits[point:]


def format_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif code < 0x20:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class _Raw:
    """A value already formatted."""

    def __init__(self, text):
        self.text = text


def _layout(value, level):
    pad = "  " * (level + 1)
    if isinstance(value, _Raw):
        return value.text
    if isinstance(value, str):
        return format_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, list) is False and isinstance(v, tuple) is False for v in value) and not any(
            isinstance(v, list) or isinstance(v, _Object) for v in value
        ):
            return "[" + ", ".join(_layout(v, level) for v in value) + "]"
        return "[" + ",".join("\n" + pad + _layout(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    if isinstance(value, _Object):
        if not value.items:
            return "{}"
        parts = ["\n" + pad + format_string(k) + ": " + _layout(v, level + 1) for k, v in value.items]
        return "{" + ",".join(parts) + "\n" + "  " * level + "}"
    raise TypeError(type(value))


class _Object:
    def __init__(self, items):
        self.items = items


def canonical_json(model, target="document"):
    """The canonical JSON text of a decoded model: the JSON encoding or the META section."""
    dtype = model["layers"][0]["weights"]["dtype"] if model["layers"] else "f64"
    items = []
    if target == "document":
        uses_1_1 = bool(model["output"].get("normalization")) or bool(model.get("provenance", {}).get("validation_loss_history"))
        items += [("format", "nnm"), ("version", "1.1" if uses_1_1 else "1.0")]
    for key in ("name", "description"):
        if key in model:
            items.append((key, model[key]))
    features = []
    for f in model["features"]:
        fi = [("name", f["name"])]
        if "unit" in f:
            fi.append(("unit", f["unit"]))
        n = f["normalization"]
        fi.append(("normalization", _Object([("shift", _Raw(format_number(n["shift"]))), ("scale", _Raw(format_number(n["scale"])))])))
        features.append(_Object(fi))
    items.append(("features", features))
    layers = []
    for index, layer in enumerate(model["layers"]):
        li = [("activation", layer["activation"])]
        for offset, part in ((0, "weights"), (1, "biases")):
            t = layer[part]
            ti = [("dtype", t["dtype"]), ("shape", list(t["shape"]))]
            if target == "meta":
                ti.append(("section", 1 + 2 * index + offset))
            else:
                ti.append(("data", [_Raw(format_number(v, t["dtype"])) for v in t["data"]]))
            li.append((part, _Object(ti)))
        layers.append(_Object(li))
    items.append(("layers", layers))
    out = model["output"]
    oi = [("task", out["task"])]
    if out["task"] == "binary":
        oi += [("threshold", _Raw(format_number(out["threshold"]))), ("negative", out["negative"]), ("positive", out["positive"])]
    elif out["task"] == "multiclass":
        oi.append(("labels", list(out["labels"])))
    oi.append(("names", list(out["names"])))
    if out.get("normalization"):
        oi.append(("normalization", [
            _Object([("shift", _Raw(format_number(n["shift"]))), ("scale", _Raw(format_number(n["scale"])))])
            for n in out["normalization"]
        ]))
    items.append(("output", _Object(oi)))
    if "provenance" in model:
        p = model["provenance"]
        pi = []
        for key in ("tool", "tool_version", "data_file", "data_rows", "data_sha256", "loss", "optimizer"):
            if key in p:
                pi.append((key, p[key]))
        hyper = sorted(p["hyperparameters"].items(), key=lambda kv: kv[0].encode("utf-8"))
        pi.append(("hyperparameters", _Object([(k, _Raw(format_number(v))) for k, v in hyper])))
        for key in ("seed", "rng", "epochs"):
            if key in p:
                pi.append((key, p[key]))
        pi.append(("loss_history", [_Raw(format_number(v)) for v in p["loss_history"]]))
        if p.get("validation_loss_history"):
            pi.append(("validation_loss_history", [_Raw(format_number(v)) for v in p["validation_loss_history"]]))
        if "created_at" in p:
            pi.append(("created_at", p["created_at"]))
        items.append(("provenance", _Object(pi)))
    metadata = sorted(model["metadata"].items(), key=lambda kv: kv[0].encode("utf-8"))
    items.append(("metadata", _Object(metadata)))
    if target == "document":
        gate = [{"type": GATE_TYPE, "required": True, "payload": ""}] if out.get("normalization") else []
        extras = [
            _Object([("type", e["type"]), ("required", e["required"]), ("payload", e["payload"])])
            for e in gate + model.get("extra_sections", [])
        ]
        items.append(("extra_sections", extras))
    return _layout(_Object(items), 0) + "\n"


# ---------------------------------------------------------------------------------------------
# Decoding


def _field_error(path, problem):
    return NNMError("invalid-field", "%s: %s" % (path, problem))


def _depth(value, level=1):
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level - 1


def _parse_meta(text, offset):
    def pairs(items):
        seen = {}
        for key, value in items:
            if key in seen:
                raise NNMError("duplicate-key", "duplicate key %r" % key, offset)
            seen[key] = value
        return seen

    def constant(name):
        raise NNMError("json-syntax", "%s is not JSON" % name, offset)

    def integer(digits):
        # Integer fields take digits only (§6.1): "-0" and "-5" stay numbers but not integers.
        return float(digits) if digits.startswith("-") else int(digits)

    try:
        value = json.loads(text.decode("utf-8"), object_pairs_hook=pairs, parse_constant=constant, parse_int=integer)
    except UnicodeDecodeError as error:
        raise NNMError("json-syntax", "invalid UTF-8: %s" % error, offset)
    except json.JSONDecodeError as error:
        raise NNMError("json-syntax", str(error), offset + error.pos)
    if _depth(value) > MAX_DEPTH:
        raise NNMError("nesting-too-deep", "nesting deeper than %d" % MAX_DEPTH, offset)
    return value


def _expect(obj, path, required, optional=(), newer_minor=False):
    """Checks an object's keys. In a file of a newer minor version unknown keys are skipped
    (they are optional additions, spec §9); otherwise they are errors."""
    if not isinstance(obj, dict):
        raise _field_error(path, "expected an object")
    for key in required:
        if key not in obj:
            raise _field_error(path, "missing key %r" % key)
    if newer_minor:
        return
    for key in obj:
        if key not in required and key not in optional:
            raise _field_error(path, "unknown key %r" % key)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _decode_meta(meta, sections_expected, newer_minor=False):
    """Checks the META document's fields and returns the model (tensors without data)."""
    _expect(meta, "$", ["features", "layers", "output", "metadata"], ["name", "description", "provenance"], newer_minor)
    parameters = 0
    if not isinstance(meta["layers"], list) or len(meta["layers"]) > MAX_LAYERS:
        raise NNMError("limit-exceeded", "$.layers: too many layers")
    for index, layer in enumerate(meta["layers"]):
        path = "$.layers[%d]" % index
        _expect(layer, path, ["activation", "weights", "biases"], (), newer_minor)
        if layer["activation"] not in ACTIVATIONS:
            raise _field_error(path + ".activation", "unknown activation")
        for offset, (part, rank) in enumerate((("weights", 2), ("biases", 1))):
            tpath = path + "." + part
            t = layer[part]
            _expect(t, tpath, ["dtype", "shape", "section"], (), newer_minor)
            if t["dtype"] not in DTYPES:
                raise _field_error(tpath + ".dtype", "unknown dtype")
            shape = t["shape"]
            if not isinstance(shape, list) or len(shape) != rank:
                raise _field_error(tpath + ".shape", "expected %d dimensions" % rank)
            count = 1
            for dim in shape:
                if not isinstance(dim, int) or isinstance(dim, bool) or dim < 0:
                    raise _field_error(tpath + ".shape", "expected non-negative integers")
                if dim > MAX_UNITS:
                    raise NNMError("limit-exceeded", tpath + ".shape: extent above the limit")
                if dim == 0:
                    raise _field_error(tpath + ".shape", "an extent must be at least 1")
                count *= dim
            parameters += count
            if parameters > MAX_PARAMETERS:
                raise NNMError("limit-exceeded", "%s.shape: number of parameters is %d, more than the limit %d" % (tpath, parameters, MAX_PARAMETERS))
            if t["section"] != 1 + 2 * index + offset:
                raise _field_error(tpath + ".section", "tensors are stored in order")
    _check_fields(meta)
    return meta


def _same_text(a, b):
    """Two names or keys are the same if canonically equivalent (NFC); compatibility forms
    such as "\ufb01" and "fi" stay different (spec §5.7)."""
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def _check_map_keys(obj, path):
    if not isinstance(obj, dict):
        raise _field_error(path, "expected an object")
    seen = set()
    for key in obj:
        if not key:
            raise _field_error(path, "keys must not be empty")
        folded = unicodedata.normalize("NFC", key)
        if folded in seen:
            raise NNMError("duplicate-key", "%s: duplicate key %r (Unicode normalization)" % (path, key))
        seen.add(folded)


def _valid_timestamp(text):
    match = isinstance(text, str) and CREATED_AT.fullmatch(text)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(match.group(k)) for k in range(1, 7))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= month <= 12 and 1 <= day <= days[month - 1] and hour <= 23 and minute <= 59 and second <= 60


def _check_fields(meta):
    """Field-domain rules that the reference checks while mapping META (spec §7.1)."""
    _check_map_keys(meta["metadata"], "$.metadata")
    p = meta.get("provenance")
    if not isinstance(p, dict):
        return
    if "hyperparameters" in p:
        _check_map_keys(p["hyperparameters"], "$.provenance.hyperparameters")
    for key in ("data_rows", "epochs", "seed"):
        if key not in p:
            continue
        value = p[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _field_error("$.provenance." + key, "expected a non-negative integer without fraction or exponent")
        limit = (1 << 64) - 1 if key == "seed" else MAX_COUNTER
        if value > limit:
            raise NNMError("limit-exceeded", "$.provenance.%s: value is more than the limit %d" % (key, limit))
    if "created_at" in p and not _valid_timestamp(p["created_at"]):
        raise _field_error("$.provenance.created_at", "expected an RFC 3339 UTC time")


def _validate(model, newer_minor=False):
    """The model rules of the specification (a subset suffices to name the error code)."""
    features = model["features"]
    if not features or len(features) > MAX_UNITS:
        raise NNMError("invalid-model", "$.features: 1 to 2^20 features")
    names = set()
    for k, f in enumerate(features):
        _expect(f, "$.features[%d]" % k, ["name", "normalization"], ["unit"], newer_minor)
        if not f["name"]:
            raise _field_error("$.features[%d].name" % k, "must not be empty")
        if unicodedata.normalize("NFC", f["name"]) in names:
            raise NNMError("invalid-model", "$.features[%d].name: duplicate" % k)
        names.add(unicodedata.normalize("NFC", f["name"]))
        n = f["normalization"]
        _expect(n, "$.features[%d].normalization" % k, ["shift", "scale"], (), newer_minor)
        if not _is_number(n["scale"]) or n["scale"] == 0:
            raise _field_error("$.features[%d].normalization.scale" % k, "scale must not be zero")
    layers = model["layers"]
    if not layers:
        raise NNMError("invalid-model", "$.layers: at least one layer")
    dtype = layers[0]["weights"]["dtype"]
    inputs = len(features)
    for k, layer in enumerate(layers):
        w, b = layer["weights"], layer["biases"]
        units = w["shape"][0]
        if w["shape"][1] != inputs or units < 1:
            raise NNMError("shape-mismatch", "$.layers[%d].weights.shape: %r, expected [%d, %d]" % (k, w["shape"], max(units, 1), inputs))
        if b["shape"] != [units]:
            raise NNMError("shape-mismatch", "$.layers[%d].biases.shape" % k)
        for t in (w, b):
            if t["dtype"] != dtype:
                raise NNMError("invalid-model", "$.layers[%d]: all tensors share one dtype" % k)
        if layer["activation"] == "softmax" and k != len(layers) - 1:
            raise NNMError("invalid-model", "$.layers[%d].activation: softmax only on the last layer" % k)
        inputs = units
    out = model["output"]
    task = out.get("task")
    if task == "binary":
        if not out["negative"] or not out["positive"]:
            raise _field_error("$.output", "labels must not be empty")
        if inputs != 1 or _same_text(out["negative"], out["positive"]):
            raise NNMError("invalid-model", "$.output: binary needs 1 unit and two distinct labels")
    elif task == "multiclass":
        labels = out["labels"]
        if not all(labels):
            raise _field_error("$.output.labels", "labels must not be empty")
        distinct = set(unicodedata.normalize("NFC", label) for label in labels)
        if inputs < 2 or len(labels) != inputs or len(distinct) != len(labels):
            raise NNMError("invalid-model", "$.output.labels: one distinct label per unit")
    elif task != "regression":
        raise _field_error("$.output.task", "unknown task")
    if out["names"] and len(out["names"]) != inputs:
        raise NNMError("invalid-model", "$.output.names: one name per unit")
    if "normalization" in out:
        maps = out["normalization"]
        if task != "regression" or not isinstance(maps, list) or len(maps) != inputs:
            raise NNMError("invalid-model", "$.output.normalization: one map per unit, regression only")
        for k, n in enumerate(maps):
            _expect(n, "$.output.normalization[%d]" % k, ["shift", "scale"], (), newer_minor)
            if not _is_number(n["scale"]) or n["scale"] == 0:
                raise _field_error("$.output.normalization[%d].scale" % k, "scale must not be zero")
    if bool(out.get("normalization")) != bool(model.get("_gate")):
        raise NNMError("invalid-model", "$.output.normalization: present exactly when the file has the required v1.1 section")
    model.pop("_gate", None)
    digest = model.get("provenance", {}).get("data_sha256")
    if digest is not None and not re.fullmatch("[0-9a-f]{64}", digest):
        raise _field_error("$.provenance.data_sha256", "not 64 lower-case hex digits")


def read_binary(data):
    """Decodes a binary .nnm file into a dict in the shape of the JSON encoding."""
    size = len(data)
    if size == 0:
        raise NNMError("empty", "the input is empty")
    if data[0] != MAGIC[0]:
        # Spec §2: the first byte decides; only 0x89 starts the binary encoding.
        raise NNMError("unrecognized-encoding", "not a binary model file: starts with %s" % data[:8].hex(), 0)
    if data[:8] != MAGIC:
        if size < 8 and MAGIC.startswith(data):
            raise NNMError("truncated", "file is truncated", 0)
        raise NNMError("bad-magic", "bad magic %s" % data[:8].hex(), 0)
    if size < 12:
        raise NNMError("truncated", "file is truncated", 0)
    major, minor = _u16(data, 8), _u16(data, 10)
    if major != SUPPORTED[0]:
        raise NNMError("unsupported-version", "made with format %d.%d; this reader supports up to %d.%d" % ((major, minor) + SUPPORTED), 8)
    if size < HEADER_SIZE:
        raise NNMError("truncated", "file is truncated", 0)
    count = _u32(data, 12)
    if count == 0:
        raise NNMError("unexpected-section", "no sections", HEADER_SIZE)
    if count > MAX_SECTIONS:
        raise NNMError("limit-exceeded", "section count %d" % count, 12)
    table_end = HEADER_SIZE + count * ENTRY_SIZE
    if table_end > size:
        raise NNMError("truncated", "section table is truncated", HEADER_SIZE)
    stored = _u32(data, 28)
    if crc32c(data[HEADER_SIZE:table_end], crc32c(data[:28])) != stored:
        raise NNMError("header-checksum", "header checksum mismatch", 28)
    if _u64(data, 16) != size:
        raise NNMError("file-length", "header says %d bytes, file has %d" % (_u64(data, 16), size), 16)
    if _u32(data, 24) != 0:
        raise NNMError("reserved-not-zero", "header flags", 24)
    sections = []
    previous_end = table_end
    for index in range(count):
        at = HEADER_SIZE + index * ENTRY_SIZE
        raw_type = data[at:at + 4]
        if not all(0x21 <= c <= 0x7E for c in raw_type):
            raise NNMError("invalid-section-type", "section %d type" % index, at)
        flags = _u32(data, at + 4)
        if flags & ~1:
            raise NNMError("reserved-not-zero", "section %d flags" % index, at + 4)
        if _u32(data, at + 28) != 0:
            raise NNMError("reserved-not-zero", "section %d reserved" % index, at + 28)
        offset, length, checksum = _u64(data, at + 8), _u64(data, at + 16), _u32(data, at + 24)
        if offset != _aligned(previous_end):
            raise NNMError("section-misplaced", "section %d at %d, expected %d" % (index, offset, _aligned(previous_end)), at + 8)
        if offset + length > size:
            raise NNMError("section-out-of-bounds", "section %d ends beyond the file" % index, at + 16)
        if any(data[previous_end:offset]):
            first = previous_end + next(i for i, c in enumerate(data[previous_end:offset]) if c)
            raise NNMError("nonzero-padding", "padding before section %d" % index, first)
        sections.append({"type": _type_name(raw_type), "required": bool(flags & 1), "offset": offset, "length": length, "crc": checksum, "index": index})
        previous_end = offset + length
    if previous_end != size:
        raise NNMError("layout-end", "last section ends at %d, file has %d" % (previous_end, size), previous_end)

    def verify(section):
        payload = data[section["offset"]:section["offset"] + section["length"]]
        if crc32c(payload) != section["crc"]:
            raise NNMError("section-checksum", "section %d (%s) checksum mismatch" % (section["index"], section["type"]), section["offset"])
        return payload

    meta_section = sections[0]
    if meta_section["type"] != "META":
        raise NNMError("unexpected-section", "section 0 is %s, expected META" % meta_section["type"], meta_section["offset"])
    if not meta_section["required"]:
        raise NNMError("section-not-required", "META must be required", HEADER_SIZE + 4)
    if meta_section["length"] > MAX_META_BYTES:
        raise NNMError("limit-exceeded", "META too long", HEADER_SIZE + 16)
    meta_bytes = verify(meta_section)
    newer_minor = minor > SUPPORTED[1]
    meta = _decode_meta(_parse_meta(meta_bytes, meta_section["offset"]), len(sections), newer_minor)
    if minor <= SUPPORTED[1]:
        try:
            canonical = canonical_json(meta, target="meta").encode("utf-8")
        except (KeyError, TypeError, ValueError) as error:
            # The canonical renderer walks the fields the spec requires, so a missing field or a
            # value of the wrong JSON type surfaces here first (this reader checks less than the
            # reference codec, but it must not crash).
            raise _field_error("$", "META does not have the fields of a 1.%d document (%s: %s)" % (SUPPORTED[1], type(error).__name__, error))
        if canonical != meta_bytes:
            k = next((i for i, (a, b) in enumerate(zip(canonical, meta_bytes)) if a != b), min(len(canonical), len(meta_bytes)))
            raise NNMError("noncanonical-metadata", "META is not canonical", meta_section["offset"] + k)
    tensors = [(layer, part) for layer in meta["layers"] for part in ("weights", "biases")]
    for position, (layer, part) in enumerate(tensors):
        index = position + 1
        if index >= len(sections):
            raise NNMError("unexpected-section", "section %d is nothing, expected TNSR" % index, HEADER_SIZE + len(sections) * ENTRY_SIZE)
        section = sections[index]
        entry = HEADER_SIZE + index * ENTRY_SIZE
        if section["type"] != "TNSR":
            raise NNMError("unexpected-section", "section %d is %s, expected TNSR" % (index, section["type"]), entry)
        if not section["required"]:
            raise NNMError("section-not-required", "TNSR must be required", entry + 4)
        tensor = layer[part]
        fmt, width = DTYPES[tensor["dtype"]]
        count = 1
        for dim in tensor["shape"]:
            count *= dim
        if section["length"] != count * width:
            raise NNMError("tensor-size", "section %d has %d bytes, the tensor needs %d" % (index, section["length"], count * width), HEADER_SIZE + index * ENTRY_SIZE + 16)
    for position, (layer, part) in enumerate(tensors):
        index = position + 1
        section = sections[index]
        tensor = layer[part]
        fmt, width = DTYPES[tensor["dtype"]]
        payload = verify(section)
        values = [v[0] for v in struct.iter_unpack(fmt, payload)]
        for k, v in enumerate(values):
            if not math.isfinite(v):
                raise NNMError("non-finite", "element %d is not finite" % k, section["offset"] + k * width)
        del tensor["section"]
        tensor["data"] = values
    extras = sections[1 + len(tensors):]
    meta["extra_sections"] = []
    if extras and extras[0]["type"] == GATE_TYPE:
        gate = extras.pop(0)
        if not gate["required"]:
            raise NNMError("section-not-required", "the v1.1 section must be required", HEADER_SIZE + gate["index"] * ENTRY_SIZE + 4)
        if gate["length"] != 0:
            raise NNMError("invalid-field", "the v1.1 section must be empty", HEADER_SIZE + gate["index"] * ENTRY_SIZE + 16)
        meta["_gate"] = True
    if len(extras) > MAX_EXTRA_SECTIONS:
        raise NNMError("limit-exceeded", "too many extra sections", 12)
    for section in extras:
        entry = HEADER_SIZE + section["index"] * ENTRY_SIZE
        if section["type"] in ("META", "TNSR"):
            raise NNMError("unexpected-section", "section %d is %s, expected an extra section" % (section["index"], section["type"]), entry)
        if section["required"]:
            raise NNMError("unknown-required-section", "section %d (%s) is required" % (section["index"], section["type"]), entry)
        if section["length"] > MAX_EXTRA_SECTION_BYTES:
            raise NNMError("limit-exceeded", "extra section too long", entry + 16)
        payload = verify(section)
        meta["extra_sections"].append({"type": section["type"], "required": False, "payload": base64.b64encode(payload).decode("ascii")})
    _validate(meta, newer_minor)
    uses_1_1 = bool(meta["output"].get("normalization")) or bool(meta.get("provenance", {}).get("validation_loss_history"))
    if uses_1_1 and minor < 1:
        raise _field_error("$.version", "the file is stamped 1.%d but uses format 1.1" % minor)
    return meta


def _same_model(decoded, twin):
    """Compares the decoded model with the parsed JSON twin, tensors bit for bit."""
    for layer_a, layer_b in zip(decoded["layers"], twin["layers"]):
        for part in ("weights", "biases"):
            fmt, _ = DTYPES[layer_a[part]["dtype"]]
            a = b"".join(struct.pack(fmt, v) for v in layer_a[part]["data"])
            b = b"".join(struct.pack(fmt, v) for v in layer_b[part]["data"])
            if a != b:
                return False
    return len(decoded["layers"]) == len(twin["layers"])


def check_vectors(directory):
    failures = 0
    checked = 0
    valid = os.path.join(directory, "valid")
    for name in sorted(os.listdir(valid)):
        if not name.endswith(".nnm"):
            continue
        stem = name[:-4]
        with open(os.path.join(valid, name), "rb") as f:
            data = f.read()
        with open(os.path.join(valid, stem + ".json"), "rb") as f:
            twin_bytes = f.read()
        checked += 1
        try:
            model = read_binary(data)
        except NNMError as error:
            print("FAIL valid/%s: %s" % (name, error))
            failures += 1
            continue
        text = canonical_json(model).encode("utf-8")
        twin = json.loads(twin_bytes)
        if text != twin_bytes or not _same_model(model, twin):
            print("FAIL valid/%s: the canonical JSON differs from %s.json" % (name, stem))
            failures += 1
        else:
            print("ok   valid/%s == %s.json (%d bytes)" % (name, stem, len(text)))
    invalid = os.path.join(directory, "invalid")
    for name in sorted(os.listdir(invalid)):
        if not name.endswith(".nnm"):
            continue
        with open(os.path.join(invalid, name), "rb") as f:
            data = f.read()
        with open(os.path.join(invalid, name[:-4] + ".error"), encoding="utf-8") as f:
            expected = f.readline().strip().split(": ", 1)[1]
        checked += 1
        try:
            read_binary(data)
            print("FAIL invalid/%s: decoded without error, expected %s" % (name, expected))
            failures += 1
        except NNMError as error:
            if error.code != expected:
                print("FAIL invalid/%s: %s, expected %s" % (name, error, expected))
                failures += 1
            else:
                print("ok   invalid/%s: %s" % (name, error))
    print("%d files checked, %d failures" % (checked, failures))
    return failures == 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check-vectors":
        return 0 if check_vectors(argv[2]) else 1
    if len(argv) == 2 and not argv[1].startswith("-"):
        with open(argv[1], "rb") as f:
            data = f.read()
        try:
            sys.stdout.write(canonical_json(read_binary(data)))
        except NNMError as error:
            sys.stderr.write("%s: %s\n" % (argv[1], error))
            return 1
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
