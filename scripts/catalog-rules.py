#!/usr/bin/env python3
"""Turns the provider catalogue (rules/catalog/*.toml) into rules, mechanically.

Three jobs, all idempotent (a second run changes nothing; `--check` fails when a file is stale):

1. `[[service.token]]` entries (a distinctive token format) become rules in
   `rules/catalog-<family>.toml`, one file per catalogue family, generated in full. An entry whose
   `certainty` is `uncertain` keeps it in its description and a note; an identifier meant to be
   public (`public = true`) becomes a rule with `public = "<why>"` (counted and explained, never
   reported). Entries whose id a hand-written rule already has, and those in `LEFT_OUT` below, are
   left out.
2. `[[service.context]]` entries (an opaque key recognised by the provider word beside it) become
   named-context rules (`context`, `secretWords`, `shape`, `valuePrefix`, `valueRegex`) in
   `rules/catalog-context-<family>.toml`, the same way.
3. `[[service.existing]]` entries give the hand-written rules in `rules/*.toml` their `service`
   and `aliases` (the gitleaks ids they answer to): the two lines right after each rule's `id`
   are (re)written, nothing else in the file is touched.

Usage: python3 scripts/catalog-rules.py [--check] [--only tokens|context|existing] [--list-left-out]

After a merge that conflicts in rules/*.toml over the `service`/`aliases` lines: take either
side and rerun the script.
"""

import glob
import json
import os
import re
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "rules", "catalog")
RULES = os.path.join(ROOT, "rules")
GENERATED_PREFIX = "catalog-"

# Entries left out, with the reason (a hand-written rule already reports the same strings, or a
# review found the entry too weak to be a rule). `--list-left-out` prints them with the others.
STRIPE_FORMAT = "same sk_live_/sk_test_ format as Stripe's secret key rules, which report these strings"
LEFT_OUT = {
    "svix-signing-secret": "same whsec_ format as stripe-webhook-signing-secret (rules/payments.toml)",
    "clerk-secret-key": STRIPE_FORMAT,
    "culqi-secret-key": STRIPE_FORMAT,
    "moyasar-secret-key": STRIPE_FORMAT,
    "tap-secret-key": STRIPE_FORMAT,
    "vitally-api-key": STRIPE_FORMAT,
    "workos-api-key": STRIPE_FORMAT,
    "yoco-secret-key": STRIPE_FORMAT,
    "algolia-crawler-api-key": "algolia-admin-api-key (rules/saas.toml) reports the same strings",
    "elastic-cloud-api-key": "elastic-api-key (rules/observability.toml) reports the same strings",
    "cloudconvert-api-key": "its keys are JWTs of about 1200 characters, longer than the named-context "
    "form reads (1024); the jwt rule reports them",
    "fathom-api-key": "its tokens hold a `|` (`8620|...`), which ends an unquoted value in the "
    "assignment pass: an .env line would go unseen",
    "convex-deploy-key": "its keys hold a `|` (`prod:name|...`), which ends an unquoted value in the "
    "assignment pass: an .env line would go unseen",
    "curseforge-api-key": "its keys start with `$2a$10$`, which the assignment pass reads as a "
    "variable reference unless quoted",
}

# Context entries whose value is a JWT: the jwt rule (rules/keys.toml) reports every one, with its
# structure verified; a context rule would report the same string a second time.
JWT_SHAPE = "a JWT: the jwt rule reports it (structure verified); a second finding would repeat it"

# What a rule says of a format recalled with doubt (catalogue certainty `uncertain`).
UNVERIFIED = " (format unverified)"

# The least Shannon entropy (bits per byte) of a generated rule's secret: a random token of any of
# the catalogue's formats is far above it (the lowest example, 8:8 hex digits, is 3.0), a
# placeholder of one repeated character (`squ_0000...`, `tr_dev_xxxx...`) far below.
MIN_ENTROPY = 2.5


def toml_str(s):
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(s, ensure_ascii=False)


def toml_multi(s):
    """A regex as a '''literal''' string (no escaping), or a basic string when it cannot be."""
    if "'''" not in s and "\n" not in s and not s.endswith("'"):
        return "'''" + s + "'''"
    return json.dumps(s, ensure_ascii=False)


def toml_list(items, multi=False):
    f = toml_multi if multi else toml_str
    return "[" + ", ".join(f(i) for i in items) + "]"


def toml_lines(key, items):
    out = [f"{key} = ["]
    for i in items:
        out.append(f"    {toml_multi(i)},")
    out.append("]")
    return out


def families():
    """(family, parsed file) for every catalogue family file."""
    for path in sorted(glob.glob(os.path.join(CATALOG, "*.toml"))):
        name = os.path.basename(path)[: -len(".toml")]
        if name == "gitleaks-ids":
            continue
        with open(path, "rb") as f:
            yield name, tomllib.load(f)


