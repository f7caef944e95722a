#!/usr/bin/env python3
"""Check the provider catalogue in rules/catalog/.

(a) validates every entry against the schema in rules/catalog/README.md;
(b) checks that each token regex (Python `re`, close to Rust regex syntax; constructs Rust lacks
    are rejected) matches every example with the secret in group 1 and a keyword in the match,
    and no negative example; context entries are checked with the context matcher of
    scripts/catalog/shapes.py (provider word + secret word in the key, value of the shape);
(c) counts services and entries (by kind, by family), ids reused from rules/*.toml, the gitleaks
    id table's coverage, and token regexes that also match another entry's examples.

    python3 scripts/catalog-check.py [--verbose]
Exit status 0 when the catalogue is valid, 1 otherwise.
"""
import collections
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CAT = ROOT / "rules" / "catalog"
sys.path.insert(0, str(ROOT / "scripts" / "catalog"))
import shapes  # noqa: E402

SEVERITIES = {"critical", "high", "medium", "low", "info"}
CONFIDENCES = {"high", "medium", "low"}
CERTAINTIES = {"documented", "observed", "uncertain"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Rust's regex crate has no look-around, backreferences, possessive or atomic groups.
# Identifier words that a context entry's provider word must not be part of: a provider word
# found inside them would tie unrelated keys (ACCESS_KEY, MESSAGE_SECRET, KUBERNETES_TOKEN) to it.
COMMON_WORDS = """access address process session message method together frontend backend community
opportunity monolithic passphrase secondary kubernetes export import encoder decoder sandbox inbox
checkbox mailbox lockout algorithms wizard snapshot appdata totally value database username password
secret token config default service server client public private global local cache request
response webhook callback account admin system storage history signing signature credential
certificate encryption application integration environment production development staging testing
registry container cluster deployment pipeline workflow runner builder worker manager consumer
producer publisher subscriber gateway endpoint upstream downstream internal external
""".split()
UNSUPPORTED = re.compile(r"\(\?[=!]|\(\?<[=!]|\(\?>|\\[1-9]|[*+?}]\+|\(\?P=")

TOKEN_FIELDS = {
    "id": str, "gitleaks": list, "description": str, "format": str, "sample": str, "regex": str,
    "keywords": list, "checksum": str, "severity": str, "confidence": str, "public": bool,
    "certainty": str, "remediation": str, "references": list, "examples": list,
    "negative_examples": list,
}
CONTEXT_FIELDS = {
    "id": str, "gitleaks": list, "description": str, "words": list, "shape": str,
    "severity": str, "confidence": str, "public": bool, "certainty": str, "remediation": str,
    "references": list, "examples": list, "negative_examples": list,
}
OPTIONAL = {"note": str, "secret_words": list, "value_prefix": str, "value_regex": str,
            "sample": str}


def existing_rules():
    """The hand-written rules (id -> regex): rules/*.toml without the files that
    scripts/catalog-rules.py generates from this catalogue (rules/catalog-*.toml), whose rules
    are the catalogue's own entries, not rules it should point to."""
    rules = {}
    for f in sorted((ROOT / "rules").glob("*.toml")):
        if f.name.startswith("catalog-"):
            continue
        for r in tomllib.loads(f.read_text()).get("rules", []):
            rules[r["id"]] = r.get("regex", "")
    return rules


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")

    def fields(self, where, e, required):
        for k, t in required.items():
            if k not in e:
                self.err(where, f"missing field {k!r}")
            elif not isinstance(e[k], t):
                self.err(where, f"field {k!r} must be {t.__name__}")
        for k in e:
            if k not in required and k not in OPTIONAL:
                self.err(where, f"unknown field {k!r}")
        for k in ("gitleaks", "keywords", "references", "examples", "negative_examples",
                  "words", "secret_words"):
            if isinstance(e.get(k), list) and not all(isinstance(x, str) for x in e[k]):
                self.err(where, f"{k} must hold strings")

    def common(self, where, e):
        if e.get("severity") not in SEVERITIES:
            self.err(where, f"severity {e.get('severity')!r} not one of {sorted(SEVERITIES)}")
        if e.get("confidence") not in CONFIDENCES:
            self.err(where, f"confidence {e.get('confidence')!r}")
        if e.get("certainty") not in CERTAINTIES:
            self.err(where, f"certainty {e.get('certainty')!r}")
        if e.get("public") and e.get("severity") not in ("info", "low"):
            self.err(where, "public identifiers must be severity info or low")
        if len(e.get("examples", [])) < 2:
            self.err(where, "needs at least 2 examples")
        if len(e.get("negative_examples", [])) < 1:
            self.err(where, "needs at least 1 negative example")
        if not e.get("remediation", "").strip():
            self.err(where, "empty remediation")

    def token(self, where, e):
        self.fields(where, e, TOKEN_FIELDS)
        self.common(where, e)
        rx_text = e.get("regex", "")
        if UNSUPPORTED.search(rx_text):
            self.err(where, "regex uses a construct Rust's regex crate lacks")
        try:
            rx = re.compile(rx_text)
        except re.error as ex:
            self.err(where, f"regex does not compile: {ex}")
            return None
        if rx.groups < 1:
            self.err(where, "regex needs the secret in capture group 1")
            return None
        kws = e.get("keywords", [])
        if not kws:
            self.err(where, "no keywords")
        for k in kws:
            if not k.isascii() or not k.strip():
                self.err(where, f"keyword {k!r} must be non-blank ASCII")
            elif len(k) < 4:
                self.err(where, f"keyword {k!r} is shorter than 4 characters (prefilter cost)")
        for ex in e.get("examples", []):
            m = rx.search(ex)
            if not m:
                self.err(where, f"regex misses example {ex!r}")
                continue
            if m.group(1) is None:
                self.err(where, f"group 1 empty on example {ex!r}")
                continue
            if m.group(1).strip() == ex.strip():
                self.err(where, f"example is a bare token, not a line: {ex!r}")
            low = m.group(0).lower()
            if kws and not any(k.lower() in low for k in kws):
                self.err(where, f"no keyword occurs in the match of {ex!r}")
        for ex in e.get("negative_examples", []):
            if rx.search(ex):
                self.err(where, f"regex matches negative example {ex!r}")
        return rx

    def context(self, where, e):
        self.fields(where, e, CONTEXT_FIELDS)
        self.common(where, e)
        try:
            shapes.parse_shape(e.get("shape", ""))
            re.compile(shapes.context_value_regex(e))
        except (ValueError, re.error) as ex:
            self.err(where, f"bad shape: {ex}")
            return
        if e.get("confidence") != "low":
            self.err(where, "context entries are confidence low")
        _, _, longest = shapes.parse_shape(e.get("shape", ""))
        if longest is not None and longest > 1024:
            self.err(where, f"shape {e['shape']!r}: the named-context form reads values of at "
                     "most 1024 characters")
        if UNSUPPORTED.search(e.get("value_regex", "")):
            self.err(where, "value_regex uses a construct Rust's regex crate lacks")
        for w in e.get("words", []) + e.get("secret_words", []):
            if len(shapes.norm(w)) < 3:
                self.err(where, f"word {w!r} too short")
        for w in e.get("words", []):
            nw = shapes.norm(w)
            hits = [c for c in COMMON_WORDS if nw in c]
            if hits:
                self.err(where, f"provider word {w!r} occurs inside common identifier words {hits[:3]}")
        if not e.get("words"):
            self.err(where, "no words")
        for ex in e.get("examples", []):
            if not shapes.context_matches(e, ex):
                self.err(where, f"context form misses example {ex!r}")
        for ex in e.get("negative_examples", []):
            if shapes.context_matches(e, ex):
                self.err(where, f"context form matches negative example {ex!r}")


def main():
    verbose = "--verbose" in sys.argv
    c = Checker()
    existing_rx = existing_rules()
    existing = set(existing_rx)
    gl_path = CAT / "gitleaks-ids.toml"
    gl = tomllib.loads(gl_path.read_text()).get("gitleaks", []) if gl_path.exists() else []
    gl_ids = {g["id"] for g in gl}
    seen_ids = {}
    services = {}
    kinds = collections.Counter()
    fam_entries = collections.Counter()
    fam_services = collections.defaultdict(set)
    reused = set()
    token_rx = {}
    all_examples = []
    for f in sorted(CAT.glob("*.toml")):
        if f.name == "gitleaks-ids.toml":
            continue
        fam = f.stem
        try:
            doc = tomllib.loads(f.read_text())
        except tomllib.TOMLDecodeError as ex:
            c.err(f.name, f"TOML: {ex}")
            continue
        for svc in doc.get("service", []):
            name = svc.get("service")
            if not isinstance(name, str) or not name.strip():
                c.err(f.name, "service without a name")
                continue
            key = name.casefold()
            if key in services and services[key] != fam:
                c.warn(f.name, f"service {name!r} also in {services[key]}.toml")
            services[key] = fam
            fam_services[fam].add(key)
            if not str(svc.get("homepage", "")).startswith("https://"):
                c.err(f"{f.name}:{name}", "homepage must be an https URL")
            n_entries = 0
            for kind in ("token", "context", "existing"):
                for e in svc.get(kind, []):
                    n_entries += 1
                    eid = e.get("id", "")
                    where = f"{f.name}:{eid or '?'}"
                    if not ID_RE.match(eid):
                        c.err(where, "id must be kebab-case")
                    if eid in seen_ids:
                        c.err(where, f"duplicate id (also in {seen_ids[eid]})")
                    seen_ids[eid] = f.name
                    for g in e.get("gitleaks", []):
                        if g not in gl_ids:
                            c.err(where, f"gitleaks id {g!r} not in gitleaks-ids.toml")
                    kinds[kind] += 1
                    fam_entries[fam] += 1
                    if kind == "existing":
                        if eid not in existing:
                            c.err(where, "kind existing, but no rules/*.toml rule has this id")
                        reused.add(eid)
                        continue
                    if eid in existing:
                        c.err(where, "id of an existing rule: use [[service.existing]]")
                    if kind == "token":
                        rx = c.token(where, e)
                        if rx is not None:
                            token_rx[eid] = rx
                    else:
                        c.context(where, e)
                    for ex in e.get("examples", []):
                        all_examples.append((eid, ex))
            if n_entries == 0:
                c.err(f"{f.name}:{name}", "service without entries")
    # gitleaks table: every id it maps to must exist (ours or catalogue).
    known_ids = existing | set(seen_ids)
    mapped = 0
    for g in gl:
        ours = g.get("ours", [])
        if ours:
            mapped += 1
        for o in ours:
            if o not in known_ids:
                c.err("gitleaks-ids.toml", f"{g['id']} maps to unknown id {o!r}")
    # Overlaps: a token regex that fires on another entry's example (informational).
    overlaps = collections.Counter()
    overlap_pairs = []
    for eid, rx in token_rx.items():
        for other, ex in all_examples:
            if other != eid and rx.search(ex):
                overlaps[eid] += 1
                overlap_pairs.append((eid, other))
    # Catalogue examples that a rule of rules/*.toml already finds (a duplicate, or an overlap).
    found_by_existing = collections.defaultdict(set)
    for rid, rx_text in existing_rx.items():
        try:
            rx = re.compile(rx_text) if rx_text else None
        except re.error:
            continue
        if rx is None or rid.startswith(("generic-", "sensitive-file-", "authorization-")) \
                or rid in ("jwt", "kubeconfig-token", "git-credentials", "netrc-password"):
            continue
        for other, ex in all_examples:
            if rx.search(ex):
                found_by_existing[other].add(rid)
    for e in c.errors:
        print("error:", e)
    if verbose:
        for w in c.warnings:
            print("warning:", w)
    not_reused = sorted(existing - reused)
    print(f"services: {len(services)} distinct")
    print(f"entries: {sum(kinds.values())} (token {kinds['token']}, context {kinds['context']}, "
          f"existing {kinds['existing']})")
    print(f"new rules (token + context): {kinds['token'] + kinds['context']}; with the "
          f"{len(existing)} existing rules: {len(existing) + kinds['token'] + kinds['context']}")
    print(f"existing rule ids mapped to a service: {len(reused)} of {len(existing)}")
    if not_reused and verbose:
        print("  not mapped:", ", ".join(not_reused))
    print(f"gitleaks ids: {len(gl)} listed, {mapped} mapped to a rule of ours, "
          f"{len(gl) - mapped} unmapped")
    print("by family (services / entries):")
    for fam in sorted(fam_entries):
        print(f"  {fam:14} {len(fam_services[fam]):4} / {fam_entries[fam]:4}")
    pairs = sorted(set(overlap_pairs))
    print(f"token regexes that match another entry's example: {len(overlaps)} "
          f"({len(pairs)} pairs)")
    if verbose:
        for a, b in pairs:
            print(f"  {a} matches an example of {b}")
    print(f"catalogue entries with an example that an existing (non-generic) rule already finds: "
          f"{len(found_by_existing)}")
    if verbose:
        for eid in sorted(found_by_existing):
            print(f"  {eid}: {', '.join(sorted(found_by_existing[eid]))}")
    print(f"{len(c.errors)} errors, {len(c.warnings)} warnings")
    sys.exit(1 if c.errors else 0)


if __name__ == "__main__":
    main()
