"""Spends moto's three unchecked calls (INITIAL_NO_AUTH_ACTION_COUNT=3) on an IAM user, an
allow-all policy attached to it, and an access key; prints "ACCESS_KEY_ID SECRET". Run with the
Python of the virtual environment scripts/install-test-deps.sh makes (boto3 comes with moto)."""

import json
import sys

import boto3

ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def main(url):
    iam = boto3.client(
        "iam",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="bootstrap",
        aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName="opsconsole-test")
    iam.put_user_policy(
        UserName="opsconsole-test",
        PolicyName="allow-all",
        PolicyDocument=json.dumps(ALLOW_ALL),
    )
    key = iam.create_access_key(UserName="opsconsole-test")["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])


if __name__ == "__main__":
    main(sys.argv[1])
