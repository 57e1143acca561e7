"""A real S3-compatible server for the object-storage tests: moto in server mode, in its own process.

`moto_server` starts `python -m moto.server` on a free port once per test session and stops it at
the end. `s3_storage` gives a test an empty bucket of its own and makes it the default storage,
configured exactly as gbtp/settings.py configures it from the environment (STORAGE_BUCKET,
STORAGE_ENDPOINT_URL, ...): the settings module is imported in a child process with those variables
set and its STORAGES["default"] is used as it comes out. A test module loads them with

    pytest_plugins = ["tests.s3_server"]
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import pytest

ACCESS_KEY = "gbtp-test-access"
SECRET_KEY = "gbtp-test-secret"  # moto accepts any
REGION = "ap-northeast-2"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings_storage(environment: dict) -> dict:
    """STORAGES["default"] as gbtp/settings.py builds it from `environment`."""
    code = "import json; from gbtp import settings; print(json.dumps(settings.STORAGES['default']))"
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


@dataclass
class S3Server:
    endpoint: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def environment(self, bucket: str) -> dict:
        return {
            "STORAGE_BUCKET": bucket,
            "STORAGE_ENDPOINT_URL": self.endpoint,
            "STORAGE_ACCESS_KEY": ACCESS_KEY,
            "STORAGE_SECRET_KEY": SECRET_KEY,
            "STORAGE_REGION": REGION,
            "STORAGE_ADDRESSING_STYLE": "path",
        }


@pytest.fixture(scope="session")
def moto_server():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"moto_server exited with {server.returncode}")
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not answer within 60 s") from None
                time.sleep(0.2)
        yield S3Server(endpoint)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def s3_settings_storage(moto_server):
    """The settings' S3 storage configuration for the test server (one import per session)."""
    return _settings_storage(moto_server.environment("gbtp-media"))


@dataclass
class S3Bucket:
    server: S3Server
    name: str

    def names(self, prefix: str = "") -> set[str]:
        pages = self.server.client().get_paginator("list_objects_v2")
        return {
            item["Key"]
            for page in pages.paginate(Bucket=self.name, Prefix=prefix)
            for item in page.get("Contents", [])
        }

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def s3_storage(moto_server, s3_settings_storage, settings):
    """An empty bucket of the test's own on the moto server, as the default storage."""
    from django.core.files.storage import default_storage

    bucket = f"gbtp-{uuid.uuid4().hex[:20]}"
    moto_server.client().create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    config = json.loads(json.dumps(s3_settings_storage))
    config["OPTIONS"]["bucket_name"] = bucket
    settings.STORAGES = {**settings.STORAGES, "default": config}
    assert default_storage.bucket_name == bucket  # the storage follows the setting
    return S3Bucket(moto_server, bucket)
