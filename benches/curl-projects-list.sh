#!/usr/bin/env bash
# curl-projects-list.sh — the seed's way (`curl -s -H "Authorization: Bearer …" URL/v1/projects | jq '.data[]'`)
# extended to every page: the API answers at most 100 projects a page, so listing them all means following
# `nextCursor`. Per page: one curl, and one jq that prints the cursor (raw, first line) and then the items
# (as `jq '.data[]'` prints them), so no page costs more processes than the one-liner. The curl+jq contender
# of benches/cli-list.sh.
# Usage: PPG_API_URL=http://127.0.0.1:4466 PRISMA_POSTGRES_TOKEN=… benches/curl-projects-list.sh
set -euo pipefail

url="${PPG_API_URL:?set PPG_API_URL}/v1/projects"
auth="Authorization: Bearer ${PRISMA_POSTGRES_TOKEN:?set PRISMA_POSTGRES_TOKEN}"
filter='(if .pagination.hasMore then .pagination.nextCursor else "" end), .data[]'

out="$(curl -sf -H "$auth" "$url" | jq -r "$filter")"
while :; do
  cursor="${out%%$'\n'*}"
  [[ "$out" == *$'\n'* ]] && printf '%s\n' "${out#*$'\n'}"
  [[ -n "$cursor" ]] || break
  out="$(curl -sf -G -H "$auth" --data-urlencode "cursor=$cursor" "$url" | jq -r "$filter")"
done
