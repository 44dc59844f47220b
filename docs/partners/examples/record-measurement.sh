#!/bin/sh
# Records one measurement of a KPI (token scope: write:measurements).
# Needs: THROUGHLINE_URL, THROUGHLINE_TOKEN, KPI_ID, VALUE.
set -eu
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
curl --silent --show-error --fail-with-body \
  -H "Authorization: Bearer $THROUGHLINE_TOKEN" \
  -H 'Content-Type: application/json' \
  --data "{\"query\":\"mutation(\$i: RecordMeasurementInput!) { recordMeasurement(input: \$i) { id value at } }\",\"variables\":{\"i\":{\"kpiId\":\"$KPI_ID\",\"value\":$VALUE,\"at\":\"$now\",\"note\":\"from the finance system\"}}}" \
  "$THROUGHLINE_URL/graphql"
echo
