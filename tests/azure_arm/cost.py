"""Cost Management (Query - Usage, Forecast - Usage) and Consumption Budgets (Budgets - List).

The scenario's `cost` key holds what the subscription spent, with explicit dates:
    {"currency": "USD", "page_size": 5000,
     "usage": [[20261101, "Virtual Machines", 140.0], ...],   # daily actual cost by service
     "last_month": 5812.34,                                   # last month's total (or absent)
     "forecast": [[20261117, 203.0], ...],                    # daily forecast (absent: 204)
     "budgets": [{"name": ..., "amount": ..., "current_spend": ..., ...}]}
Rows are answered whatever period the request names (the tests fix the dates here, as moto's
queued Cost Explorer results do); their columns and order follow the request, as the service's.
"""

import arm

COST_API = "2025-03-01"
BUDGETS_API = "2024-08-01"
SCOPE = r"/subscriptions/([^/]+)(?:/resourceGroups/[^/]+)?"


def bad_request(message):
    return 400, {}, arm.error_body("BadRequest", message)


def scope_check(request, version):
    """The api-version and the subscription, as ARM checks them before the operation runs."""
    refused = arm.check_api_version(request, version)
    if refused:
        return refused
    sub = request.match.group(1)
    if sub != request.scenario.get("subscription"):
        return 404, {}, arm.error_body(
            "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
    return None


def definition_error(body, timeframes, granularities):
    """What the service says of a QueryDefinition/ForecastDefinition it refuses, else None:
    `type`, `timeframe` and `dataset` required, a Custom timeframe needs `timePeriod.from`/`to`,
    each aggregation is `{name, function: Sum}`, at most 2 groupings of Dimension or TagKey."""
    if not isinstance(body, dict):
        return "The request body is required."
    for key in ("type", "timeframe", "dataset"):
        if key not in body:
            return f"Invalid query definition: '{key}' is required."
    if body["type"] not in ("Usage", "ActualCost", "AmortizedCost"):
        return f"Invalid query definition: type '{body['type']}'."
    if body["timeframe"] not in timeframes:
        return f"Invalid query definition: timeframe '{body['timeframe']}'."
    period = body.get("timePeriod") or {}
    if body["timeframe"] == "Custom" and not (period.get("from") and period.get("to")):
        return "Invalid query definition: a Custom timeframe needs timePeriod.from and timePeriod.to."
    dataset = body["dataset"]
    if dataset.get("granularity") not in granularities:
        return f"Invalid query definition: granularity '{dataset.get('granularity')}'."
    aggregation = dataset.get("aggregation") or {}
    if not aggregation or len(aggregation) > 2 or any(
            a.get("function") != "Sum" or not a.get("name") for a in aggregation.values()):
        return "Invalid query definition: aggregation needs 1 or 2 {name, function: Sum}."
    grouping = dataset.get("grouping") or []
    if len(grouping) > 2 or any(g.get("type") not in ("Dimension", "TagKey") for g in grouping):
        return "Invalid query definition: grouping takes up to 2 Dimension or TagKey columns."
    return None


def result(request, kind, columns, rows, next_link=None):
    """QueryResult / ForecastResult: a resource with `properties.{nextLink, columns, rows}`."""
    scope = request.path.rsplit("/providers/", 1)[0]
    return {
        "id": f"{scope}/providers/Microsoft.CostManagement/{kind}/1e6f8a33-4c1b-4f6d-9b7e-5d2c0a9f3b11",
        "name": "1e6f8a33-4c1b-4f6d-9b7e-5d2c0a9f3b11",
        "type": f"Microsoft.CostManagement/{kind}",
        "location": None,
        "sku": None,
        "eTag": None,
        "properties": {"nextLink": next_link, "columns": columns, "rows": rows},
    }


def cost_columns(dataset):
    """The aggregated columns, named after what each aggregates (the reference's examples)."""
    return [{"name": a["name"], "type": "Number"} for a in dataset["aggregation"].values()]


# Query - Usage, api-version 2025-03-01:
# POST {scope}/providers/Microsoft.CostManagement/query with a QueryDefinition; 200 with a
# QueryResult (columns: the aggregations, `UsageDate` as a yyyymmdd Number when Daily, each
# grouping as a String, `Currency`), or 204 No Content. Pages by `properties.nextLink`, which
# the caller POSTs with the same body.
def query(request):
    refused = scope_check(request, COST_API)
    if refused:
        return refused
    body = request.body
    why = definition_error(body, ("MonthToDate", "BillingMonthToDate", "TheLastMonth",
                                  "TheLastBillingMonth", "WeekToDate", "Custom"),
                           (None, "Daily"))
    if why:
        return bad_request(why)
    cost = request.scenario.get("cost", {})
    currency = cost.get("currency", "USD")
    dataset = body["dataset"]
    groups = [g["name"] for g in dataset.get("grouping", [])]
    columns = cost_columns(dataset)
    n_costs = len(columns)
    if dataset.get("granularity") == "Daily":
        columns.append({"name": "UsageDate", "type": "Number"})
        sums = {}
        for date, service, amount in cost.get("usage", []):
            key = (date, tuple(service if g.lower() == "servicename" else "" for g in groups))
            sums[key] = sums.get(key, 0.0) + amount
        rows = [[amount] * n_costs + [date, *values, currency]
                for (date, values), amount in sorted(sums.items())]
    elif groups:
        sums = {}
        for _date, service, amount in cost.get("usage", []):
            key = tuple(service if g.lower() == "servicename" else "" for g in groups)
            sums[key] = sums.get(key, 0.0) + amount
        rows = [[amount] * n_costs + [*values, currency] for values, amount in sorted(sums.items())]
    elif "last_month" in cost:
        # The period's total without a grouping: the scenario's last month.
        rows = [[cost["last_month"]] * n_costs + [currency]]
    else:
        return 204, {}, None
    columns += [{"name": g, "type": "String"} for g in groups]
    columns.append({"name": "Currency", "type": "String"})
    size = int(cost.get("page_size", 5000))
    start = int(request.param("$skiptoken", "0"))
    link = None
    if start + size < len(rows):
        link = (f"{request.base}{request.path}?api-version={COST_API}"
                f"&$skiptoken={start + size}")
    return 200, {}, result(request, "query", columns, rows[start:start + size], link)


# Forecast - Usage, api-version 2025-03-01:
# POST {scope}/providers/Microsoft.CostManagement/forecast with a ForecastDefinition (timeframe
# Custom only, granularity Daily only); 200 with a ForecastResult (columns: the aggregations,
# `UsageDate`, `CostStatus` "Forecast" or "Actual", `Currency`), or 204 No Content.
def forecast(request):
    refused = scope_check(request, COST_API)
    if refused:
        return refused
    body = request.body
    why = definition_error(body, ("Custom",), (None, "Daily"))
    if why:
        return bad_request(why)
    cost = request.scenario.get("cost", {})
    if "forecast" not in cost:
        return 204, {}, None
    currency = cost.get("currency", "USD")
    columns = cost_columns(body["dataset"])
    n_costs = len(columns)
    rows = []
    if body.get("includeActualCost"):
        daily = {}
        for date, _service, amount in cost.get("usage", []):
            daily[date] = daily.get(date, 0.0) + amount
        rows += [[amount] * n_costs + [date, "Actual", currency] for date, amount in sorted(daily.items())]
    rows += [[amount] * n_costs + [date, "Forecast", currency] for date, amount in cost["forecast"]]
    columns += [{"name": "UsageDate", "type": "Number"}, {"name": "CostStatus", "type": "String"},
                {"name": "Currency", "type": "String"}]
    return 200, {}, result(request, "forecast", columns, rows)


def budget_resource(scope, budget, currency):
    """A Budget as Budgets - List documents it (Microsoft.Consumption/budgets)."""
    properties = {
        "category": budget.get("category", "Cost"),
        "amount": budget["amount"],
        "timeGrain": budget.get("time_grain", "Monthly"),
        "timePeriod": {"startDate": budget.get("start", "2026-01-01T00:00:00Z"),
                       "endDate": budget.get("end", "2099-12-31T00:00:00Z")},
        "currentSpend": {"amount": budget["current_spend"], "unit": budget.get("unit", currency)},
        "notifications": {
            "Actual_GreaterThan_80_Percent": {
                "enabled": True, "operator": "GreaterThan", "threshold": 80,
                "contactEmails": ["finops@example.com"], "contactRoles": ["Owner"],
                "thresholdType": "Actual"},
        },
    }
    if "filter" in budget:
        properties["filter"] = budget["filter"]
    return {
        "id": f"{scope}/providers/Microsoft.Consumption/budgets/{budget['name']}",
        "name": budget["name"],
        "type": "Microsoft.Consumption/budgets",
        "eTag": '"1d34d012214157f"',
        "properties": properties,
    }


# Budgets - List, api-version 2024-08-01:
# GET {scope}/providers/Microsoft.Consumption/budgets; 200 with {"value": [Budget],
# "nextLink": string}.
def budgets(request):
    refused = scope_check(request, BUDGETS_API)
    if refused:
        return refused
    cost = request.scenario.get("cost", {})
    scope = request.path.rsplit("/providers/", 1)[0]
    items = [budget_resource(scope, b, cost.get("currency", "USD")) for b in cost.get("budgets", [])]
    return 200, {}, arm.page(request, items, int(cost.get("page_size", 100)))


def routes():
    return [
        ("POST", SCOPE + r"/providers/Microsoft\.CostManagement/query", query),
        ("POST", SCOPE + r"/providers/Microsoft\.CostManagement/forecast", forecast),
        ("GET", SCOPE + r"/providers/Microsoft\.Consumption/budgets", budgets),
    ]
