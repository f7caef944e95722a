"""Compact authoring helpers for the provider catalogue (rules/catalog/*.toml).

Each family module in this folder defines SERVICES, a list built with S(), T(), C() and E():

    S(service, homepage, *entries)            a distinct service
    T(id, description, format, sample, regex, keywords, **kw)
                                               a token with a distinctive format
    C(id, description, words, shape, **kw)     an opaque key recognised by the provider word
    E(id, gitleaks=[...])                      a secret that an existing rules/*.toml rule covers

`sample` is a template from which examples are generated (see gen.py): literal text with
{hex:40}, {alnum:32}, {uuid}, {pick:a|b} ... placeholders. The build script turns this into the
neutral TOML catalogue; nothing here is read by leakhound itself.
"""

SEVERITIES = ("critical", "high", "medium", "low", "info")


class Entry(dict):
    pass


def S(service, homepage, *entries, note=""):
    return {"service": service, "homepage": homepage, "entries": list(entries), "note": note}


def T(id, description, format, sample, regex, keywords, *, gitleaks=(), severity="high",
      confidence="medium", checksum="", public=False, remediation="", where="",
      references=(), certainty="observed", note="", lines=(), negatives=(), extra_examples=()):
    return Entry(kind="token", id=id, description=description, format=format, sample=sample,
                 regex=regex, keywords=list(keywords), gitleaks=list(gitleaks),
                 severity=severity, confidence=confidence, checksum=checksum, public=public,
                 remediation=remediation, where=where, references=list(references),
                 certainty=certainty, note=note, lines=list(lines), negatives=list(negatives),
                 extra_examples=list(extra_examples))


def C(id, description, words, shape, *, secret_words=(), value_prefix="", value_regex="",
      sample="", gitleaks=(), severity="high", public=False, remediation="", where="",
      references=(), certainty="observed", note="", lines=(), extra_examples=(),
      extra_negatives=()):
    return Entry(kind="context", id=id, description=description, words=list(words), shape=shape,
                 secret_words=list(secret_words), value_prefix=value_prefix,
                 value_regex=value_regex, sample=sample, gitleaks=list(gitleaks),
                 severity=severity,
                 public=public, remediation=remediation, where=where,
                 references=list(references), certainty=certainty, note=note, lines=list(lines),
                 extra_examples=list(extra_examples), extra_negatives=list(extra_negatives))


def E(id, gitleaks=(), note=""):
    return Entry(kind="existing", id=id, gitleaks=list(gitleaks), note=note)


# Common regex fragments (Rust and Python share this syntax).
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
END = r"(?:[^A-Za-z0-9_-]|$)"  # end of a token whose alphabet includes _ and -


def SC(service, homepage, id, description, words, shape, **kw):
    """A service with a single context entry (the long tail)."""
    kw.setdefault("certainty", "uncertain")
    return S(service, homepage, C(id, description, words, shape, **kw))
