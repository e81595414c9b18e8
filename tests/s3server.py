"""An S3-compatible server of the tests' own: moto's standalone server (moto[server]) on a spare port.

    with S3Server() as s3:
        s3.make_bucket("uploads")
        s3.settings("uploads")        # the portal's S3_* variables for that bucket
        s3.client.list_objects_v2(Bucket="uploads")

Skipped when moto is not installed, unless REQUIRE_S3 is set (CI installs it with requirements-dev.txt).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        try:
            import moto.server  # noqa: F401
        except ImportError:
            return False
        return True

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto's server stopped (exit {self.process.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("moto's server did not start")

    @property
    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def make_bucket(self, name: str) -> None:
        self.client.create_bucket(Bucket=name)

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of a bucket: {key: bytes}."""
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                found[item["Key"]] = self.client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        return found

    def settings(self, bucket: str) -> dict[str, str]:
        """The portal's environment variables for this bucket."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> S3Server:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def s3_or_skip() -> None:
    if not S3Server.available():
        if os.environ.get("REQUIRE_S3"):
            pytest.fail("moto[server] is required (REQUIRE_S3 is set): pip install -r requirements-dev.txt")
        pytest.skip("moto[server] is not installed")
