#!/usr/bin/env python3
"""Builds the labelled detection corpus, tests/corpus/, from the templates in tests/corpus-src/.

Usage: scripts/corpus-gen.py [--check]

Every secret in the corpus is random material made here, in the provider's documented shape
(prefix, length, alphabet, checksum where the format has one); none is copied from anywhere. The
templates are realistic files written by hand in which each labelled value is a marker:

    «S:CLASS:EXPR»     a secret: EXPR is a Python expression over the generators below (gh('ghp'),
                       pw(20), hexs(32), pem_rsa(), ...); its value is written in place
    «D:CLASS:EXPR»     a decoy whose value is generated (a git SHA, an integrity hash, a UUID, ...)
    «D:CLASS|TEXT»     a decoy written literally (a placeholder, a template, a non-secret name, ...)
    «S:CLASS|TEXT»     a secret written literally (only for values built from other markers' parts)

Expressions may end in `@NAME` to keep the value under NAME for a later marker (`ref('NAME')`),
e.g. a password that appears once in clear and once inside a base64 Basic header.

A bundle file holds several corpus files, each after a line `##### FILE: relative/path`. The
random material is drawn from a generator seeded by the file's path and the marker's index, so the
output is the same on every run and editing one file changes no other file's secrets.

The result: the corpus files and tests/corpus/labels.toml (see tests/corpus/README.md for the
format). --check regenerates in memory and fails if the committed files differ.
"""
import base64, hashlib, hmac, json, random, re, string, sys, zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "corpus-src"
OUT = ROOT / "tests" / "corpus"

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
B64URL = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
B32 = string.ascii_uppercase + "234567"

R = random.Random(0)  # replaced per marker