def hand_written_files():
    return sorted(
        p
        for p in glob.glob(os.path.join(RULES, "*.toml"))
        if not os.path.basename(p).startswith(GENERATED_PREFIX)
    )


def rule_ids(paths):
    ids = set()
    for p in paths:
        with open(p, "rb") as f:
            for r in tomllib.load(f).get("rules", []):
                ids.add(r["id"])
    return ids


# Rules whose real tokens look like a placeholder class of the precision layer (rules/README.md):
# they opt out of it, with the reason.
PRECISION_OFF = {
    "roblox-security-cookie": "every real cookie starts with Roblox's English warning "
    "(_|WARNING:-DO-NOT-SHARE-THIS...steal-your-ROBUX...|_), which reads as placeholder text",
}


def header(kind, family):
    return [
        f"# {kind}, family '{family}': generated by scripts/catalog-rules.py from",
        f"# rules/catalog/{family}.toml (itself generated from scripts/catalog/{family.replace('-', '_')}.py).",
        "# Do not edit: change the catalogue source, rebuild it, then rerun the script.",
    ]


def public_reason(service, e):
    """The `public` line of an identifier meant to be public: why it is not a secret."""
    why = e.get("note") or f"{service['service']} publishes it to clients"
    return f"{e['description']}: not a secret by itself ({why})"


def common_fields(out, service, e, family, kind):
    """The lines every generated rule has after its matching fields: severity, tags, public,
    remediation, references, examples."""
    out.append(f"severity = {toml_str(e['severity'])}")
    out.append(f"tags = {toml_list([family, 'catalog'] + ([kind] if kind else []))}")
    if e.get("public"):
        out.append(f"public = {toml_str(public_reason(service, e))}")
    out.append(f"remediation = {toml_str(e['remediation'])}")
    refs = e.get("references", [])
    if not refs and service.get("homepage"):
        refs = [service["homepage"]]
    out.append(f"references = {toml_list(refs)}")
    out.extend(toml_lines("examples", e["examples"]))
    out.extend(toml_lines("negativeExamples", e["negative_examples"]))


def head_fields(out, service, e, comment):
    """The comment, `[[rules]]`, id, service, aliases and description of a generated rule."""
    out.append("")
    out.append(f"# {comment} ({e['certainty']})")
    if e.get("note"):
        out.append(f"# Note: {e['note']}")
    out.append("[[rules]]")
    out.append(f"id = {toml_str(e['id'])}")
    out.append(f"service = {toml_str(service['service'])}")
    aliases = [a for a in e.get("gitleaks", []) if a != e["id"]]
    if aliases:
        out.append(f"aliases = {toml_list(aliases)}")
    description = e["description"]
    if e["certainty"] == "uncertain":
        description += UNVERIFIED
    out.append(f"description = {toml_str(description)}")


def left_out(e, taken):
    """Why entry `e` is not turned into a rule, or None."""
    if e["id"] in taken:
        return "a hand-written rule has this id"
    if e["id"] in LEFT_OUT:
        return LEFT_OUT[e["id"]]
    if e.get("shape") == "jwt":
        return JWT_SHAPE
    return None


def render_family(family, data, taken):
    """The rules file of one family's token entries. Returns (text, converted, skipped) where
    skipped lists (id, reason)."""
    out = header("Provider tokens", family) + [
        "# Each format is the provider's documented (or widely observed) token format; the",
        "# examples are random material generated by the catalogue from each entry's template.",
    ]
    skipped = []
    chosen = list(converted_entries(data, "token", taken, skipped))
    for service, t in chosen:
        head_fields(out, service, t, t["format"])
        out.append(f"regex = {toml_multi(t['regex'])}")
        out.append(f"entropy = {MIN_ENTROPY}")
        if t["id"] in PRECISION_OFF:
            out.append(f"precision = {toml_str('off: ' + PRECISION_OFF[t['id']])}")
        out.append(f"keywords = {toml_list(t['keywords'])}")
        common_fields(out, service, t, family, None)
    return "\n".join(out) + "\n", len(chosen), skipped


def converted_entries(data, kind, taken, skipped):
    """(service, entry) for each `kind` entry ("token", "context") of a family that becomes a
    rule; each one left out goes to `skipped` as (id, reason)."""
    for service in data.get("service", []):
        for entry in service.get(kind, []):
            why = left_out(entry, taken)
            if why:
                skipped.append((entry["id"], why))
            else:
                yield service, entry


