from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.providers.slack.operators.slack_webhook import SlackWebhookOperator

SFTP_CONN = "sftp://export:qC3hLJOTg9h.nrdy20@sftp.partner-bank.com:22"
MSSQL_URI = "mssql+pyodbc://etl:DAug6WvfdQrjFLRJ4fD.@sql01.corp.acme.local/dwh?driver=ODBC+Driver+18+for+SQL+Server"
API_TOKEN = Variable.get("partner_api_token", default_var="5ls6zgpEl2yQTHxQ6t8JCzhFOihZXWLh5SZfVGlO")
SLACK_HOOK = "https://hooks.slack.com/services/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"

with DAG("nightly_export", start_date=datetime(2024, 1, 1), schedule="0 2 * * *", catchup=False) as dag:
    dump = BashOperator(
        task_id="dump",
        bash_command="PGPASSWORD=u1f16P2GtEjYwTRv pg_dump -h 10.1.4.20 -U export sales > /tmp/sales.sql",
    )
    upload = BashOperator(
        task_id="upload",
        bash_command="sshpass -p 'huatz6zGvhAvX_' sftp -oBatchMode=no export@sftp.partner-bank.com",
    )
    notify = SlackWebhookOperator(
        task_id="notify",
        slack_webhook_conn_id="slack_default",
        message="export done",
    )
    dump >> upload >> notify