def pick(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def alnum(n):
    return pick(ALNUM, n)


def lower_alnum(n):
    return pick(string.ascii_lowercase + string.digits, n)


def upper_alnum(n):
    return pick(string.ascii_uppercase + string.digits, n)


def letters(n):
    return pick(string.ascii_letters, n)


def hexs(n):
    return pick(HEX, n)


def HEXS(n):
    return pick(HEX.upper(), n)


def digits(n):
    return str(R.randint(1, 9)) + pick(string.digits, n - 1)


def b64chars(n):
    return pick(B64, n)


def b64url(n):
    return pick(B64URL, n)


def base32(n):
    return pick(B32, n)


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(x):
    """Standard base64 of a string or bytes (with padding)."""
    if isinstance(x, str):
        x = x.encode()
    return base64.b64encode(x).decode()


def b64u(x):
    """Unpadded base64url of a string or bytes."""
    if isinstance(x, str):
        x = x.encode()
    return base64.urlsafe_b64encode(x).decode().rstrip("=")


def b64_bytes(n):
    """Standard base64 of n random bytes."""
    return b64(rbytes(n))


def pct(s):
    from urllib.parse import quote

    return quote(s, safe="")


def uuid4():
    h = list(hexs(32))
    h[12] = "4"
    h[16] = R.choice("89ab")
    h = "".join(h)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def pw(n=20, symbols="!*-_+=.~^"):
    """A random password with upper, lower, digits and symbols (no quotes, no spaces, no $)."""
    alphabet = string.ascii_letters + string.digits + symbols
    while True:
        s = pick(alphabet, n)
        if (
            any(c.islower() for c in s)
            and any(c.isupper() for c in s)
            and any(c.isdigit() for c in s)
            and (not symbols or any(c in symbols for c in s))
            and s[0] not in "-=#.~"
        ):
            return s


def words_pw(n=4, sep="-"):
    """A passphrase of random syllables and a number (like a human-chosen strong password)."""
    syll = ["ka", "lo", "mi", "ren", "tor", "vex", "quin", "bra", "shu", "dal", "nor", "pey",
            "zig", "fum", "cro", "lix", "ome", "sta", "gru", "wen", "hap", "jol", "tev", "yus"]
    parts = ["".join(R.choice(syll) for _ in range(R.randint(2, 3))) for _ in range(n)]
    parts[R.randrange(n)] = parts[0].capitalize()
    return sep.join(parts) + sep + digits(3)


def crc_b62(s):
    n = zlib.crc32(s.encode()) & 0xFFFFFFFF
    out = ""
    for _ in range(6):
        out = B62[n % 62] + out
        n //= 62
    return out


def gh(prefix="ghp"):
    """GitHub token: prefix_, 30 base62 characters, the base62 CRC32 of those 30 (6 chars)."""
    body = pick(B62, 30)
    return f"{prefix}_{body}{crc_b62(body)}"


def ghpat():
    return f"github_pat_{pick(B62, 22)}_{pick(B62, 59)}"


def npm():
    body = pick(B62, 30)
    return f"npm_{body}{crc_b62(body)}"


def aws_id(prefix="AKIA"):
    return prefix + base32(16)


def aws_secret():
    return pick(ALNUM + "/+", 40)


def aws_session():
    """An STS session token: base64 of a binary blob that starts like the real ones do."""
    head = R.choice(["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "IQoJb3JpZ2luX2VjE"])
    body = b64(rbytes(R.randint(300, 520)))
    return head + body[len(head):]


def jwt(claims=None, alg="HS256", key=None):
    """A JWT signed for real: HS256 with a random key, or RS256-shaped with a random signature."""
    header = {"alg": alg, "typ": "JWT"}
    if claims is None:
        claims = {"sub": uuid4(), "iat": R.randint(1600000000, 1750000000),
                  "exp": R.randint(1750000000, 1900000000), "scope": "read write"}
    signing_input = b64u(json.dumps(header, separators=(",", ":"))) + "." + b64u(
        json.dumps(claims, separators=(",", ":")))
    if alg == "HS256":
        key = key if key is not None else rbytes(32)
        if isinstance(key, str):
            key = key.encode()
        sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    else:
        sig = rbytes(256)
    return signing_input + "." + b64u(sig)


def jwt_sample_public():
    """The jwt.io debugger's documented sample token, built from its documented parts (header
    HS256/JWT, payload sub 1234567890 / John Doe / iat 1516239022, key "your-256-bit-secret")."""
    header = b64u('{"alg":"HS256","typ":"JWT"}')
    payload = b64u('{"sub":"1234567890","name":"John Doe","iat":1516239022}')
    sig = hmac.new(b"your-256-bit-secret", f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64u(sig)}"


# ---- keys --------------------------------------------------------------------------------------


def _prime(bits):
    def probable(n):
        if n % 2 == 0:
            return False
        d, s = n - 1, 0
        while d % 2 == 0:
            d, s = d // 2, s + 1
        for _ in range(20):
            a = R.randrange(2, n - 2)
            x = pow(a, d, n)
            if x in (1, n - 1):
                continue
            for _ in range(s - 1):
                x = pow(x, 2, n)
                if x == n - 1:
                    break
            else:
                return False
        return True

    while True:
        n = R.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        small = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        if any(n % p == 0 for p in small):
            continue
        if probable(n):
            return n


def _rsa(bits=2048):
    from cryptography.hazmat.primitives.asymmetric import rsa

    e = 65537
    while True:
        p, q = _prime(bits // 2), _prime(bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    d = pow(e, -1, phi)
    pub = rsa.RSAPublicNumbers(e, p * q)
    priv = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub)
    return priv.private_key()


def _pem(key, fmt):
    from cryptography.hazmat.primitives import serialization as ser

    return key.private_bytes(ser.Encoding.PEM, fmt, ser.NoEncryption()).decode()


class Multi(str):
    """A generated value that spans lines; `sub` is the label's text (a piece of the body)."""

    def __new__(cls, text, sub, alts=()):
        s = super().__new__(cls, text)
        s.sub = sub
        s.alts = list(alts)
        return s


def _body_piece(pem):
    lines = [l for l in pem.splitlines() if l and not l.startswith("-----") and ":" not in l]
    line = lines[min(2, len(lines) - 1)]
    return line[4:28]


def _shape(pem, indent="", escaped=False):
    pem = pem.rstrip("\n")
    sub = _body_piece(pem)
    if escaped:
        return Multi(pem.replace("\n", "\\n") + "\\n", sub)
    return Multi(pem.replace("\n", "\n" + indent), sub)


def pem_rsa(indent="", escaped=False, bits=2048):
    from cryptography.hazmat.primitives import serialization as ser

    return _shape(_pem(_rsa(bits), ser.PrivateFormat.TraditionalOpenSSL), indent, escaped)


def pem_pkcs8(indent="", escaped=False, bits=2048):
    from cryptography.hazmat.primitives import serialization as ser

    return _shape(_pem(_rsa(bits), ser.PrivateFormat.PKCS8), indent, escaped)


def _ec_key(curve="P-256"):
    from cryptography.hazmat.primitives.asymmetric import ec

    c = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}[curve]
    order = {"P-256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
             "P-384": int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                          "581a0db248b0a77aecec196accc52973", 16)}[curve]
    return ec.derive_private_key(R.randrange(1, order), c)


def pem_ec(indent="", escaped=False, curve="P-256"):
    from cryptography.hazmat.primitives import serialization as ser

    return _shape(_pem(_ec_key(curve), ser.PrivateFormat.TraditionalOpenSSL), indent, escaped)


def pem_ec_pkcs8(indent="", escaped=False):
    from cryptography.hazmat.primitives import serialization as ser

    return _shape(_pem(_ec_key(), ser.PrivateFormat.PKCS8), indent, escaped)


def _sshstr(b):
    if isinstance(b, str):
        b = b.encode()
    return len(b).to_bytes(4, "big") + b


def openssh_ed25519(indent="", comment="deploy@ci"):
    """An unencrypted OpenSSH private key file (openssh-key-v1) for a fresh Ed25519 key."""
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives import serialization as ser

    seed = rbytes(32)
    k = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    pub = k.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    pubblob = _sshstr("ssh-ed25519") + _sshstr(pub)
    check = rbytes(4)
    priv = check + check + _sshstr("ssh-ed25519") + _sshstr(pub) + _sshstr(seed + pub) + _sshstr(comment)
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b"openssh-key-v1\0" + _sshstr("none") + _sshstr("none") + _sshstr(b"") +
            (1).to_bytes(4, "big") + _sshstr(pubblob) + _sshstr(priv))
    body = b64(blob)
    lines = [body[i:i + 70] for i in range(0, len(body), 70)]
    text = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----"
    return Multi(text.replace("\n", "\n" + indent), lines[1][4:28])


