"""Azure Monitor's managed Prometheus query endpoint, in front of a real Prometheus.

An Azure Monitor workspace answers the Prometheus HTTP API (/api/v1/*) at its query endpoint
and takes an Entra ID bearer token whose audience is https://prometheus.monitor.azure.com
(https://learn.microsoft.com/azure/azure-monitor/metrics/prometheus-api-promql): 401 without
one. The harness already refuses a request without a token it issued; this module refuses a
token issued for another audience (ARM's) and forwards the rest, method, query and form
unchanged, to the Prometheus the test stack runs.

Scenario key "prometheus_proxy": {"upstream": "http://127.0.0.1:PORT"}.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

import arm

AUDIENCE = "https://prometheus.monitor.azure.com"


def forward(request):
    if request.scope != AUDIENCE + "/.default":
        return 401, {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="The audience is not {AUDIENCE}"'}, \
            arm.error_body("InvalidAuthenticationToken", f"The access token's audience is not {AUDIENCE}.")
    upstream = request.scenario["prometheus_proxy"]["upstream"].rstrip("/")
    query = urllib.parse.urlencode(request.query, doseq=True)
    url = f"{upstream}/api/v1/{request.match.group('rest')}" + (f"?{query}" if query else "")
    data = urllib.parse.urlencode(request.body).encode() if request.body else None
    forwarded = urllib.request.Request(url, data=data, method=request.method)
    if data:
        forwarded.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(forwarded, timeout=10) as answer:
            return answer.status, {}, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, {}, json.loads(error.read() or b"null")


def routes():
    pattern = r"/prometheus/api/v1/(?P<rest>.+)"
    return [("GET", pattern, forward), ("POST", pattern, forward)]
