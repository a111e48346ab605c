"""Azure Monitor's managed Prometheus query endpoint, in front of a real Prometheus.

Azure Monitor workspaces answer the Prometheus HTTP API (/api/v1/*) at their query endpoint
and take an Entra ID bearer token for https://prometheus.monitor.azure.com (401 without one).
The harness already refuses a request without a token it issued; this module forwards the
rest, method, query and body unchanged, to the Prometheus the test stack runs.

Scenario key "prometheus_proxy": {"upstream": "http://127.0.0.1:PORT"}.
"""

import json
import urllib.error
import urllib.request


def forward(request):
    upstream = request.scenario["prometheus_proxy"]["upstream"].rstrip("/")
    url = f"{upstream}/api/v1/{request.match.group('rest')}"
    if request.query_string:
        url += "?" + request.query_string
    headers = {}
    if request.headers.get("Content-Type"):
        headers["Content-Type"] = request.headers["Content-Type"]
    upstream_request = urllib.request.Request(
        url, data=request.body or None, method=request.method, headers=headers
    )
    try:
        with urllib.request.urlopen(upstream_request, timeout=10) as answer:
            return answer.status, {}, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, {}, json.loads(error.read() or b"null")


def routes():
    pattern = r"/prometheus/api/v1/(?P<rest>.+)$"
    return [("GET", pattern, forward), ("POST", pattern, forward)]