def ssh_pub_ed25519(comment="ops@bastion"):
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives import serialization as ser

    k = ed25519.Ed25519PrivateKey.from_private_bytes(rbytes(32))
    pub = k.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    return "ssh-ed25519 " + b64(_sshstr("ssh-ed25519") + _sshstr(pub)) + " " + comment


def pem_public(indent=""):
    """A PEM public key (public by design)."""
    from cryptography.hazmat.primitives import serialization as ser

    k = _ec_key()
    text = k.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo).decode()
    return Multi(text.rstrip("\n").replace("\n", "\n" + indent), text.splitlines()[1][4:28])


def pem_cert(indent=""):
    """A self-signed certificate for a fresh key (public by design)."""
    import datetime
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ed25519

    # Ed25519 signatures are deterministic, so the certificate is the same on every run.
    k = ed25519.Ed25519PrivateKey.from_private_bytes(rbytes(32))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "internal.example.test")])
    t = datetime.datetime(2024, 1, 1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(k.public_key())
            .serial_number(R.getrandbits(64)).not_valid_before(t)
            .not_valid_after(t + datetime.timedelta(days=825)).sign(k, None))
    text = cert.public_bytes(ser.Encoding.PEM).decode()
    return Multi(text.rstrip("\n").replace("\n", "\n" + indent), text.splitlines()[2][4:28])


def _crc24(data):
    crc = 0xB704CE
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_private(indent=""):
    """An ASCII-armoured PGP private key block: a secret-key packet header and random key
    material, with the armour's real CRC24."""
    data = bytes([0x95, 0x03, 0xC6]) + bytes([4]) + rbytes(4) + bytes([1]) + rbytes(900)
    body = b64(data)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    crc = "=" + b64(_crc24(data).to_bytes(3, "big"))
    text = ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + "\n".join(lines) + "\n" + crc +
            "\n-----END PGP PRIVATE KEY BLOCK-----")
    return Multi(text.replace("\n", "\n" + indent), lines[2][4:28])


