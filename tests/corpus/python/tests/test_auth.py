import pytest

from shop.auth import issue_token, verify_password, TokenStore

FAKE_TOKEN = "fake-token-for-tests-only"
DUMMY_API_KEY = "dummy_api_key_0000"
TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture
def store():
    return TokenStore(secret="test-secret")


def test_verify_password():
    assert verify_password("hunter2", make_hash("hunter2"))
    assert not verify_password("wrong", "x")


def test_issue_token(store):
    token = issue_token(store, user_id=42)
    assert token.startswith("shp_")


def test_rejects_masked(store):
    assert store.lookup("shp_****************************") is None


def test_rejects_placeholder(store):
    assert store.lookup("shp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") is None
    assert store.lookup("shp_0123456789abcdef0123456789abcdef") is None


def test_github_integration(monkeypatch):
    # TODO remove before merging, my personal token for debugging the webhook
    monkeypatch.setenv("GITHUB_TOKEN", "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")
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx")


def test_api_key_equal_to_name():
    assert validate(api_key="api_key") is False
    assert validate(api_key="<your-api-key>") is False


def validate(api_key):
    return len(api_key) == 32
