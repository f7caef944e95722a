import smtplib
import ftplib

import psycopg2
import pymongo
import redis
import requests
from requests.auth import HTTPBasicAuth

JIRA = "https://acme.atlassian.net/rest/api/3"
GITHUB_TOKEN = "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"


def jira_issue(key):
    return requests.get(
        f"{JIRA}/issue/{key}",
        auth=("svc-jira@acme.io", "ATATT3xFfGF0y48r_ECFOJzqdqAyelbAjErVTHZU2btY1pYaWIzilVHF95UytnqE-nGQHnRUijLEP6ki6ru8Ssve0SwrJUmny3FLnV5nCi62_FNsQXhbHI0i4o_nSiorlvuV0rcJVvaGMhR-7XXQwB0rzMuXNBFUc-c_Z7njZ-lcNWkH1saOy8u=007CBECF"),
        timeout=10,
    )


def confluence_page(page_id):
    return requests.get(
        f"https://acme.atlassian.net/wiki/api/v2/pages/{page_id}",
        auth=HTTPBasicAuth("svc-wiki@acme.io", "kgAJPodO4kUz=~rIsHf8GHyH"),
    )


def github_repos():
    headers = {"Authorization": f"token {GITHUB_TOKEN}", "Accept": "application/vnd.github+json"}
    return requests.get("https://api.github.com/user/repos", headers=headers)


def pagerduty_incidents():
    return requests.get(
        "https://api.pagerduty.com/incidents",
        headers={"Authorization": "Token token=_1hyrQ0-sPiHcqNqWvuH"},
    )


def opsgenie_alert(msg):
    return requests.post(
        "https://api.opsgenie.com/v2/alerts",
        headers={"Authorization": "GenieKey cc35d2d5-fb8f-42e5-8efe-9dcec23ba7dc"},
        json={"message": msg},
    )


def weather(city):
    return requests.get(
        "https://api.openweathermap.org/data/2.5/weather",
        params={"q": city, "appid": "053d3dd4f7d5a1fbd1bea14488d57625"},
    )


def send_report(body):
    with smtplib.SMTP("smtp.office365.com", 587) as s:
        s.starttls()
        s.login("reports@acme.io", "i8iCV!qD4Xt_ifyf")
        s.sendmail("reports@acme.io", ["ops@acme.io"], body)


def fetch_feed():
    ftp = ftplib.FTP("ftp.partner-feeds.net")
    ftp.login(user="acme", passwd="KckgpdvJEl4Mjj")
    return ftp.nlst()


def db():
    return psycopg2.connect(
        host="10.20.0.15", dbname="billing", user="billing", password="60vJrOjf3R~o5~BtH7!J"
    )


def cache():
    return redis.Redis(host="cache-1.internal", port=6379, password="a8NQUpm9r2bhw4eQFiLfVezyrfUk63AKDQ8LqHK8")


def mongo():
    return pymongo.MongoClient("mongodb+srv://reporting:aEgmpUGmoxwP-82FzRoBAwnb@cluster0.x7ab2.mongodb.net/reports?retryWrites=true")


def dev_db():
    # local docker-compose database
    return psycopg2.connect(host="localhost", user="postgres", password="postgres")


def tokenize(text, tokenizer):
    token_ids = tokenizer.encode(text)
    password_label = "Enter your password"
    return token_ids, password_label