def putty_key(comment="rsa-key-20240311"):
    """A PuTTY-User-Key-File-3 (unencrypted) with random key blobs and a random MAC."""
    pub = b64(_sshstr("ssh-rsa") + rbytes(270))
    priv = b64(rbytes(660))
    pl = [pub[i:i + 64] for i in range(0, len(pub), 64)]
    vl = [priv[i:i + 64] for i in range(0, len(priv), 64)]
    text = (f"PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: {comment}\n"
            f"Public-Lines: {len(pl)}\n" + "\n".join(pl) + f"\nPrivate-Lines: {len(vl)}\n" +
            "\n".join(vl) + f"\nPrivate-MAC: {hexs(64)}")
    return Multi(text, "PuTTY-User-Key-File-3")


def age_key():
    bech = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    return "AGE-SECRET-KEY-1" + pick(bech, 58).upper()


def _b64u_int(n, size):
    return b64u(n.to_bytes(size, "big"))


def jwk_rsa(indent="  ", kid=None):
    """A pretty-printed private RSA JWK."""
    k = _rsa(2048)
    p = k.private_numbers()
    n = p.public_numbers.n
    d = {"kty": "RSA", "kid": kid or uuid4(), "use": "sig", "alg": "RS256",
         "n": _b64u_int(n, 256), "e": "AQAB", "d": _b64u_int(p.d, 256),
         "p": _b64u_int(p.p, 128), "q": _b64u_int(p.q, 128), "dp": _b64u_int(p.dmp1, 128),
         "dq": _b64u_int(p.dmq1, 128), "qi": _b64u_int(p.iqmp, 128)}
    text = json.dumps(d, indent=2).replace("\n", "\n" + indent)
    return Multi(text, d["d"][10:40])


def jwk_ec(indent="  "):
    k = _ec_key()
    p = k.private_numbers()
    d = {"kty": "EC", "crv": "P-256", "kid": hexs(16),
         "x": _b64u_int(p.public_numbers.x, 32), "y": _b64u_int(p.public_numbers.y, 32),
         "d": _b64u_int(p.private_value, 32)}
    text = json.dumps(d, indent=2).replace("\n", "\n" + indent)
    return Multi(text, d["d"][5:35])


def jwk_rsa_public(indent="  "):
    """A public RSA JWK (what a JWKS endpoint publishes)."""
    n = _prime(1024) * _prime(1024)
    d = {"kty": "RSA", "kid": hexs(40), "use": "sig", "alg": "RS256", "n": _b64u_int(n, 256), "e": "AQAB"}
    text = json.dumps(d, indent=2).replace("\n", "\n" + indent)
    return Multi(text, d["n"][10:40])


def gcp_sa(project="acme-data-prod", indent="", oneline=False):
    """A GCP service-account key file (pretty-printed JSON) with a fresh private key."""
    from cryptography.hazmat.primitives import serialization as ser

    pem = _pem(_rsa(2048), ser.PrivateFormat.PKCS8)
    email = f"etl-runner@{project}.iam.gserviceaccount.com"
    d = {"type": "service_account", "project_id": project, "private_key_id": hexs(40),
         "private_key": pem, "client_email": email, "client_id": digits(21),
         "auth_uri": "https://accounts.google.com/o/oauth2/auth",
         "token_uri": "https://oauth2.googleapis.com/token",
         "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
         "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + pct(email),
         "universe_domain": "googleapis.com"}
    text = json.dumps(d) if oneline else json.dumps(d, indent=2).replace("\n", "\n" + indent)
    return Multi(text, _body_piece(pem), [d["private_key_id"]])


def htpasswd_bcrypt():
    return "$2y$10$" + pick("./" + ALNUM, 53)


def wordpress_salt():
    return pick(string.ascii_letters + string.digits + "!@#%^&*()-_[]{}<>~+=,.;:/?|", 64)


# ---- providers ---------------------------------------------------------------------------------

