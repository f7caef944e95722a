import logging
import uuid

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

session = boto3.session.Session(
    aws_access_key_id="AKIACMWKRWJM76TCDHSJ",
    aws_secret_access_key="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",
    region_name="us-east-2",
)
s3 = session.client("s3", config=Config(retries={"max_attempts": 10}))
sm = session.client("secretsmanager")


def list_all(bucket, prefix):
    kwargs = {"Bucket": bucket, "Prefix": prefix}
    while True:
        resp = s3.list_objects_v2(**kwargs)
        yield from resp.get("Contents", [])
        if not resp.get("IsTruncated"):
            break
        kwargs["ContinuationToken"] = resp["NextContinuationToken"]


def resume_listing(bucket):
    # resume from the token the last run logged
    return s3.list_objects_v2(
        Bucket=bucket,
        ContinuationToken="5DniqKFDkXRtt65YJDsSr7EkV0n9zrq3dtlNtVABahi7pmpb2SsSqWbDje7UA4DcJlBq8+Prv0oa7mozVnwFr4KyHsqLJKbZrfmmTsFmx0eW0Bd30WFMtSmK7W5g41fL",
    )


def rotate(secret_id):
    return sm.rotate_secret(
        SecretId=secret_id,
        ClientRequestToken="6d6b1c42-0fb9-49f8-9f82-bb6a0f491143",
        RotateImmediately=True,
    )


def put_secret(secret_id, value):
    return sm.put_secret_value(
        SecretId=secret_id,
        ClientRequestToken=str(uuid.uuid4()),
        SecretString=value,
    )


def describe_with_marker(client):
    return client.describe_db_instances(Marker="ebGHe9LoLf5Ip6jgLGmuz42139pxVNSaBFkpIPfKpP+yZOtKeVow8s40/sdsbcNBSMHTbqzyW37RSbD7", MaxRecords=50)


def test_connection():
    sts = boto3.client(
        "sts",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    return sts.get_caller_identity()
