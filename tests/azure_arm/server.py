"""A loopback Azure Resource Manager and Entra ID token endpoint for the tests.

No emulator exists for the ARM APIs the console reads, so this server answers as Microsoft's
published REST API reference documents each operation, for the api-version the console uses.
The routes live in the other modules of this directory (each one's `routes()`), with the
operation and api-version cited beside each handler; this file is the part every one shares:

- HTTPS on 127.0.0.1 (certificate given by the harness), a free port;
- the client-credentials token endpoint, `POST /{tenant}/oauth2/v2.0/token`, as Entra ID's
  v2.0 endpoint answers it (https://learn.microsoft.com/entra/identity-platform/
  v2-oauth2-client-creds-grant-flow), so the real `azure_identity` ClientSecretCredential runs;
- every ARM route needs `Authorization: Bearer <token this server issued>`; otherwise 401 with
  the `WWW-Authenticate` challenge and the error body ARM sends;
- `x-ms-request-id` on every ARM answer;
- a plain-HTTP control port for the tests: `/_test/requests` (what was asked, without the
  Authorization header), `/_test/fault` (the next N requests matching a path answer a given
  status, e.g. 429 with Retry-After), `/_test/scenario` (replace the state).

Usage: server.py CERT KEY SCENARIO.json; prints "https://127.0.0.1:PORT http://127.0.0.1:PORT".
Standard library only.
"""

import importlib
import json
import pathlib
import re
import secrets
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import arm  # noqa: E402  (the shared answer helpers)

LOCK = threading.Lock()
STATE = {"scenario": {}, "tokens": {}, "faults": [], "requests": []}


def route_table():
    """Every module's routes: (method, compiled path regex, handler)."""
    table = []
    for path in sorted(pathlib.Path(__file__).parent.glob("*.py")):
        if path.stem in ("server", "arm"):
            continue
        module = importlib.import_module(path.stem)
        for method, pattern, handler in module.routes():
            table.append((method, re.compile("^" + pattern + "$", re.IGNORECASE), handler))
    return table


ROUTES = route_table()


class Request:
    """What a handler sees: the method, path (decoded), query, JSON body and the scenario."""

    def __init__(self, method, path, query, body, headers, base):
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
        self.base = base
        self.scenario = STATE["scenario"]
        self.match = None
        # The scope the bearer token was issued for (its audience).
        self.scope = None

    def param(self, name, default=None):
        return self.query.get(name, [default])[0]


def token_endpoint(handler, tenant, form):
    """Entra ID v2.0 token endpoint, client credentials grant (client_secret)."""
    identity = STATE["scenario"].get("identity", {})
    if form.get("grant_type") != "client_credentials":
        return 400, {}, {"error": "unsupported_grant_type",
                         "error_description": "AADSTS70003: The app requested an unsupported grant type.",
                         "error_codes": [70003]}
    if tenant != identity.get("tenant"):
        return 400, {}, {"error": "invalid_request",
                         "error_description": f"AADSTS90002: Tenant '{tenant}' not found.",
                         "error_codes": [90002]}
    if form.get("client_id") != identity.get("client_id") or \
            form.get("client_secret") != identity.get("client_secret"):
        return 401, {}, {"error": "invalid_client",
                         "error_description": "AADSTS7000215: Invalid client secret provided.",
                         "error_codes": [7000215]}
    lifetime = int(identity.get("expires_in", 3599))
    token = "eyJ0eXAi." + secrets.token_urlsafe(24)
    with LOCK:
        STATE["tokens"][token] = {"expires": time.time() + lifetime, "scope": form.get("scope", "")}
    return 200, {}, {"token_type": "Bearer", "expires_in": lifetime,
                     "ext_expires_in": lifetime, "access_token": token}


