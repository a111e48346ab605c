"""Answer helpers every ARM route shares: the error body, api-version checks and paging, as
ARM's common conventions document them (https://github.com/Azure/azure-resource-manager-rpc,
"Common API details": the error response contract, `nextLink` paging)."""

import urllib.parse


def error_body(code, message):
    """ARM's error response: `{"error": {"code", "message"}}`."""
    return {"error": {"code": code, "message": message}}


def check_api_version(request, expected):
    """None when `api-version` is the one this route implements; else ARM's 400 answer."""
    version = request.param("api-version")
    if version is None:
        return 400, {}, error_body(
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.")
    if version != expected:
        return 400, {}, error_body(
            "InvalidApiVersionParameter",
            f"The api-version '{version}' is invalid. The supported versions are '{expected}'.")
    return None


def page(request, items, size):
    """One page of `items` by the `$skiptoken` offset, with `nextLink` while more remain."""
    start = int(request.param("$skiptoken", "0"))
    body = {"value": items[start:start + size]}
    if start + size < len(items):
        query = {k: v[0] for k, v in request.query.items()}
        query["$skiptoken"] = str(start + size)
        body["nextLink"] = f"{request.base}{request.path}?{urllib.parse.urlencode(query)}"
    return body
