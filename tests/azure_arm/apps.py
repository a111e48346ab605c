"""Azure Container Apps (`Microsoft.App`, api-version 2025-01-01), as Microsoft's REST API
reference documents each operation (specification/app/resource-manager/Microsoft.App/stable/
2025-01-01: ContainerApps.json, ContainerAppsRevisions.json, CommonDefinitions.json and their
examples).

The scenario's `container_apps` lists the apps in a compact form the tests write:
  {"name", "resource_group", "min", "max", "rules": [ScaleRule as ARM has it], "ingress": bool,
   "tags": {}, "revision": "name--suffix", "revision_state": "Running",
   "cpu": 0.5, "memory": "1Gi",
   "replicas": [{"name", "state": "Running"|"NotRunning", "ready": bool, "created": iso}]}
and `container_apps_page_size` (default 100) pages the lists. Container Apps - Update applies
the JSON merge patch to `template.scale` and, as a change to the template does, makes a new
revision (its replicas brought within the new limits).
"""

import uuid

import arm

API = "2025-01-01"
LOCATION = "West Europe"
SUB = r"/subscriptions/([^/]+)"
RG = SUB + r"/resourceGroups/([^/]+)"
APP = RG + r"/providers/Microsoft\.App/containerApps/([^/]+)"


def app_id(sub, app):
    return (f"/subscriptions/{sub}/resourceGroups/{app['resource_group']}"
            f"/providers/Microsoft.App/containerApps/{app['name']}")


def container_app(sub, app):
    """A ContainerApp (ContainerApps.json#/definitions/ContainerApp), shaped as in
    examples/ContainerApps_Get.json."""
    scale = {"minReplicas": app["min"], "maxReplicas": app["max"]}
    if app.get("rules"):
        scale["rules"] = app["rules"]
    configuration = {"activeRevisionsMode": "Single", "maxInactiveRevisions": 100}
    if app.get("ingress", True):
        configuration["ingress"] = {"fqdn": f"{app['name']}.example.westeurope.azurecontainerapps.io",
                                    "external": True, "targetPort": 8080, "transport": "auto"}
    body = {
        "id": app_id(sub, app),
        "name": app["name"],
        "type": "Microsoft.App/containerApps",
        "location": LOCATION,
        "properties": {
            "provisioningState": app.get("provisioning_state", "Succeeded"),
            "runningStatus": "Running",
            "managedEnvironmentId": f"/subscriptions/{sub}/resourceGroups/{app['resource_group']}"
                                    "/providers/Microsoft.App/managedEnvironments/env",
            "workloadProfileName": "Consumption",
            "latestRevisionName": app["revision"],
            "latestReadyRevisionName": app["revision"],
            "configuration": configuration,
            "template": {
                "containers": [{"image": f"registry.example/{app['name']}:1", "name": app["name"],
                                "resources": {"cpu": app.get("cpu", 0.5),
                                              "memory": app.get("memory", "1Gi")}}],
                "scale": scale,
            },
        },
    }
    if app.get("tags"):
        body["tags"] = app["tags"]
    return body


def find(request):
    """The scenario's app for a path's (subscription, resource group, name), or the 404 ARM
    answers for a missing resource."""
    sub, group, name = request.match.group(1), request.match.group(2), request.match.group(3)
    for app in request.scenario.get("container_apps", []):
        if sub == request.scenario.get("subscription") and \
                app["resource_group"].lower() == group.lower() and app["name"].lower() == name.lower():
            return sub, app, None
    return sub, None, (404, {}, arm.error_body(
        "ResourceNotFound",
        f"The Resource 'Microsoft.App/containerApps/{name}' under resource group '{group}' "
        "was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"))


def page_size(request):
    return int(request.scenario.get("container_apps_page_size", 100))


