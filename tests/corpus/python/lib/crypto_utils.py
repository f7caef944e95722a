import hashlib
import hmac
import re
import secrets

TOKEN_RE = re.compile(r"^tok_[A-Za-z0-9]{32}$")
PASSWORD_REGEX = "^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^\w\s]).{12,64}$"
API_KEY_PATTERN = r"(?i)api[_-]?key\s*[:=]\s*['\"]?([a-z0-9]{32})"

# signing key for webhook payloads from the billing service
WEBHOOK_SIGNING_KEY = b"gvlbz8JmQkwkYoPJGCsBUw9i1a5diwLJ6Iiy5P6WQPriHagr"
HMAC_SECRET = bytes.fromhex("9b617cac39e940ad969b9d65ce625600a66d7e229a50f0abe933eedcc92227af")
ENCRYPTION_KEY = "6HLqg7gFB491gE7shNBZfzIRKZ+Kry/uXImgX36meEM="

SECRET_KEY_LENGTH = 32
secret_key = secrets.token_urlsafe(SECRET_KEY_LENGTH)
token_hex = secrets.token_hex(16)
password_hash = hashlib.sha256(b"x").hexdigest()
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
KNOWN_BUILD_DIGEST = "34ce029af96a69ed47e55575e8a5993666232b069f69d597dd27a3fab1234a5d"
SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def sign(payload: bytes) -> str:
    return hmac.new(WEBHOOK_SIGNING_KEY, payload, hashlib.sha256).hexdigest()


def verify(payload: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(payload), signature)
