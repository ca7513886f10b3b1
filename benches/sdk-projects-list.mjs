// sdk-projects-list.mjs — what `ppg projects list --json` does, written with the official Node SDK
// (@prisma/management-api-sdk): list every project, following `nextCursor` to the end, and print them
// as one pretty JSON array. The Node contender of benches/cli-list.sh.
//
// Usage: PPG_API_URL=http://127.0.0.1:4466 PRISMA_POSTGRES_TOKEN=… node benches/sdk-projects-list.mjs
// The SDK is loaded from tests/sdk/node_modules (install it with `npm ci` in tests/sdk).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/sdk/package.json', import.meta.url));
const { createManagementApiClient } = require('@prisma/management-api-sdk');

const baseUrl = process.env.PPG_API_URL ?? 'https://api.prisma.io';
const token = process.env.PRISMA_POSTGRES_TOKEN;
if (!token) {
  console.error('sdk-projects-list.mjs: set PRISMA_POSTGRES_TOKEN');
  process.exit(2);
}

const client = createManagementApiClient({ token, baseUrl });
const projects = [];
let cursor;
do {
  const { data, error, response } = await client.GET('/v1/projects', {
    params: { query: cursor ? { cursor } : {} },
  });
  if (error || !data) {
    console.error(`sdk-projects-list.mjs: GET /v1/projects: ${response.status} ${JSON.stringify(error)}`);
    process.exit(1);
  }
  projects.push(...data.data);
  cursor = data.pagination?.hasMore ? data.pagination.nextCursor : undefined;
} while (cursor);

process.stdout.write(`${JSON.stringify(projects, null, 2)}\n`);
