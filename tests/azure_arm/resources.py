"""Resource groups: the simplest ARM list, which the client tests page through."""

import arm


# Resource Groups - List, api-version 2021-04-01:
# GET /subscriptions/{subscriptionId}/resourcegroups; the answer is
# {"value": [ResourceGroup], "nextLink": string}.
def list_groups(request):
    refused = arm.check_api_version(request, "2021-04-01")
    if refused:
        return refused
    sub = request.match.group(1)
    if sub != request.scenario.get("subscription"):
        return 404, {}, arm.error_body(
            "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
    groups = [{
        "id": f"/subscriptions/{sub}/resourceGroups/{name}",
        "name": name,
        "type": "Microsoft.Resources/resourceGroups",
        "location": "westeurope",
        "properties": {"provisioningState": "Succeeded"},
    } for name in request.scenario.get("resource_groups", [])]
    return 200, {}, arm.page(request, groups, int(request.scenario.get("page_size", 100)))


def routes():
    return [("GET", r"/subscriptions/([^/]+)/resourcegroups", list_groups)]