def keyword_variants(word):
    """The keywords of a context word: the word as written and, when it has separators, its
    other spellings (`writer_api`: `writer-api`, `writerapi`, which `WriterApiKey` holds), since
    the keyword pass looks for literal text while keys are compared without separators."""
    w = word.lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", w) if p]
    out = [w]
    if len(parts) > 1:
        for v in ("_".join(parts), "-".join(parts), "".join(parts)):
            if v not in out:
                out.append(v)
    return out


def render_context_family(family, data, taken):
    """The rules file of one family's context entries (named-context rules)."""
    out = header("Named-context rules", family) + [
        "# An opaque key recognised by the provider word in its key name: a provider word and a",
        "# secret word in the key, and a whole value of the shape (docs/detection.md).",
    ]
    skipped = []
    chosen = list(converted_entries(data, "context", taken, skipped))
    for service, c in chosen:
        head_fields(out, service, c, f"context {', '.join(c['words'])}; value {c['shape']}")
        out.append(f"context = {toml_list(c['words'])}")
        keywords = [k for w in c["words"] for k in keyword_variants(w)]
        if keywords != [w.lower() for w in c["words"]]:
            out.append(f"keywords = {toml_list(keywords)}")
        if c.get("secret_words"):
            out.append(f"secretWords = {toml_list(c['secret_words'])}")
        out.append(f"shape = {toml_str(c['shape'])}")
        if c.get("value_prefix"):
            out.append(f"valuePrefix = {toml_str(c['value_prefix'])}")
        if c.get("value_regex"):
            out.append(f"valueRegex = {toml_multi(c['value_regex'])}")
        common_fields(out, service, c, family, "context")
    return "\n".join(out) + "\n", len(chosen), skipped


ID_LINE = re.compile(r"^id = (['\"])(.*?)\1\s*$")


def annotate(text, existing):
    """`text` (a hand-written rules file) with the `service` and `aliases` lines after each
    rule's id set from `existing` (id -> (service, aliases))."""
    lines = text.split("\n")
    out = []
    i = 0
    in_rule = False
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if line.strip() == "[[rules]]":
            in_rule = True
        m = ID_LINE.match(line)
        if in_rule and m:
            in_rule = False
            j = i + 1
            while j < len(lines) and (
                lines[j].startswith("service = ") or lines[j].startswith("aliases = ")
            ):
                j += 1
            entry = existing.get(m.group(2))
            if entry:
                service, aliases = entry
                out.append(f"service = {toml_str(service)}")
                if aliases:
                    out.append(f"aliases = {toml_list(aliases)}")
            i = j
            continue
        i += 1
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    check = "--check" in args
    only = args[args.index("--only") + 1] if "--only" in args else None
    stale = []

    def write(path, text):
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old == text:
            return
        stale.append(os.path.relpath(path, ROOT))
        if not check:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

    hand = hand_written_files()
    taken = rule_ids(hand)
    existing = {}
    totals = {"tokens": 0, "context": 0}
    skipped_all = []
    wanted = set()
    for family, data in families():
        for service in data.get("service", []):
            for e in service.get("existing", []):
                aliases = [a for a in e.get("gitleaks", []) if a != e["id"]]
                prev = existing.get(e["id"])
                if prev:
                    aliases = prev[1] + [a for a in aliases if a not in prev[1]]
                existing[e["id"]] = (service["service"], aliases)
        for kind, render, name in (
            ("tokens", render_family, f"{GENERATED_PREFIX}{family}.toml"),
            ("context", render_context_family, f"{GENERATED_PREFIX}context-{family}.toml"),
        ):
            text, converted, skipped = render(family, data, taken)
            skipped_all += skipped
            path = os.path.join(RULES, name)
            if converted:
                wanted.add(path)
            if only not in (None, kind):
                continue
            if converted:
                write(path, text)
                totals[kind] += converted
    for path in glob.glob(os.path.join(RULES, f"{GENERATED_PREFIX}*.toml")):
        if path not in wanted and only in (None, "tokens", "context"):
            stale.append(os.path.relpath(path, ROOT))
            if not check:
                os.remove(path)
    missing = sorted(taken - set(existing))
    for path in hand if only in (None, "existing") else []:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        write(path, annotate(text, existing))
    if check:
        if stale:
            print("stale (run scripts/catalog-rules.py):", ", ".join(stale))
            sys.exit(1)
        print("catalog rules up to date")
        return
    print(f"{totals['tokens']} token rules and {totals['context']} context rules written; "
          f"{len(skipped_all)} entries left out")
    if "--list-left-out" in args:
        for sid, why in skipped_all:
            print(f"  {sid}: {why}")
    if missing:
        print("hand-written rules with no catalogue entry (no service):", ", ".join(missing))
    print("files changed:", ", ".join(stale) if stale else "none")


if __name__ == "__main__":
    main()
