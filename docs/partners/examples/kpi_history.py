"""Pages through every measurement of a KPI (token scope: read), Python standard library only.

Needs: THROUGHLINE_URL, THROUGHLINE_TOKEN, KPI_ID.
"""
import json
import os
import time
import urllib.error
import urllib.request

URL = os.environ["THROUGHLINE_URL"] + "/graphql"
TOKEN = os.environ["THROUGHLINE_TOKEN"]

QUERY = """
query($id: ID!, $after: String) {
  kpi(id: $id) {
    name
    measurements(first: 50, after: $after) {
      edges { cursor node { value at } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def graphql(query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(
        URL, data=body, headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    )
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as e:
            if e.code == 503:  # SERVICE_UNAVAILABLE: wait as the server asks, then try again
                time.sleep(int(e.headers.get("Retry-After", "5")))
                continue
            answer = json.load(e)
        if answer.get("errors"):
            error = answer["errors"][0]
            raise SystemExit(f"{error['extensions'].get('code')}: {error['message']}")
        return answer["data"]
    raise SystemExit("the server stayed unavailable")


after = None
count = 0
while True:
    kpi = graphql(QUERY, {"id": os.environ["KPI_ID"], "after": after})["kpi"]
    if kpi is None:
        raise SystemExit("no such KPI, or this token may not see it")
    page = kpi["measurements"]
    for edge in page["edges"]:
        count += 1
        print(f"{edge['node']['at']}  {edge['node']['value']}")
    if not page["pageInfo"]["hasNextPage"]:
        break
    after = page["pageInfo"]["endCursor"]
print(f"{count} measurements of {kpi['name']}")