def authorize(headers):
    """None when the bearer token is one this server issued and still valid; else the 401."""
    tenant = STATE["scenario"].get("identity", {}).get("tenant", "common")
    value = headers.get("Authorization", "")
    token = value[len("Bearer "):] if value.startswith("Bearer ") else None
    issued = STATE["tokens"].get(token) if token else None
    if issued and issued["expires"] > time.time():
        return None
    code, text = ("ExpiredAuthenticationToken", "The access token has expired.") if issued else \
        ("InvalidAuthenticationToken", "The access token is invalid.") if token else \
        ("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
    challenge = (f'Bearer authorization_uri="https://login.microsoftonline.com/{tenant}", '
                 f'error="invalid_token", error_description="{text}"')
    return 401, {"WWW-Authenticate": challenge}, arm.error_body(code, text)


def take_fault(method, path):
    with LOCK:
        for fault in STATE["faults"]:
            if fault["count"] > 0 and re.search(fault["path"], path) and \
                    fault.get("method", method) == method:
                fault["count"] -= 1
                return fault
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.command, fmt % args))

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PATCH(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status, headers, body):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        raw = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        token = re.match(r"^/([^/]+)/oauth2/v2\.0/token$", path)
        if token and self.command == "POST":
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            self.log_request_entry(path, query, {k: v for k, v in form.items() if k != "client_secret"})
            return self.reply(*token_endpoint(self, token.group(1), form))
        try:
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                # Prometheus's query API (Azure Monitor's managed Prometheus) takes forms.
                body = dict(urllib.parse.parse_qsl(raw.decode()))
            else:
                body = json.loads(raw) if raw.strip() else None
        except ValueError:
            return self.reply(400, {}, arm.error_body("InvalidRequestContent", "The request content was invalid and could not be deserialized."))
        self.log_request_entry(path, query, body)
        request_id = str(uuid.uuid4())
        ids = {"x-ms-request-id": request_id, "x-ms-correlation-request-id": request_id}
        refused = authorize(self.headers)
        if refused:
            status, headers, out = refused
            return self.reply(status, {**headers, **ids}, out)
        fault = take_fault(self.command, path)
        if fault:
            headers = dict(fault.get("headers", {}))
            if "retry_after" in fault:
                headers["Retry-After"] = str(fault["retry_after"])
            default = arm.error_body("TooManyRequests", "Too many requests. Please retry.")
            return self.reply(fault["status"], {**headers, **ids}, fault.get("body", default))
        request = Request(self.command, path, query, body, self.headers,
                          f"https://{self.headers.get('Host')}")
        request.scope = STATE["tokens"][self.headers["Authorization"][len("Bearer "):]]["scope"]
        for method, pattern, handler in ROUTES:
            match = pattern.match(path)
            if match and method == self.command:
                request.match = match
                with LOCK:
                    status, headers, out = handler(request)
                return self.reply(status, {**headers, **ids}, out)
        return self.reply(404, ids, arm.error_body(
            "InvalidResourceType", f"The resource type could not be found for path '{path}'."))

    def log_request_entry(self, path, query, body):
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        with LOCK:
            STATE["requests"].append({"method": self.command, "path": path, "query": query,
                                      "body": body, "headers": headers})


class Control(BaseHTTPRequestHandler):
    """The tests' own port: plain HTTP, never part of what the console talks to."""

    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with LOCK:
            if self.path.startswith("/_test/requests"):
                return self.reply(STATE["requests"])
            if self.path.startswith("/_test/scenario"):
                return self.reply(STATE["scenario"])
        self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        with LOCK:
            if self.path == "/_test/fault":
                body.setdefault("count", 1)
                STATE["faults"].append(body)
            elif self.path == "/_test/scenario":
                STATE["scenario"] = body
            elif self.path == "/_test/forget-tokens":
                STATE["tokens"].clear()
            else:
                return self.send_error(404)
        self.reply({"ok": True})


def main():
    cert, key, scenario = sys.argv[1:4]
    STATE["scenario"] = json.loads(pathlib.Path(scenario).read_text())
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    api = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.socket = context.wrap_socket(api.socket, server_side=True)
    control = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    for server in (api, control):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"https://127.0.0.1:{api.server_port} http://127.0.0.1:{control.server_port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
