"""Defender for Cloud (Microsoft.Security) as Microsoft's REST reference documents it.

The scenario's "subscription" is the one the routes answer for (others: 404
SubscriptionNotFound). Scenario key "defender":
  score         {"current", "max", "percentage"} of the ascScore, or absent (no score yet)
  metadata      [{"name", "displayName", "severity"}]: assessment types (built-in or custom)
  assessments   [{"key", "resource", "status", "displayName"?, "changed"?}]: one per resource
  page_size     items per page of the paged lists (nextLink)
"""

import arm

SCORES_API = "2020-01-01"
ASSESSMENTS_API = "2021-06-01"
SUBSCRIPTION = r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.Security"


def _state(request):
    return request.scenario.get("defender", {})


def _subscription(request):
    """The scenario's subscription, or the 404 ARM answers for another."""
    state = _state(request)
    if request.match.group("sub") != request.scenario.get("subscription"):
        return None, (404, {}, arm.error_body(
            "SubscriptionNotFound",
            f"The subscription '{request.match.group('sub')}' could not be found."))
    return state, None


# Secure Scores - List, api-version 2020-01-01:
# GET /subscriptions/{subscriptionId}/providers/Microsoft.Security/secureScores
# 200: SecureScoresList {value: [SecureScoreItem {id, name, type, properties: {displayName,
# score: {max, current, percentage (current / max, 4 digits)}, weight}}], nextLink}.
def secure_scores(request):
    refused = arm.check_api_version(request, SCORES_API)
    if refused:
        return refused
    state, missing = _subscription(request)
    if missing:
        return missing
    sub = request.match.group("sub")
    items = []
    score = state.get("score")
    if score is not None:
        items.append({
            "id": f"/subscriptions/{sub}/providers/Microsoft.Security/secureScores/ascScore",
            "name": "ascScore",
            "type": "Microsoft.Security/secureScores",
            "properties": {
                "displayName": "ASC score",
                "score": {
                    "max": score["max"],
                    "current": score["current"],
                    "percentage": score.get(
                        "percentage",
                        round(score["current"] / score["max"], 4) if score["max"] else 0,
                    ),
                },
                "weight": score.get("weight", 1),
            },
        })
    return 200, {}, {"value": items}


# Assessments Metadata - List By Subscription, api-version 2021-06-01:
# GET /subscriptions/{subscriptionId}/providers/Microsoft.Security/assessmentMetadata
# 200: SecurityAssessmentMetadataResponseList {value: [{id, name, type, properties:
# {displayName, severity: Low|Medium|High, assessmentType, ...}}], nextLink} (x-ms-pageable).
def assessment_metadata(request):
    refused = arm.check_api_version(request, ASSESSMENTS_API)
    if refused:
        return refused
    state, missing = _subscription(request)
    if missing:
        return missing
    items = [
        {
            "id": f"/providers/Microsoft.Security/assessmentMetadata/{m['name']}",
            "name": m["name"],
            "type": "Microsoft.Security/assessmentMetadata",
            "properties": {
                "displayName": m.get("displayName", m["name"]),
                "description": m.get("description", ""),
                "severity": m["severity"],
                "assessmentType": m.get("assessmentType", "BuiltIn"),
            },
        }
        for m in state.get("metadata", [])
    ]
    return 200, {}, arm.page(request, items, state.get("page_size", 100))


# Assessments - List, api-version 2021-06-01:
# GET /{scope}/providers/Microsoft.Security/assessments (scope: a subscription or a
# management group). 200: SecurityAssessmentList {value: [SecurityAssessmentResponse {id, name
# (the assessment key), type, properties: {resourceDetails: {source: "Azure", id}, displayName,
# status: {code: Healthy|Unhealthy|NotApplicable, cause?, description?, firstEvaluationDate,
# statusChangeDate}, additionalData?}}], nextLink} (x-ms-pageable). No $expand on List.
def assessments(request):
    refused = arm.check_api_version(request, ASSESSMENTS_API)
    if refused:
        return refused
    state, missing = _subscription(request)
    if missing:
        return missing
    # An assessment is named as its type is (the metadata's displayName).
    names = {m["name"]: m.get("displayName", m["name"]) for m in state.get("metadata", [])}
    items = []
    for a in state.get("assessments", []):
        status = {"code": a["status"]}
        if a["status"] == "NotApplicable":
            status["cause"] = "OffByPolicy"
            status["description"] = "The effective policy for the assessment was evaluated to off"
        status["firstEvaluationDate"] = a.get("first", "2026-11-01T00:00:00Z")
        status["statusChangeDate"] = a.get("changed", "2026-12-01T00:00:00Z")
        items.append({
            "id": f"{a['resource']}/providers/Microsoft.Security/assessments/{a['key']}",
            "name": a["key"],
            "type": "Microsoft.Security/assessments",
            "properties": {
                "resourceDetails": {"source": "Azure", "id": a["resource"]},
                "displayName": a.get("displayName", names.get(a["key"], a["key"])),
                "status": status,
            },
        })
    return 200, {}, arm.page(request, items, state.get("page_size", 100))


def routes():
    return [
        ("GET", SUBSCRIPTION + r"/secureScores", secure_scores),
        ("GET", SUBSCRIPTION + r"/assessmentMetadata", assessment_metadata),
        ("GET", SUBSCRIPTION + r"/assessments", assessments),
    ]
