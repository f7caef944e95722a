#!/usr/bin/env python3
"""Build the provider catalogue rules/catalog/<family>.toml from scripts/catalog/<family>.py.

The family modules hold the facts (service, token format, regex, keywords, severity, ...); this
script renders them as neutral TOML and generates the examples from each entry's sample template
with a random generator seeded by the entry id, so a rebuild is byte-for-byte stable. It also
writes rules/catalog/gitleaks-ids.toml from scripts/catalog/gitleaks_ids.py and the gitleaks ids
that the entries name.

    python3 scripts/catalog-build.py            # rebuild every family
    python3 scripts/catalog-build.py --check    # fail if a committed TOML file is out of date
"""
import hashlib
import importlib
import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "scripts" / "catalog"
OUT = ROOT / "rules" / "catalog"
sys.path.insert(0, str(SRC))

import shapes  # noqa: E402

FAMILIES = ["ai", "cloud", "identity", "cicd", "vcs", "registries", "payments", "comms", "email",
            "monitoring", "crm", "productivity", "maps", "storage", "databases", "crypto",
            "finance", "security", "ecommerce", "marketing", "analytics", "media", "dev-tools",
            "keys", "misc"]


def rng_for(entry_id, salt=""):
    seed = int.from_bytes(hashlib.sha256((entry_id + salt).encode()).digest()[:8], "big")
    return random.Random(seed)


def names(entry_id):
    words = [w for w in re.split(r"[-_.]", entry_id) if w]
    var = "_".join(words)
    camel = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return var.upper(), var.lower(), camel, "-".join(w.capitalize() for w in words)


def klass(service):
    return re.sub(r"[^A-Za-z0-9]", "", service.title()) or "Api"


TOKEN_LINES = [
    "{VAR}={tok}",
    'export {VAR}="{tok}"',
    "  {var}: {tok}",
    '    "{camel}": "{tok}",',
    '{var} = "{tok}"',
    "const {camel} = '{tok}';",
    'client = {Svc}Client(api_key="{tok}")',
    'curl -H "Authorization: Bearer {tok}" {homepage}',
    'os.environ.setdefault("{VAR}", "{tok}")',
    '<add key="{Hdr}" value="{tok}" />',
]

CONTEXT_LINES = [
    "{VAR}={val}",
    '  {var}: "{val}"',
    '    "{camel}": "{val}",',
    "export {VAR}='{val}'",
    '{camel} := "{val}"',
    'settings.{var} = "{val}"',
    'curl -H "X-{Hdr}: {val}" {homepage}',
]


def fill(template, **kw):
    # Only our own {NAME} placeholders are replaced; other braces stay as they are.
    return re.sub(r"\{(VAR|var|camel|Hdr|Svc|tok|val|homepage)\}", lambda m: kw[m.group(1)],
                  template)


def token_examples(svc, e):
    rng = rng_for(e["id"])
    VAR, var, camel, Hdr = names(e["id"])
    kw = dict(VAR=VAR, var=var, camel=camel, Hdr=Hdr, Svc=klass(svc["service"]),
              homepage=svc["homepage"])
    pool = e["lines"] or TOKEN_LINES
    picks = rng.sample(range(len(pool)), min(3, len(pool)))
    examples = [fill(pool[i], tok=shapes.expand(e["sample"], rng), **kw) for i in picks]
    for extra in e["extra_examples"]:
        examples.append(fill(extra, tok=shapes.expand(e["sample"], rng), **kw))
    rx = re.compile(e["regex"])
    negatives = []
    short = shapes.expand(e["sample"], rng, shrink_last=True)
    cand = [fill(pool[picks[0]], tok=short, **kw), '%s="${%s}"' % (VAR, VAR)]
    cand += [fill(n, tok=short, **kw) for n in e["negatives"]]
    for c in cand:
        if not rx.search(c) and c not in negatives:
            negatives.append(c)
    return examples, negatives


