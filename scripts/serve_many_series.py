#!/usr/bin/env python3
"""A stand-in Prometheus on 127.0.0.1 with many services, for measuring the console at scale.

Usage: serve_many_series.py PORT SERVICES
Every instant query (/api/v1/query) answers a vector of SERVICES samples labelled
service="svc-000000"..., as `sum by (service) (...)` would on an installation that size (about
72 bytes a series: 7.2 MB at 100,000). Range queries answer an empty matrix; alerts, rules and
targets answer empty lists. Bound to loopback; stop it with Ctrl-C or by its PID.
The same answer shape is built in Rust by benches/support/vector_body.rs.
"""
import http.server
import socketserver
import sys


def vector(services):
    samples = ",".join(
        '{"metric":{"service":"svc-%06d"},"value":[1764681600.000,"%.6f"]}'
        % (s, ((s * 7919 + 104729) % 1000000) / 1000000)
        for s in range(services)
    )
    return ('{"status":"success","data":{"resultType":"vector","result":[' + samples + "]}}").encode()


SMALL = {
    "/api/v1/query_range": b'{"status":"success","data":{"resultType":"matrix","result":[]}}',
    "/api/v1/alerts": b'{"status":"success","data":{"alerts":[]}}',
    "/api/v1/rules": b'{"status":"success","data":{"groups":[]}}',
    "/api/v1/targets": b'{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}',
}
NOT_FOUND = b'{"status":"error","errorType":"not_found","error":"no such path"}'


def main():
    port, services = int(sys.argv[1]), int(sys.argv[2])
    big = vector(services)

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            path = self.path.split("?")[0]
            body = SMALL.get(path, big if path == "/api/v1/query" else NOT_FOUND)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.answer()

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.answer()

        def log_message(self, *args):
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    Server(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