P = {
    # AI
    "openai-proj": lambda: "sk-proj-" + b64url(74) + "T3BlbkFJ" + b64url(74),
    "openai-svc": lambda: "sk-svcacct-" + b64url(74) + "T3BlbkFJ" + b64url(74),
    "openai-admin": lambda: "sk-admin-" + b64url(74) + "T3BlbkFJ" + b64url(74),
    "openai-legacy": lambda: "sk-" + alnum(20) + "T3BlbkFJ" + alnum(20),
    "anthropic": lambda: "sk-ant-api03-" + b64url(93) + "AA",
    "anthropic-admin": lambda: "sk-ant-admin01-" + b64url(93) + "AA",
    "huggingface": lambda: "hf_" + letters(34),
    "groq": lambda: "gsk_" + alnum(52),
    "replicate": lambda: "r8_" + alnum(37),
    "perplexity": lambda: "pplx-" + alnum(48),
    "xai": lambda: "xai-" + alnum(80),
    "openrouter": lambda: "sk-or-v1-" + hexs(64),
    "langsmith": lambda: "lsv2_pt_" + hexs(32) + "_" + hexs(10),
    "langfuse": lambda: "sk-lf-" + uuid4(),
    "nvidia": lambda: "nvapi-" + b64url(64),
    "pinecone": lambda: "pcsk_" + alnum(6) + "_" + alnum(63),
    # cloud
    "aws-id": lambda: aws_id("AKIA"),
    "aws-sts-id": lambda: aws_id("ASIA"),
    "gcp-api": lambda: "AIza" + b64url(35),
    "gcp-oauth-secret": lambda: "GOCSPX-" + b64url(28),
    "gcp-refresh": lambda: "1//0" + b64url(99),
    "gcp-access": lambda: "ya29.a0" + b64url(150),
    "azure-client-secret": lambda: alnum(3) + "8Q~" + pick(ALNUM + "~._-", 34),
    "azure-storage-key": lambda: b64_bytes(64),
    "azure-devops": lambda: base32(52).lower(),
    "alibaba-id": lambda: "LTAI" + alnum(20),
    "do-pat": lambda: "dop_v1_" + hexs(64),
    "do-oauth": lambda: "doo_v1_" + hexs(64),
    "flyio": lambda: "fo1_" + b64url(43),
    "netlify": lambda: "nfp_" + alnum(36),
    "heroku": lambda: "HRKU-AA" + b64url(58),
    "vault": lambda: "hvs." + b64url(90),
    "vault-batch": lambda: "hvb." + b64url(138),
    "tfc": lambda: alnum(14) + ".atlasv1." + alnum(67),
    "doppler": lambda: "dp.st.prd." + alnum(43),
    "doppler-pt": lambda: "dp.pt." + alnum(43),
    "pulumi": lambda: "pul-" + hexs(40),
    "databricks": lambda: "dapi" + hexs(32),
    "supabase": lambda: "sbp_" + hexs(40),
    "planetscale": lambda: "pscale_tkn_" + b64url(43),
    "planetscale-pw": lambda: "pscale_pw_" + b64url(43),
    "scaleway": lambda: "SCW" + upper_alnum(17),
    "linode": lambda: hexs(64),
    "cloudflare-origin": lambda: "v1.0-" + hexs(24) + "-" + hexs(146),
    "age": age_key,
    # vcs / ci / registries
    "ghp": lambda: gh("ghp"),
    "gho": lambda: gh("gho"),
    "ghu": lambda: gh("ghu"),
    "ghs": lambda: gh("ghs"),
    "ghr": lambda: gh("ghr"),
    "github-pat": ghpat,
    "glpat": lambda: "glpat-" + b64url(20),
    "gldt": lambda: "gldt-" + b64url(20),
    "glrt": lambda: "glrt-" + b64url(20),
    "glptt": lambda: "glptt-" + hexs(40),
    "gl-runner-reg": lambda: "GR1348941" + b64url(20),
    "glcbt": lambda: "glcbt-64_" + b64url(20),
    "glft": lambda: "glft-" + b64url(20),
    "bitbucket": lambda: "ATBB" + alnum(32) + HEXS(8),
    "circleci": lambda: "CCIPAT_" + alnum(22) + "_" + hexs(40),
    "buildkite": lambda: "bkua_" + hexs(40),
    "npm": npm,
    "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + b64url(R.randint(150, 190)),
    "rubygems": lambda: "rubygems_" + hexs(48),
    "nuget": lambda: "oy2" + lower_alnum(43),
    "crates": lambda: "cio" + alnum(32),
    "dockerhub": lambda: "dckr_pat_" + b64url(27),
    "jfrog": lambda: "AKCp8" + alnum(68),
    "sonarqube": lambda: "sqp_" + hexs(40),
    "snyk": uuid4,
    # payments
    "stripe-live": lambda: "sk_live_" + alnum(99),
    "stripe-live-short": lambda: "sk_live_" + alnum(24),
    "stripe-rk": lambda: "rk_live_" + alnum(99),
    "stripe-test": lambda: "sk_test_" + alnum(99),
    "stripe-whsec": lambda: "whsec_" + alnum(32),
    "square": lambda: "EAAA" + b64url(60),
    "square-sandbox": lambda: "EAAAE" + b64url(59),
    "braintree": lambda: "access_token$production$" + lower_alnum(16) + "$" + hexs(32),
    "flutterwave": lambda: "FLWSECK-" + hexs(32) + "-X",
    "shopify": lambda: "shpat_" + hexs(32),
    "shopify-ss": lambda: "shpss_" + hexs(32),
    "shopify-ca": lambda: "shpca_" + hexs(32),
    "shippo": lambda: "shippo_live_" + hexs(40),
    # messaging
    "slack-bot": lambda: f"xoxb-{digits(12)}-{digits(13)}-{alnum(24)}",
    "slack-user": lambda: f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}",
    "slack-app": lambda: f"xapp-1-A{upper_alnum(10)}-{digits(13)}-{hexs(64)}",
    "slack-webhook": lambda: f"https://hooks.slack.com/services/T{upper_alnum(10)}/B{upper_alnum(10)}/{alnum(24)}",
    "discord-bot": lambda: b64u(digits(18)) + "." + b64url(6) + "." + b64url(38),
    "discord-webhook": lambda: f"https://discord.com/api/webhooks/{digits(19)}/{b64url(68)}",
    "telegram": lambda: f"{digits(10)}:AA{b64url(33)}",
    "twilio-sk": lambda: "SK" + hexs(32),
    "sendgrid": lambda: "SG." + b64url(22) + "." + b64url(43),
    "mailgun": lambda: "key-" + hexs(32),
    "mailgun-new": lambda: hexs(32) + "-" + hexs(8) + "-" + hexs(8),
    "mailchimp": lambda: hexs(32) + "-us" + str(R.randint(1, 21)),
    "brevo": lambda: "xkeysib-" + hexs(64) + "-" + alnum(16),
    "teams-webhook": lambda: (f"https://acme.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/"
                              f"{hexs(32)}/{uuid4()}/V2{b64url(45)}"),
    # observability
    "newrelic-user": lambda: "NRAK-" + upper_alnum(27),
    "newrelic-insert": lambda: "NRII-" + b64url(32),
    "newrelic-license": lambda: hexs(36) + "NRAL",
    "sentry-user": lambda: "sntryu_" + hexs(64),
    "sentry-org": lambda: "sntrys_" + b64u(json.dumps({"iat": R.randint(1700000000, 1740000000), "url": "https://sentry.io",
                                                       "region_url": "https://us.sentry.io", "org": "acme"})) + "_" + b64url(43),
    "grafana-cloud": lambda: "glc_" + b64u(json.dumps({"o": digits(6), "n": "stack-" + digits(6) + "-hm-read",
                                                       "k": alnum(24), "m": {"r": "prod-us-east-0"}})),
    "grafana-sa": lambda: "glsa_" + alnum(32) + "_" + hexs(8),
    "honeycomb-ingest": lambda: "hcaik_" + lower_alnum(58),
    "dynatrace": lambda: "dt0c01." + upper_alnum(24) + "." + upper_alnum(64),
    # saas
    "atlassian": lambda: (lambda b: "ATATT3xFfGF0" + b + "=" + HEXS(8))(b64url(171)),
    "linear": lambda: "lin_api_" + alnum(40),
    "notion": lambda: "ntn_" + digits(11) + alnum(35),
    "notion-legacy": lambda: "secret_" + alnum(43),
    "airtable": lambda: "pat" + alnum(14) + "." + hexs(64),
    "asana": lambda: "2/" + digits(16) + "/" + digits(16) + ":" + hexs(32),
    "figma": lambda: "figd_" + b64url(40),
    "hubspot": lambda: "pat-na1-" + uuid4(),
    "postman": lambda: "PMAK-" + hexs(24) + "-" + hexs(34),
    "mapbox-secret": lambda: "sk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6I" + b64url(22) + "." + b64url(22),
    "contentful": lambda: "CFPAT-" + b64url(43),
    "dropbox": lambda: "sl." + b64url(135),
    "typeform": lambda: "tfp_" + b64url(44) + "_" + b64url(14),
    "sourcegraph": lambda: "sgp_" + hexs(16) + "_" + hexs(40),
    "okta": lambda: "00" + b64url(40),
    "1password": lambda: "ops_eyJ" + b64url(300),
    "clerk": lambda: "sk_live_" + alnum(40),
    "twitter-bearer": lambda: "AAAAAAAAAAAAAAAAAAAAA" + alnum(25) + "%3D" + alnum(50),
    "facebook": lambda: "EAA" + alnum(R.randint(150, 200)),
    "easypost": lambda: "EZAK" + hexs(54),
    "lob": lambda: "live_" + hexs(35),
    "mapbox-public": lambda: "pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6I" + b64url(22) + "." + b64url(22),
    "posthog-project": lambda: "phc_" + alnum(43),
    "posthog-personal": lambda: "phx_" + alnum(43),
    "launchdarkly-sdk": lambda: "sdk-" + uuid4(),
    "launchdarkly-api": lambda: "api-" + uuid4(),
    "segment": lambda: alnum(32),
    "stripe-pk": lambda: "pk_live_" + alnum(99),
    "stripe-pk-test": lambda: "pk_test_" + alnum(99),
    "clerk-pk": lambda: "pk_live_" + b64u("clerk.acme-shop.com$"),
    "recaptcha-site": lambda: "6L" + b64url(38),
    "algolia-search": lambda: hexs(32),
    "adafruit": lambda: "aio_" + alnum(28),
    "mongodb-atlas-pk": uuid4,
    "ngrok": lambda: digits(1) + alnum(26) + "_" + alnum(21),
    "tailscale": lambda: "tskey-auth-k" + alnum(16) + "-" + alnum(33),
    "authress": lambda: "sc_" + alnum(10) + ".acc_" + alnum(10) + "." + b64url(40),
    "prefect": lambda: "pnu_" + alnum(36),
    "render": lambda: "rnd_" + alnum(32),
    "railway": uuid4,
    "zapier-hook": lambda: f"https://hooks.zapier.com/hooks/catch/{digits(8)}/{lower_alnum(7)}/",
}


