#!/usr/bin/env bash
# curl-projects-list.sh — the seed's way (`curl -s -H "Authorization: Bearer …" URL/v1/projects | jq '.data[]'`)
# extended to every page: the API answers at most 100 projects a page, so listing them all means following
# `nextCursor`. One curl per page, `jq '.data[]'` for the items, `jq -r` for the cursor. The curl+jq
# contender of benches/cli-list.sh.
# Usage: PPG_API_URL=http://127.0.0.1:4466 PRISMA_POSTGRES_TOKEN=… benches/curl-projects-list.sh
set -euo pipefail

url="${PPG_API_URL:?set PPG_API_URL}/v1/projects"
auth="Authorization: Bearer ${PRISMA_POSTGRES_TOKEN:?set PRISMA_POSTGRES_TOKEN}"

page="$(curl -sf -H "$auth" "$url")"
while :; do
  jq '.data[]' <<<"$page"
  cursor="$(jq -r 'if .pagination.hasMore then .pagination.nextCursor else empty end' <<<"$page")"
  [[ -n "$cursor" ]] || break
  page="$(curl -sf -G -H "$auth" --data-urlencode "cursor=$cursor" "$url")"
done
