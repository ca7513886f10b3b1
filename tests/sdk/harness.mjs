// harness.mjs — helpers for conformance.mjs: the official SDK client pointed at the emulator, calls that
// assert a status and validate the body against the SDK's own types (shape.mjs), error-body checks,
// polling with a deadline, and the contract's checks on minted connection strings.
import assert from 'node:assert/strict';
import { createManagementApiClient } from '@prisma/management-api-sdk';
import { checkShape, documentedStatuses, operationId } from './shape.mjs';

export const baseUrl = process.env.PPG_EMULATOR_URL;
export const token = process.env.PPG_EMULATOR_TOKEN;
if (!baseUrl || !token) throw new Error('set PPG_EMULATOR_URL and PPG_EMULATOR_TOKEN (tests/sdk/run.sh does)');

export const client = createManagementApiClient({ token, baseUrl });
export const clientWithToken = (t) => createManagementApiClient({ token: t, baseUrl });

let seq = 0;
/** A fresh, recognisable name for things the suite creates. */
export const uniqueName = (what) => `sdk-${what}-${process.pid}-${++seq}`;

/** Calls METHOD path through the SDK client; returns { status, body, response }. */
export async function call(method, path, init = {}, c = client) {
  const { data, error, response } = await c[method](path, init);
  return { status: response.status, body: data ?? error, response };
}

/** Asserts the body matches the SDK's type for this operation and status. */
export function assertShape(method, path, status, body) {
  const problems = checkShape(operationId(method, path), status, body);
  assert.ok(problems.length === 0,
    `${method} ${path} ${status}: body does not match the SDK type:\n  ${problems.join('\n  ')}`);
}

/** Calls and asserts the success status and the shape; returns the body. 204 must have an empty body. */
export async function expectOk(method, path, init, status, c = client) {
  const { status: got, body, response } = await call(method, path, init, c);
  assert.equal(got, status, `${method} ${path}: expected ${status}, got ${got}: ${JSON.stringify(body)}`);
  if (status === 204) {
    assert.equal(await response.text(), '', `${method} ${path}: 204 must have an empty body`);
    return undefined;
  }
  assertShape(method, path, status, body);
  return body;
}

/** Asserts the `{error:{code,message,hint?}}` envelope with non-empty strings. */
export function assertErrorBody(what, body) {
  assert.equal(typeof body, 'object', `${what}: error body is not JSON: ${JSON.stringify(body)}`);
  const e = body?.error;
  assert.ok(e && typeof e === 'object', `${what}: missing "error" object in ${JSON.stringify(body)}`);
  assert.ok(typeof e.code === 'string' && e.code.length > 0, `${what}: error.code must be a non-empty string`);
  assert.ok(typeof e.message === 'string' && e.message.length > 0, `${what}: error.message must be a non-empty string`);
  if ('hint' in e) assert.equal(typeof e.hint, 'string', `${what}: error.hint must be a string when present`);
}

/**
 * Calls and asserts an error status and body. The SDK's type for that status is checked too when the
 * SDK documents the status for the operation; `documented: true` makes its absence a failure.
 */
export async function expectError(method, path, init, status, { c = client, documented = true } = {}) {
  const { status: got, body } = await call(method, path, init, c);
  const what = `${method} ${path}`;
  assert.equal(got, status, `${what}: expected ${status}, got ${got}: ${JSON.stringify(body)}`);
  assertErrorBody(what, body);
  const opId = operationId(method, path);
  if (documentedStatuses(opId).includes(status)) assertShape(method, path, status, body);
  else assert.ok(!documented, `${what}: the SDK documents no ${status} for ${opId}`);
  return body;
}

/** Polls `probe` every `intervalMs` until it returns a truthy value or the deadline passes. */
export async function waitFor(what, probe, { timeoutMs = 10_000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until GET /v1/databases/{id} reports `status`; returns that database. */
export function waitForDatabaseStatus(databaseId, status) {
  return waitFor(`database ${databaseId} to be ${status}`, async () => {
    const { data } = await expectOk('GET', '/v1/databases/{databaseId}', { params: { path: { databaseId } } }, 200);
    return data.status === status ? data : null;
  });
}

/** Fetches every page of a cursor-paginated list; returns all items. */
export async function listAll(path, init = {}, limit = 100) {
  const items = [];
  let cursor;
  for (let page = 0; page < 1000; page++) {
    const query = { ...(init.params?.query ?? {}), limit, ...(cursor ? { cursor } : {}) };
    const body = await expectOk('GET', path, { ...init, params: { ...init.params, query } }, 200);
    items.push(...body.data);
    if (!body.pagination.hasMore) return items;
    cursor = body.pagination.nextCursor;
    assert.ok(cursor, `GET ${path}: hasMore is true but nextCursor is ${cursor}`);
  }
  throw new Error(`GET ${path}: more than 1000 pages`);
}

const ID = { workspace: /^wksp_[a-z0-9]+$/, project: /^proj_[a-z0-9]+$/, database: /^db_[a-z0-9]+$/, connection: /^con_[a-z0-9]+$/ };
/** The contract: ids are a kind prefix followed by lowercase letters and digits. */
export function assertId(kind, id) {
  assert.match(id, ID[kind], `${kind} id ${JSON.stringify(id)} is not of the form ${ID[kind]}`);
}

const PG = /^postgres:\/\/[0-9a-f]{64}:sk_[^@]+@(pooled\.)?db\.prisma\.io:5432\/(postgres)?\?sslmode=require$/;
const ACCELERATE = /^prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=.+$/;

/** A connection from a minting response: every endpoint carries a well-formed connection string. */
export function assertMinted(conn) {
  const endpoints = Object.entries(conn.endpoints ?? {});
  assert.ok(endpoints.length > 0, `connection ${conn.id}: no endpoints`);
  for (const [kind, ep] of endpoints) {
    assert.equal(typeof ep.connectionString, 'string', `connection ${conn.id}: endpoints.${kind} has no minted connectionString`);
    assert.match(ep.connectionString, kind === 'accelerate' ? ACCELERATE : PG, `connection ${conn.id}: endpoints.${kind}.connectionString`);
    if (kind !== 'accelerate') assert.equal(ep.port, 5432, `connection ${conn.id}: endpoints.${kind}.port`);
  }
  if (conn.endpoints.direct) assert.equal(conn.endpoints.direct.host, 'db.prisma.io');
  if (conn.endpoints.pooled) assert.equal(conn.endpoints.pooled.host, 'pooled.db.prisma.io');
}

/** A connection from a list or get response: host and port only, never a secret. */
export function assertNoSecret(conn) {
  for (const [kind, ep] of Object.entries(conn.endpoints ?? {})) {
    assert.ok(!('connectionString' in ep), `connection ${conn.id}: endpoints.${kind}.connectionString must not appear outside minting responses`);
  }
  assert.ok(!('connectionString' in conn), `connection ${conn.id}: connectionString must not appear outside minting responses`);
}

/** The password of a postgres:// connection string. */
export const passwordOf = (connectionString) => decodeURIComponent(new URL(connectionString).password);