def tok(name):
    return P[name]()


# ---- decoys with generated values --------------------------------------------------------------


def gitsha():
    return hexs(40)


def sha256hex():
    return hexs(64)


def md5hex():
    return hexs(32)


def sri(alg="sha512"):
    n = {"sha512": 64, "sha384": 48, "sha256": 32, "sha1": 20}[alg]
    return f"{alg}-{b64_bytes(n)}"


def gosum():
    return "h1:" + b64_bytes(32)


def ref(name):
    return NAMED[name]


# ---- driver ------------------------------------------------------------------------------------

NAMED = {}
MARK = re.compile(r"«([SD]):([a-z0-9-]+)(?::((?:[^«»]|«[^«»]*»)*?)|\|([^«»]*))»")


def expand(path, template):
    out = []
    labels = []
    pos = 0
    for i, m in enumerate(MARK.finditer(template)):
        out.append(template[pos:m.start()])
        pos = m.end()
        kind = "secret" if m.group(1) == "S" else "decoy"
        cls = m.group(2)
        expr, lit = m.group(3), m.group(4)
        alts = []
        if expr is not None:
            global R
            R = random.Random(f"{path}#{i}")
            name = None
            em = re.fullmatch(r"(.*)@([A-Za-z0-9_]+)", expr, re.S)
            if em:
                expr, name = em.group(1), em.group(2)
            value = eval(expr, globals())
            if isinstance(value, tuple):  # (text written, label text, alternates...)
                value, sub, *alts = value
            else:
                sub = getattr(value, "sub", value)
                alts = getattr(value, "alts", [])
            if name:
                NAMED[name] = str(value)
        else:
            value = lit
            sub = lit
        value = str(value)
        prefix = "".join(out)
        line = prefix.count("\n") + 1
        end_line = line + value.count("\n")
        out.append(value)
        label = {"line": line, "kind": kind, "class": cls, "text": sub}
        if end_line != line:
            label["end_line"] = end_line
        if alts:
            label["alt"] = alts
        labels.append(label)
    out.append(template[pos:])
    text = "".join(out)
    if "«" in text or "»" in text:
        bad = text.count("\n", 0, text.index("«" if "«" in text else "»")) + 1
        sys.exit(f"{path}:{bad}: unparsed marker")
    return text, labels


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def render_labels(files):
    lines = [
        "# The labels of the detection corpus: generated by scripts/corpus-gen.py from tests/corpus-src/.",
        "# Do not edit by hand. Format: tests/corpus/README.md.",
        "",
    ]
    for path, about, labels in files:
        lines.append("[[file]]")
        lines.append(f"path = {toml_str(path)}")
        if about:
            lines.append(f"about = {toml_str(about)}")
        if labels:
            lines.append("labels = [")
            for l in labels:
                parts = [f"line = {l['line']}"]
                if "end_line" in l:
                    parts.append(f"end_line = {l['end_line']}")
                parts.append(f"kind = {toml_str(l['kind'])}")
                parts.append(f"class = {toml_str(l['class'])}")
                parts.append(f"text = {toml_str(l['text'])}")
                if "alt" in l:
                    parts.append("alt = [" + ", ".join(toml_str(a) for a in l["alt"]) + "]")
                lines.append("  { " + ", ".join(parts) + " },")
            lines.append("]")
        else:
            lines.append("labels = []")
        lines.append("")
    return "\n".join(lines)


