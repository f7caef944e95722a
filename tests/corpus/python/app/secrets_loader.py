import os
from pathlib import Path

import boto3
from django.conf import settings

DB_PASSWORD = os.getenv("DB_PASSWORD")
API_KEY = os.environ["ACME_API_KEY"]
API_SECRET = os.environ.get("ACME_API_SECRET")
STRIPE_KEY = settings.STRIPE_SECRET_KEY
TOKEN = Path("/run/secrets/token").read_text().strip()
password = get_password_from_vault(path="db/prod")
secret_key = config.auth.secret_key
access_token = self.oauth_session.fetch_token(token_url)
api_key = kwargs.pop("api_key", None)
private_key = load_pem_private_key(pem_bytes, password=None)
github_token = os.environ.setdefault("GITHUB_TOKEN", "")
aws_secret_access_key = credentials.secret_key
client_secret = secrets_client.get_secret_value(SecretId="prod/oauth")["SecretString"]
password_input = getpass.getpass("Password: ")
token_type_hint = "refresh_token"
auth_token = f"{prefix}_{user_id}_{nonce}"
secret = "%(secret)s" % params
password_template = "{password}"
SECRET_KEY = env("DJANGO_SECRET_KEY")
REDIS_PASSWORD = env.str("REDIS_PASSWORD", default=None)