def context_key(e):
    VAR, var, camel, Hdr = names(e["id"])
    words = [shapes.norm(w) for w in e["words"]]
    sw = [shapes.norm(w) for w in (e["secret_words"] or shapes.DEFAULT_SECRET_WORDS)]
    key = shapes.norm(VAR)
    if any(w in key for w in words) and any(w in key for w in sw):
        return e["id"]
    second = (e["secret_words"] or ["api_key"])[0]
    return f"{e['words'][0]}_{second}"


def context_examples(svc, e):
    rng = rng_for(e["id"])
    VAR, var, camel, Hdr = names(context_key(e))
    kw = dict(VAR=VAR, var=var, camel=camel, Hdr=Hdr, Svc=klass(svc["service"]),
              homepage=svc["homepage"])
    pool = e["lines"] or CONTEXT_LINES
    picks = rng.sample(range(len(pool)), min(3, len(pool)))

    def value():
        return shapes.gen_value(e["shape"], rng, e["value_prefix"], e["sample"])

    examples = [fill(pool[i], val=value(), **kw) for i in picks]
    v = value()
    cut = v[: max(4, len(v) // 2)]
    cand = [fill(pool[picks[0]], val=cut, **kw),
            fill(pool[picks[1]], val=v, **dict(kw, VAR="SESSION_CACHE_KEY",
                                                 var="session_cache_key",
                                                 camel="sessionCacheKey", Hdr="Request-Id")),
            '%s="${%s}"' % (VAR, VAR)]
    if not e["secret_words"]:
        w = re.sub(r"[^A-Za-z0-9]", "_", e["words"][0]).upper()
        cand.append(f"{w}_ACCOUNT_ID={v}")
    negatives = []
    for c in cand:
        if not shapes.context_matches(e, c) and c not in negatives:
            negatives.append(c)
    # Literal lines written for a form the generated ones do not show (an Authorization
    # scheme, a URL query).
    examples += e.get("extra_examples", [])
    negatives += e.get("extra_negatives", [])
    return examples, negatives


def remediation(svc, e):
    if e.get("remediation"):
        return e["remediation"]
    if e.get("public"):
        return (f"Not a secret by itself ({svc['service']} publishes it to clients); check that "
                "no secret counterpart was committed beside it.")
    if e.get("where"):
        return (f"Revoke it in {svc['service']} under {e['where']} and create a new one; update "
                "every place that uses it.")
    return (f"Revoke the {e['description']} in the "
            f"{svc['service']} console and issue a new one; update every place that uses it.")


def s(v):
    """A TOML string: a literal string where possible (regexes stay readable)."""
    if "'" not in v and "\n" not in v and not any(ord(c) < 32 for c in v):
        return "'" + v + "'"
    if "'''" not in v and not v.startswith("'") and not v.endswith("'") and "\n" not in v \
            and not any(ord(c) < 32 for c in v):
        return "'''" + v + "'''"
    return json.dumps(v)


def arr(vs, multiline=False):
    if not multiline:
        return "[" + ", ".join(s(v) for v in vs) + "]"
    return "[\n" + "".join(f"    {s(v)},\n" for v in vs) + "]"


def render(family, services):
    out = [f"# Provider catalogue, family {family!r}: the source of future rules, not rules in",
           "# today's schema. Generated by scripts/catalog-build.py from",
           f"# scripts/catalog/{family.replace('-', '_')}.py: edit there and rebuild. Schema in README.md.",
           ""]
    for svc in services:
        out.append("[[service]]")
        out.append(f"service = {s(svc['service'])}")
        out.append(f"homepage = {s(svc['homepage'])}")
        if svc["note"]:
            out.append(f"note = {s(svc['note'])}")
        out.append("")
        for e in svc["entries"]:
            if e["kind"] == "existing":
                out.append("[[service.existing]]")
                out.append(f"id = {s(e['id'])}")
                out.append(f"gitleaks = {arr(e['gitleaks'])}")
                if e["note"]:
                    out.append(f"note = {s(e['note'])}")
                out.append("")
                continue
            if e["kind"] == "token":
                ex, neg = token_examples(svc, e)
                sev = e["severity"] if not (e["public"] and e["severity"] == "high") else "info"
                out += ["[[service.token]]", f"id = {s(e['id'])}",
                        f"gitleaks = {arr(e['gitleaks'])}",
                        f"description = {s(e['description'])}", f"format = {s(e['format'])}",
                        f"sample = {s(e['sample'])}", f"regex = '''{e['regex']}'''",
                        f"keywords = {arr(e['keywords'])}", f"checksum = {s(e['checksum'])}",
                        f"severity = {s(sev)}", f"confidence = {s(e['confidence'])}"]
            else:
                ex, neg = context_examples(svc, e)
                sev = e["severity"] if not (e["public"] and e["severity"] == "high") else "info"
                out += ["[[service.context]]", f"id = {s(e['id'])}",
                        f"gitleaks = {arr(e['gitleaks'])}",
                        f"description = {s(e['description'])}", f"words = {arr(e['words'])}"]
                if e["secret_words"]:
                    out.append(f"secret_words = {arr(e['secret_words'])}")
                out.append(f"shape = {s(e['shape'])}")
                if e["value_prefix"]:
                    out.append(f"value_prefix = {s(e['value_prefix'])}")
                if e["value_regex"]:
                    out.append(f"value_regex = '''{e['value_regex']}'''")
                if e["sample"]:
                    out.append(f"sample = {s(e['sample'])}")
                out += [f"severity = {s(sev)}", "confidence = 'low'"]
            out += [f"public = {'true' if e['public'] else 'false'}",
                    f"certainty = {s(e['certainty'])}",
                    f"remediation = {s(remediation(svc, e))}",
                    f"references = {arr(e['references'])}"]
            if e["note"]:
                out.append(f"note = {s(e['note'])}")
            if len(neg) < 1:
                raise SystemExit(f"{e['id']}: no negative example survives")
            out.append(f"examples = {arr(ex, True)}")
            out.append(f"negative_examples = {arr(neg, True)}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def gitleaks_table(all_services):
    import gitleaks_ids
    covered = {}
    for svc in all_services:
        for e in svc["entries"]:
            for g in e["gitleaks"]:
                covered.setdefault(g, []).append(e["id"])
    known = dict(gitleaks_ids.IDS)
    unknown = sorted(set(covered) - set(known))
    if unknown:
        raise SystemExit(f"gitleaks ids named by entries but missing from gitleaks_ids.py: {unknown}")
    out = ["# gitleaks rule ids (gitleaks 8.x default configuration, from memory: see note fields)",
           "# mapped to the leakhound rule ids that cover the same secret. `ours` empty = no rule of",
           "# ours covers it yet. Generated by scripts/catalog-build.py from",
           "# scripts/catalog/gitleaks_ids.py and the `gitleaks` fields of the catalogue entries.", ""]
    for gid in sorted(known):
        note = known[gid]
        out.append("[[gitleaks]]")
        out.append(f"id = {s(gid)}")
        out.append(f"ours = {arr(sorted(set(covered.get(gid, []))))}")
        if note:
            out.append(f"note = {s(note)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main():
    check = "--check" in sys.argv
    files = {}
    all_services = []
    for fam in FAMILIES:
        mod_name = fam.replace("-", "_")
        if not (SRC / f"{mod_name}.py").exists():
            continue
        mod = importlib.import_module(mod_name)
        files[f"{fam}.toml"] = render(fam, mod.SERVICES)
        all_services += mod.SERVICES
    files["gitleaks-ids.toml"] = gitleaks_table(all_services)
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = OUT / name
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        print("out of date (run scripts/catalog-build.py):", ", ".join(stale))
        sys.exit(1)
    print(f"{'checked' if check else 'wrote'} {len(files)} files in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