def build():
    files = []
    outputs = {}
    for bundle in sorted(SRC.glob("*.txt")):
        chunks = re.split(r"^##### FILE: (\S+)(?: -- (.*))?\n", bundle.read_text(), flags=re.M)
        if chunks[0].strip() and not chunks[0].lstrip().startswith("#"):
            sys.exit(f"{bundle}: text before the first ##### FILE: line")
        for j in range(1, len(chunks), 3):
            path, about, template = chunks[j], chunks[j + 1] or "", chunks[j + 2]
            if path in outputs:
                sys.exit(f"{bundle}: {path} defined twice")
            text, labels = expand(path, template)
            outputs[path] = text
            # file-level labels: a template line "«F:class»" is not supported; a path finding is
            # labelled by line 0 through the FILE header's about text "[file-secret CLASS]".
            fm = re.search(r"\[file-secret ([a-z0-9-]+)\]", about)
            if fm:
                labels.insert(0, {"line": 0, "kind": "secret", "class": fm.group(1), "text": ""})
                about = about.replace(fm.group(0), "").strip()
            files.append((path, about, labels))
    files.sort()
    outputs["labels.toml"] = render_labels(files)
    return outputs


def main():
    check = "--check" in sys.argv
    outputs = build()
    committed = {str(p.relative_to(OUT)) for p in OUT.rglob("*") if p.is_file()} if OUT.exists() else set()
    keep = {"README.md"}
    stale = committed - set(outputs) - keep
    differ = [p for p, t in outputs.items() if not (OUT / p).exists() or (OUT / p).read_text() != t]
    if check:
        if stale or differ:
            sys.exit(f"corpus out of date: differ {sorted(differ)}, stale {sorted(stale)}")
        print(f"corpus up to date: {len(outputs) - 1} files")
        return
    for p in stale:
        (OUT / p).unlink()
    for p, t in outputs.items():
        f = OUT / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(t)
    n = sum(t.count("\n  { line") for p, t in outputs.items() if p == "labels.toml")
    print(f"wrote {len(outputs) - 1} files and {n} labels to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