# Container Apps - List By Subscription, api-version 2025-01-01:
# GET /subscriptions/{subscriptionId}/providers/Microsoft.App/containerApps
# -> 200 ContainerAppCollection {"value": [ContainerApp], "nextLink"} (x-ms-pageable).
def list_by_subscription(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub = request.match.group(1)
    if sub != request.scenario.get("subscription"):
        return 404, {}, arm.error_body(
            "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
    apps = [container_app(sub, a) for a in request.scenario.get("container_apps", [])]
    return 200, {}, arm.page(request, apps, page_size(request))


# Container Apps - List By Resource Group, api-version 2025-01-01:
# GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/
# Microsoft.App/containerApps -> 200 ContainerAppCollection (x-ms-pageable).
def list_by_resource_group(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub, group = request.match.group(1), request.match.group(2)
    if sub != request.scenario.get("subscription"):
        return 404, {}, arm.error_body(
            "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
    apps = [container_app(sub, a) for a in request.scenario.get("container_apps", [])
            if a["resource_group"].lower() == group.lower()]
    return 200, {}, arm.page(request, apps, page_size(request))


# Container Apps - Get, api-version 2025-01-01:
# GET .../providers/Microsoft.App/containerApps/{containerAppName} -> 200 ContainerApp, 404.
def get_app(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub, app, missing = find(request)
    return missing or (200, {}, container_app(sub, app))


# Container Apps - Update, api-version 2025-01-01:
# PATCH .../providers/Microsoft.App/containerApps/{containerAppName}, body a ContainerApp as a
# JSON merge patch ("Patches a Container App using JSON Merge Patch") -> 200 ContainerApp, or
# 202 "Patch operation is in progress" with `Location` (examples/ContainerApps_Patch.json also
# gives `azure-asyncoperation`), no body. A change to `template` makes a new revision.
def update_app(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub, app, missing = find(request)
    if missing:
        return missing
    if not isinstance(request.body, dict):
        return 400, {}, arm.error_body("InvalidRequestContent",
                                       "The request content was invalid and could not be deserialized.")
    scale = ((request.body.get("properties") or {}).get("template") or {}).get("scale") or {}
    if "minReplicas" in scale or "maxReplicas" in scale:
        app["min"] = scale.get("minReplicas", app["min"])
        app["max"] = scale.get("maxReplicas", app["max"])
        app["revision"] = f"{app['name']}--{uuid.uuid4().hex[:7]}"
        replicas = app.get("replicas", [])[:app["max"]]
        while len(replicas) < app["min"]:
            replicas.append({"name": f"{app['revision']}-{len(replicas)}", "state": "Running",
                             "ready": True, "created": "2026-12-07T09:00:00Z"})
        app["replicas"] = replicas
    if request.scenario.get("container_apps_patch_status", 202) == 200:
        return 200, {}, container_app(sub, app)
    operation = (f"{request.base}/subscriptions/{sub}/providers/Microsoft.App/locations/westeurope/"
                 f"containerappOperationResults/{uuid.uuid4()}?api-version={API}")
    return 202, {"Location": operation, "Azure-AsyncOperation": operation}, None


# Container Apps Revisions - List Revisions, api-version 2025-01-01:
# GET .../containerApps/{containerAppName}/revisions -> 200 RevisionCollection
# {"value": [Revision], "nextLink"} (x-ms-pageable), shaped as examples/Revisions_List.json.
def list_revisions(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub, app, missing = find(request)
    if missing:
        return missing
    revision = {
        "id": f"{app_id(sub, app)}/revisions/{app['revision']}",
        "name": app["revision"],
        "type": "Microsoft.App/containerApps/revisions",
        "properties": {
            "createdTime": "2026-12-07T08:00:00+00:00",
            "fqdn": f"{app['revision']}.example.westeurope.azurecontainerapps.io",
            "template": container_app(sub, app)["properties"]["template"],
            "active": True,
            "replicas": sum(1 for r in app.get("replicas", []) if r["state"] == "Running"),
            "trafficWeight": 100,
            "healthState": "Healthy",
            "provisioningState": "Provisioned",
            "runningState": app.get("revision_state", "Running"),
        },
    }
    return 200, {}, arm.page(request, [revision], page_size(request))


# Container Apps Revision Replicas - List Replicas, api-version 2025-01-01:
# GET .../containerApps/{containerAppName}/revisions/{revisionName}/replicas
# -> 200 ReplicaCollection {"value": [Replica]} (not pageable), as examples/Replicas_List.json.
def list_replicas(request):
    refused = arm.check_api_version(request, API)
    if refused:
        return refused
    sub, app, missing = find(request)
    if missing:
        return missing
    revision = request.match.group(4)
    if revision != app["revision"]:
        return 404, {}, arm.error_body(
            "ContainerAppRevisionNotFound", f"Revision '{revision}' was not found.")
    replicas = [{
        "id": f"{app_id(sub, app)}/revisions/{revision}/replicas/{r['name']}",
        "name": r["name"],
        "type": "Microsoft.App/containerApps/revisions/replicas",
        "properties": {
            "createdTime": r.get("created", "2026-12-07T08:00:00Z"),
            "runningState": r["state"],
            "runningStateDetails": r.get("details", ""),
            "containers": [{"name": app["name"], "ready": r.get("ready", True),
                            "started": r["state"] == "Running", "restartCount": 0,
                            "runningState": "Running" if r["state"] == "Running" else "Waiting"}],
            "initContainers": [],
        },
    } for r in app.get("replicas", [])]
    return 200, {}, {"value": replicas}


def routes():
    return [
        ("GET", SUB + r"/providers/Microsoft\.App/containerApps", list_by_subscription),
        ("GET", RG + r"/providers/Microsoft\.App/containerApps", list_by_resource_group),
        ("GET", APP, get_app),
        ("PATCH", APP, update_app),
        ("GET", APP + r"/revisions", list_revisions),
        ("GET", APP + r"/revisions/([^/]+)/replicas", list_replicas),
    ]
