"""Deploy helper.

Example:
    deploy-tool --token <YOUR_DEPLOY_TOKEN> --env staging
    deploy-tool --token $DEPLOY_TOKEN --env prod
"""
import argparse

import click


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--registry-password", default="H=ZURd+IkjnJfpXlKK2m")
    p.add_argument("--token", default=None, help="API token (or set DEPLOY_TOKEN)")
    p.add_argument("--password-file", default="/run/secrets/registry_password")
    return p.parse_args()


@click.command()
@click.option("--api-key", envvar="NEWRELIC_API_KEY", default="NRAK-6AY8ZJDGYOFF8A7RMF2X0WWAUC3")
@click.option("--license-key", envvar="NEW_RELIC_LICENSE_KEY", default="4b6931b988e1434884ab0f39256a5f359c3eNRAL")
def report(api_key, license_key):
    click.echo("reporting deploy")


def connect_vault():
    import hvac

    client = hvac.Client(url="https://vault.acme.internal:8200", token="hvs.lBe3Pj6hMiRaH-ljbE3F7TNYyY95wsUNWLYoAwCDBKim4SNDZnq7KxVFdbnYQP2zPO96-qZ4rET_b5jTzpCEDnRlZ_")
    return client.secrets.kv.v2.read_secret_version(path="apps/deploy-tool/registry")
