from dataclasses import dataclass, field

import httpx
import paramiko
from twilio.rest import Client as Twilio

PUSHOVER_TOKEN = "hvpdrx46mnabtytd1tvqkjxgtxh7dm"
WEBHOOK_SECRET: str = "EH1upHEaG2KzV5rrlu5d7JPdAZBZUrtu"
_internal_api_key = '6fe346397a7735509f455edec8d9b0875bee90b5'
api_key = None
PAGE_TOKEN = "I3EOXM6abkaosQqhB8ZTt8T0QEmwlq68cvzoVd0V"
TOKENIZER = "cl100k_base"


class Notifier:
    auth_token = "hkNHGgH61dQ4SW2xzuBwvclTIzNDDy6R"
    password_hint = "The usual one, with the year"

    def __init__(self):
        self.twilio = Twilio("ACc8695a58b3f112423d3d57956b54a999", "5e99b383ad98344b9340dd7eae82aca5")
        self.http = httpx.Client(headers={"X-Api-Token": "n9TmEpHCJ6puYybn2vzQOtGBY7f78pu3lvLATWoU"}, auth=("notifier", "jeFm3LoIDa_U6!ag"))

    def ssh(self):
        c = paramiko.SSHClient()
        c.connect("10.0.4.11", username="deploy", password="nmKw5Xl9k.W+cKTG")
        return c


@dataclass
class MailConfig:
    host: str = "smtp.mailjet.com"
    api_key: str = "016d6dd188086579fc93e916a11206dd"
    secret_key: str = "a7d280b24b52b19e6dcf137e533eceec"
    password: str = field(default="Z5oIc3utJOvZ.ovAsy", repr=False)


def make_client():
    return SomeSdk(client_id="acme", client_secret="alc3hGAhoDryeSCWEdyZ_lRL757Rg37osRr5r2EW", token_url="https://auth.acme.io/token")


def legacy():
    conn = ldap.initialize("ldaps://ldap.acme.internal")
    conn.simple_bind_s("cn=admin,dc=acme,dc=internal", "znqMnhXv^J2g93pK")
    return conn
