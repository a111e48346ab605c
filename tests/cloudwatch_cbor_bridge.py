"""CloudWatch for the Rust SDK in front of moto: the SDK speaks Smithy RPC v2 CBOR, which moto
(5.2) does not, so this translates each call to moto's JSON protocol and the answer back, with
botocore's own CBOR codec and CloudWatch model (from moto's virtual environment).

Usage: python cloudwatch_cbor_bridge.py MOTO_URL PORT
"""

import base64
import datetime
import json
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.session
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import RpcV2CBORSerializer

UPSTREAM, PORT = sys.argv[1], int(sys.argv[2])
MODEL = botocore.session.get_session().get_service_model("cloudwatch")
TARGET = MODEL.metadata["targetPrefix"]


class Serializer(RpcV2CBORSerializer):
    # The Rust SDK reads a tagged timestamp only as a float; botocore writes whole seconds
    # as an integer.
    def _convert_timestamp_to_str(self, value, timestamp_format=None):
        return float(super()._convert_timestamp_to_str(value, timestamp_format))


PARSER, SERIALIZER = RpcV2CBORParser(), Serializer()


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def cbor(value, shape):
    out = bytearray()
    SERIALIZER._serialize_data_item(out, value, shape)
    return bytes(out)


class Bridge(BaseHTTPRequestHandler):
    def do_POST(self):
        operation = self.path.rstrip("/").rsplit("/", 1)[-1]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        params = PARSER.parse_data_item(PARSER.get_peekable_stream_from_bytes(body)) if body else {}
        request = urllib.request.Request(
            UPSTREAM + "/",
            data=json.dumps(to_json(params)).encode(),
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"{TARGET}.{operation}",
                "Authorization": self.headers.get("Authorization", ""),
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        result = json.loads(text or b"{}")
        output = MODEL.operation_model(operation).output_shape
        if status == 200:
            payload = cbor(result, output) if output else b"\xa0"  # an empty map
        else:
            code = str(result.get("__type", "InternalFailure")).rsplit("#", 1)[-1]
            message = result.get("message") or result.get("Message") or ""
            payload = bytearray()
            SERIALIZER._serialize_type_map(
                payload, {"__type": code, "message": message}, error_map_shape(), None
            )
            payload = bytes(payload)
        self.send_response(status)
        self.send_header("Content-Type", "application/cbor")
        self.send_header("smithy-protocol", "rpc-v2-cbor")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        # Readiness, for the test harness.
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def error_map_shape():
    from botocore.model import MapShape, ShapeResolver

    resolver = ShapeResolver({"S": {"type": "string"}})
    return MapShape("ErrorMap", {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}}, resolver)


ThreadingHTTPServer(("127.0.0.1", PORT), Bridge).serve_forever()
