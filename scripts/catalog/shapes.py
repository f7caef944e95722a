"""Value shapes of context entries, the sample-template generator, and the context matcher that
catalog-check.py uses to test context entries' examples.

Shape grammar (documented in rules/catalog/README.md):
    CLASS LEN          e.g. hex32, alnum40, base64-44 (an optional '-' may separate them)
    CLASS MIN..MAX     e.g. alnum32..40, base64url-40..90
    uuid | UUID | jwt | regex   (regex: the entry's value_regex is the shape)
"""
import random
import re
import string

CLASSES = {
    # name: (regex character class, generator alphabet)
    "hex": ("[0-9a-f]", "0123456789abcdef"),
    "HEX": ("[0-9A-F]", "0123456789ABCDEF"),
    "mixhex": ("[0-9a-fA-F]", "0123456789abcdefABCDEF"),
    "alnum": ("[A-Za-z0-9]", string.ascii_letters + string.digits),
    "lowernum": ("[a-z0-9]", string.ascii_lowercase + string.digits),
    "uppernum": ("[A-Z0-9]", string.ascii_uppercase + string.digits),
    "lower": ("[a-z]", string.ascii_lowercase),
    "upper": ("[A-Z]", string.ascii_uppercase),
    "alpha": ("[A-Za-z]", string.ascii_letters),
    "digits": ("[0-9]", string.digits),
    "base64": ("[A-Za-z0-9+/]", string.ascii_letters + string.digits + "+/"),
    "base64url": ("[A-Za-z0-9_-]", string.ascii_letters + string.digits + "_-"),
    "b58": ("[1-9A-HJ-NP-Za-km-z]", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
    "b32": ("[a-z2-7]", "abcdefghijklmnopqrstuvwxyz234567"),
    "B32": ("[A-Z2-7]", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    "bech32": ("[qpzry9x8gf2tvdw0s3jn54khce6mua7l]", "qpzry9x8gf2tvdw0s3jn54khce6mua7l"),
    "BECH32": ("[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"),
}
# Longest names first so that "base64url" is not read as "base64" + "url".
_CLASS_NAMES = sorted(CLASSES, key=len, reverse=True)
SPECIAL = {
    "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "UUID": r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}",
    "jwt": r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}",
}


def parse_shape(shape):
    """Return (class, min, max) for a CLASS LEN shape, or (special, None, None)."""
    if shape in SPECIAL or shape == "regex":
        return shape, None, None
    for name in _CLASS_NAMES:
        if shape.startswith(name):
            rest = shape[len(name):]
            if rest.startswith("-"):
                rest = rest[1:]
            m = re.fullmatch(r"(\d+)(?:\.\.(\d+))?", rest)
            if not m:
                break
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else lo
            if hi < lo:
                break
            return name, lo, hi
    raise ValueError(f"unknown shape {shape!r}")


def shape_regex(shape, value_regex=""):
    cls, lo, hi = parse_shape(shape)
    if cls == "regex":
        if not value_regex:
            raise ValueError("shape 'regex' needs value_regex")
        return value_regex
    if cls in SPECIAL:
        return SPECIAL[cls]
    rx = CLASSES[cls][0] + ("{%d}" % lo if lo == hi else "{%d,%d}" % (lo, hi))
    if cls == "base64":
        rx += "={0,2}"
    return rx


def context_value_regex(entry):
    prefix = entry.get("value_prefix") or ""
    body = shape_regex(entry["shape"], entry.get("value_regex", ""))
    if prefix:
        alts = "|".join(re.escape(p) for p in prefix.split("|"))
        return f"(?:{alts})(?:{body})"
    return body


# ---- sample templates -------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9]+)(?::([^{}]*))?\}")


def _rand(rng, alphabet, n, mixed):
    for _ in range(200):
        s = "".join(rng.choice(alphabet) for _ in range(n))
        if not mixed or n < 8:
            return s
        has_digit = any(c.isdigit() for c in s) or not any(c.isdigit() for c in alphabet)
        has_alpha = any(c.isalpha() for c in s) or not any(c.isalpha() for c in alphabet)
        both_cases = (any(c.islower() for c in s) or not any(c.islower() for c in alphabet)) and (
            any(c.isupper() for c in s) or not any(c.isupper() for c in alphabet))
        if has_digit and has_alpha and both_cases:
            return s
    return s


def _length(arg, rng):
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", arg)
    if not m:
        raise ValueError(f"bad length {arg!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return rng.randint(lo, hi)


def expand(template, rng, shrink_last=False):
    """Expand a sample template. With shrink_last, the last random segment gets half its length
    (used to make a too-short negative example)."""
    parts = list(_PLACEHOLDER.finditer(template))
    rand_idx = [i for i, m in enumerate(parts) if m.group(1) not in ("pick", "lit")]
    last = rand_idx[-1] if rand_idx else None
    out = []
    pos = 0
    for i, m in enumerate(parts):
        out.append(template[pos:m.start()])
        pos = m.end()
        name, arg = m.group(1), m.group(2)
        if name == "pick":
            out.append(rng.choice(arg.split("|")))
            continue
        if name == "lit":
            out.append(arg)
            continue
        if name in ("uuid", "UUID"):
            h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
            u = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"
            if shrink_last and i == last:
                u = u[:20]
            out.append(u.upper() if name == "UUID" else u)
            continue
        if name == "chars":
            alphabet, _, ln = arg.rpartition(":")
            n = _length(ln, rng)
        else:
            if name not in CLASSES:
                raise ValueError(f"unknown placeholder {name!r} in {template!r}")
            alphabet = CLASSES[name][1]
            n = _length(arg or "1", rng)
        if shrink_last and i == last:
            n = max(1, n // 2)
        out.append(_rand(rng, alphabet, n, mixed=True))
    out.append(template[pos:])
    return "".join(out)


def gen_value(shape, rng, value_prefix="", sample=""):
    if sample:
        return expand(sample, rng)
    cls, lo, hi = parse_shape(shape)
    prefix = rng.choice(value_prefix.split("|")) if value_prefix else ""
    if cls == "regex":
        raise ValueError("shape 'regex' needs a sample")
    if cls in ("uuid", "UUID"):
        return prefix + expand("{%s}" % cls, rng)
    if cls == "jwt":
        raise ValueError("shape 'jwt' needs a sample")
    n = rng.randint(lo, hi)
    return prefix + _rand(rng, CLASSES[cls][1], n, mixed=True)


# ---- context matching (an approximation of the named-context rule form) -------------------------

DEFAULT_SECRET_WORDS = ["key", "secret", "token", "password", "passwd", "pass", "pwd", "auth",
                        "credential", "cred", "apikey"]

ASSIGN = re.compile(
    r"""(?P<key>[A-Za-z0-9_@$][A-Za-z0-9_.\-]*)["'\]]{0,2}\s*(?:=>|:=|=|:|,)\s*"""
    r"""(?:(?:Bearer|Token|token|Basic)\s+)?["'`]?(?P<val>[^\s"'`,;)<>]+)""")


# `Authorization: <scheme> <credential>`: the credential keyed by its scheme word, with no
# secret word needed (src/matcher/assign/syntax.rs, `schemes`).
SCHEME = re.compile(
    r"""(?i:authorization)["'\]]{0,2}\s*(?:=>|:=|=|:|,)\s*["'`]?"""
    r"""(?P<key>[A-Za-z][A-Za-z0-9_-]{0,31})[ \t]+(?P<val>[^\s"'`,;)<>]+)""")


# A generic key in the query of a URL whose host names the provider (`api.acme.com/x?key=…`;
# src/matcher/assign/parent.rs, `query_host`); the key's words must all be generic there.
QUERY = re.compile(r"""://(?P<host>[A-Za-z0-9.-]+)(?P<rest>[^\s"'`<>()]*)""")
QUERY_PAIR = re.compile(r"""[?&;](?P<key>[A-Za-z0-9_.-]+)=(?P<val>[^&;#]+)""")
GENERIC_WORDS = {"api", "key", "token", "secret", "access", "auth", "app", "id", "apikey",
                 "appid", "client", "private", "x"}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def word_bounds(key):
    """Word starts and ends of `key` as offsets into norm(key): at removed separators, before an
    uppercase letter after a lowercase letter or a digit, before a digit after a letter, before
    the last capital of a run followed by a lowercase letter (src/matcher/assign/mod.rs)."""
    bounds, at, prev = [0], 0, None
    for i, ch in enumerate(key):
        if not (ch.isascii() and ch.isalnum()):
            prev = None
            if bounds[-1] != at:
                bounds.append(at)
            continue
        nxt = key[i + 1] if i + 1 < len(key) else ""
        if prev is None:
            change = False
        elif ch.isdigit():
            change = prev.isalpha()
        else:
            change = ch.isupper() and (prev.islower() or prev.isdigit() or (
                prev.isupper() and nxt.isascii() and nxt.islower()))
        if change and bounds[-1] != at:
            bounds.append(at)
        prev, at = ch, at + 1
    if bounds[-1] != at:
        bounds.append(at)
    return bounds


def names_word(key, word):
    """The provider word `word` (normalised) spans whole words of `key`; in a key that is one
    run-together word, anywhere."""
    n = norm(key)
    if word not in n:
        return False
    b = word_bounds(key)
    if len(b) <= 2:
        return True
    return any(n.startswith(word, i) and i + len(word) in b for i in b)


def context_matches(entry, line):
    words = [norm(w) for w in entry["words"]]
    secret_words = [norm(w) for w in (entry.get("secret_words") or DEFAULT_SECRET_WORDS)]
    vrx = re.compile(context_value_regex(entry))
    for m in ASSIGN.finditer(line):
        raw = m.group("key")
        key = norm(raw)
        if not any(names_word(raw, w) for w in words):
            continue
        if not any(w in key for w in secret_words):
            continue
        if vrx.fullmatch(m.group("val")):
            return True
    for u in QUERY.finditer(line):
        labels = [norm(x) for x in u.group("host").split(".")]
        if not any(lab.startswith(w) for lab in labels for w in words):
            continue
        for m in QUERY_PAIR.finditer(u.group("rest")):
            key_words = [norm(x) for x in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])",
                                                   m.group("key")) if x]
            if (all(k in GENERIC_WORDS for k in key_words)
                    and any(w in norm(m.group("key")) for w in secret_words)
                    and vrx.fullmatch(m.group("val"))):
                return True
    for m in SCHEME.finditer(line):
        if any(names_word(m.group("key"), w) for w in words) and vrx.fullmatch(m.group("val")):
            return True
    return False
