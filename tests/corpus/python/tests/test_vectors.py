import hmac
import hashlib

# RFC-style HMAC test cases: keys made of one repeated byte or counting sequences
KEY_1 = bytes.fromhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")
KEY_2 = bytes.fromhex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
KEY_3 = bytes.fromhex("0102030405060708090a0b0c0d0e0f10111213141516171819")
AES_KEY = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
secret_key = "0123456789abcdef"
password = "12345678"
expected_digest = "4147ba752daaa39245cfc7b13060854d1968b51483ed2752d45965622a7a4b65"


def test_hmac():
    assert hmac.new(KEY_1, b"Hi There", hashlib.sha256).hexdigest() == expected_digest
