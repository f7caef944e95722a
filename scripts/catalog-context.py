#!/usr/bin/env python3
"""Renders context entries of the provider catalogue (rules/catalog/*.toml, `[[service.context]]`)
as named-context rules (`context`, `secretWords`, `shape`, `valuePrefix`, `valueRegex`), the form
`rules/*.toml` loads. Prints TOML on standard output.

Usage: scripts/catalog-context.py ID...     (catalogue ids; an unknown id is an error)

`leakhound rules check` then runs each rule's examples and negative examples through the matcher,
as for every rule. The catalogue's `words` become `context` (also the rule's keywords), its
`secret_words` become `secretWords`; `confidence`, `public`, `certainty`, `note` and `gitleaks`
are kept as comments until the rule schema has fields for them (issue 19).
"""
import glob, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lit(s):
    return "'''" + s + "'''" if "'" not in s else '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def strings(xs):
    return "[" + ", ".join(lit(x) for x in xs) + "]"


def main(ids):
    entries = {}
    for f in sorted(glob.glob(str(ROOT / "rules/catalog/*.toml"))):
        for service in tomllib.load(open(f, "rb")).get("service", []):
            for c in service.get("context", []):
                entries[c["id"]] = (service["service"], c)
    missing = [i for i in ids if i not in entries]
    if missing:
        sys.exit(f"catalog-context: not a catalogue context entry: {', '.join(missing)}")
    for i in ids:
        service, c = entries[i]
        print("[[rules]]")
        print(f'id = "{i}"')
        print(f"service = {lit(service)}")
        print(f"description = {lit(c['description'])}")
        print(f"# {service}; catalogue certainty {c['certainty']}, confidence {c['confidence']}"
              + (", public by design" if c.get("public") else "")
              + (f"; gitleaks: {', '.join(c['gitleaks'])}" if c.get("gitleaks") else ""))
        if c.get("note"):
            print(f"# {c['note']}")
        print(f"context = {strings(c['words'])}")
        if c.get("secret_words"):
            print(f"secretWords = {strings(c['secret_words'])}")
        print(f"shape = {lit(c['shape'])}")
        if c.get("value_prefix"):
            print(f"valuePrefix = {lit(c['value_prefix'])}")
        if c.get("value_regex"):
            print(f"valueRegex = {lit(c['value_regex'])}")
        print(f'severity = "{c["severity"]}"')
        print(f"tags = [\"context\"]")
        print(f"remediation = {lit(c['remediation'])}")
        if c.get("references"):
            print(f"references = {strings(c['references'])}")
        print("examples = [")
        for e in c["examples"]:
            print(f"    {lit(e)},")
        print("]")
        print("negativeExamples = [")
        for e in c["negative_examples"]:
            print(f"    {lit(e)},")
        print("]")
        print()


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__.strip())
    main(sys.argv[1:])
