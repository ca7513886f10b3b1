// conformance.mjs — drives the ppg emulator with the official @prisma/management-api-sdk client and
// checks every endpoint ppg uses (shared/api/management-api.md): the success status, the body against the
// SDK's generated types (shape.mjs), the contract's semantics, and the named error statuses.
// Run it through run.sh, or: PPG_EMULATOR_URL=http://... PPG_EMULATOR_TOKEN=... node --test conformance.mjs
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  assertErrorBody, assertId, assertMinted, assertNoSecret, baseUrl, call, clientWithToken, expectError,
  expectOk, listAll, passwordOf, uniqueName, waitForDatabaseStatus,
} from './harness.mjs';

const path = (p) => ({ params: { path: p } });
const query = (q) => ({ params: { query: q } });
const pathQuery = (p, q) => ({ params: { path: p, query: q } });
const UNKNOWN = { workspace: 'wksp_doesnotexist0', project: 'proj_doesnotexist0', database: 'db_doesnotexist0', connection: 'con_doesnotexist0' };

// Projects the suite creates, deleted at the end whatever happens.
const created = new Set();
after(async () => {
  for (const id of created) await call('DELETE', '/v1/projects/{id}', path({ id }));
});

async function availableRegion() {
  const { data } = await expectOk('GET', '/v1/regions/postgres', {}, 200);
  const region = data.find((r) => r.status === 'available');
  assert.ok(region, 'no available postgres region');
  return region.id;
}

/** Creates a project (201) with its default database unless createDatabase is false; returns `data`. */
async function createProject(body = {}) {
  const { data } = await expectOk('POST', '/v1/projects', { body: { name: uniqueName('project'), ...body } }, 201);
  created.add(data.id);
  return data;
}

/** Creates a non-default database in a project (201); returns `data`. */
async function createDatabase(projectId, body = {}) {
  const init = { ...path({ projectId }), body: { name: uniqueName('db'), ...body } };
  const { data } = await expectOk('POST', '/v1/projects/{projectId}/databases', init, 201);
  return data;
}

// Every database's backups answer, found once: [{ db, status, body }].
let backupsSurvey;
function surveyBackups() {
  backupsSurvey ??= (async () => {
    const dbs = await listAll('/v1/databases');
    return Promise.all(dbs.map(async (db) => {
      const { status, body } = await call('GET', '/v1/databases/{databaseId}/backups', path({ databaseId: db.id }));
      return { db, status, body };
    }));
  })();
  return backupsSurvey;
}
async function databaseWithCompletedBackup() {
  const found = (await surveyBackups()).find((s) => s.status === 200 && s.body.data.some((b) => b.status === 'completed'));
  assert.ok(found, 'the demo seed has no database with a completed backup');
  return { db: found.db, backup: found.body.data.find((b) => b.status === 'completed') };
}

describe('identity and workspaces', () => {
  test('GET /v1/me answers 200', async () => {
    const { data } = await expectOk('GET', '/v1/me', {}, 200);
    assert.ok(data.credential, 'credential is required');
  });

  test('GET /v1/workspaces and /v1/workspaces/{id} answer 200', async () => {
    const { data } = await expectOk('GET', '/v1/workspaces', {}, 200);
    assert.ok(data.length > 0, 'no workspace');
    for (const w of data) {
      assertId('workspace', w.id);
      const one = await expectOk('GET', '/v1/workspaces/{id}', path({ id: w.id }), 200);
      assert.equal(one.data.id, w.id);
    }
  });

  test('GET /v1/regions/postgres answers 200', async () => {
    const { data } = await expectOk('GET', '/v1/regions/postgres', {}, 200);
    assert.ok(data.some((r) => r.status === 'available'), 'no available region');
  });
});

describe('pagination', () => {
  for (const list of ['/v1/projects', '/v1/databases', '/v1/connections']) {
    test(`GET ${list} with limit=2 following nextCursor yields the unpaged list exactly once`, async () => {
      const unpaged = await expectOk('GET', list, {}, 200);
      assert.equal(unpaged.pagination.hasMore, false, 'the demo fits in one default page');
      assert.equal(unpaged.pagination.nextCursor, null, 'nextCursor must be null on the last page');
      const seen = [];
      let cursor;
      let pages = 0;
      do {
        const body = await expectOk('GET', list, query({ limit: 2, ...(cursor ? { cursor } : {}) }), 200);
        assert.ok(body.data.length <= 2, `page ${pages} has ${body.data.length} items with limit=2`);
        seen.push(...body.data.map((x) => x.id));
        cursor = body.pagination.hasMore ? body.pagination.nextCursor : null;
        if (body.pagination.hasMore) assert.equal(typeof cursor, 'string', 'hasMore without a nextCursor');
        assert.ok(++pages < 500, 'pagination does not end');
      } while (cursor);
      assert.ok(pages > 1 || unpaged.data.length <= 2, 'limit=2 did not page');
      assert.equal(new Set(seen).size, seen.length, `an item came twice: ${seen}`);
      assert.deepEqual([...seen].sort(), unpaged.data.map((x) => x.id).sort(), 'paged and unpaged lists differ');
    });
  }
});

describe('limits and filters', () => {
  for (const list of ['/v1/projects', '/v1/databases', '/v1/connections', '/v1/workspaces']) {
    test(`GET ${list} with limit=1000 (no maximum) answers one page holding the whole list`, async () => {
      const whole = await listAll(list, {}, 2);
      const body = await expectOk('GET', list, query({ limit: 1000 }), 200);
      assert.ok(body.data.length <= 1000, `limit=1000 gave ${body.data.length} items`);
      assert.ok(whole.length <= 1000, 'the demo world fits in a page of 1000');
      assert.equal(body.pagination.hasMore, false);
      assert.equal(body.pagination.nextCursor, null);
      assert.deepEqual(body.data.map((x) => x.id), whole.map((x) => x.id), 'limit=1000 and limit=2 pages differ');
      await expectOk('GET', list, query({ limit: 101 }), 200);
    });
  }

  test('GET /v1/projects?logicalId= lists exactly the project declared with it', async () => {
    const logicalId = uniqueName('logical');
    const p = await createProject({ createDatabase: false, logicalId });
    assert.equal(p.logicalId, logicalId);
    await createProject({ createDatabase: false });
    const found = await expectOk('GET', '/v1/projects', query({ logicalId }), 200);
    assert.deepEqual(found.data.map((x) => x.id), [p.id]);
    assert.equal(found.data[0].logicalId, logicalId);
    const none = await expectOk('GET', '/v1/projects', query({ logicalId: `${logicalId}-unknown` }), 200);
    assert.deepEqual(none.data, [], 'an unknown logicalId matches nothing');
  });

  test('GET /v1/databases?logicalId= lists exactly the database set with PATCH', async () => {
    const p = await createProject();
    const db = await createDatabase(p.id);
    const logicalId = uniqueName('logical-db');
    const patched = await expectOk('PATCH', '/v1/databases/{databaseId}', { ...path({ databaseId: db.id }), body: { logicalId } }, 200);
    assert.equal(patched.data.logicalId, logicalId);
    const found = await expectOk('GET', '/v1/databases', query({ logicalId }), 200);
    assert.deepEqual(found.data.map((x) => x.id), [db.id]);
    const inProject = await expectOk('GET', '/v1/databases', query({ logicalId, projectId: p.id }), 200);
    assert.deepEqual(inProject.data.map((x) => x.id), [db.id]);
    const none = await expectOk('GET', '/v1/databases', query({ logicalId: `${logicalId}-unknown` }), 200);
    assert.deepEqual(none.data, []);
  });

  test('GET /v1/regions?product= filters by product', async () => {
    const postgres = await expectOk('GET', '/v1/regions', query({ product: 'postgres' }), 200);
    assert.ok(postgres.data.length > 0 && postgres.data.every((r) => r.product === 'postgres'), 'product=postgres');
    const all = await expectOk('GET', '/v1/regions', {}, 200);
    const accelerate = await expectOk('GET', '/v1/regions', query({ product: 'accelerate' }), 200);
    assert.ok(accelerate.data.every((r) => r.product === 'accelerate'), 'product=accelerate lists only accelerate regions');
    assert.equal(all.data.length, postgres.data.length + accelerate.data.length, 'the products split the list');
  });
});

describe('projects', () => {
  test('POST /v1/projects answers 201 with the default database and minted connection strings', async () => {
    const region = await availableRegion();
    const p = await createProject({ region });
    assertId('project', p.id);
    assert.ok(p.database, 'database must not be null with the default createDatabase');
    assertId('database', p.database.id);
    assert.equal(p.database.isDefault, true);
    assert.ok(p.database.connections.length > 0, 'the default database has no connection');
    p.database.connections.forEach(assertMinted);
  });

  test('POST /v1/projects with createDatabase:false answers 201 with database null', async () => {
    const p = await createProject({ createDatabase: false });
    assert.equal(p.database, null);
    const dbs = await expectOk('GET', '/v1/projects/{projectId}/databases', path({ projectId: p.id }), 200);
    assert.equal(dbs.data.length, 0);
  });

  test('GET, PATCH, DELETE /v1/projects/{id}', async () => {
    const p = await createProject();
    const got = await expectOk('GET', '/v1/projects/{id}', path({ id: p.id }), 200);
    assert.equal(got.data.name, p.name);
    const name = uniqueName('renamed');
    const patched = await expectOk('PATCH', '/v1/projects/{id}', { ...path({ id: p.id }), body: { name } }, 200);
    assert.equal(patched.data.name, name);
    assert.equal((await expectOk('GET', '/v1/projects/{id}', path({ id: p.id }), 200)).data.name, name);
    await expectOk('DELETE', '/v1/projects/{id}', path({ id: p.id }), 204);
    created.delete(p.id);
    await expectError('GET', '/v1/projects/{id}', path({ id: p.id }), 404);
    await expectError('GET', '/v1/databases/{databaseId}', path({ databaseId: p.database.id }), 404);
  });

  test('PATCH /v1/projects/{id} with an empty name answers 422', async () => {
    const p = await createProject({ createDatabase: false });
    await expectError('PATCH', '/v1/projects/{id}', { ...path({ id: p.id }), body: { name: '' } }, 422);
  });

  test('POST /v1/projects with a body over 64 KiB answers 413', async () => {
    await expectError('POST', '/v1/projects', { body: { name: 'x'.repeat(70 * 1024) } }, 413);
  });
});

describe('databases', () => {
  test('GET/POST /v1/projects/{projectId}/databases, GET /v1/databases (?projectId=)', async () => {
    const p = await createProject();
    const db = await createDatabase(p.id, { region: 'inherit' });
    assertId('database', db.id);
    assert.equal(db.isDefault, false);
    assert.equal(db.status, 'provisioning', 'a new database starts provisioning');
    db.connections.forEach(assertMinted);
    const inProject = await expectOk('GET', '/v1/projects/{projectId}/databases', path({ projectId: p.id }), 200);
    assert.deepEqual(inProject.data.map((d) => d.id).sort(), [p.database.id, db.id].sort());
    inProject.data.flatMap((d) => d.connections).forEach(assertNoSecret);
    const filtered = await expectOk('GET', '/v1/databases', query({ projectId: p.id }), 200);
    assert.deepEqual(filtered.data.map((d) => d.id).sort(), [p.database.id, db.id].sort());
    const all = await listAll('/v1/databases');
    assert.ok(all.some((d) => d.id === db.id), 'GET /v1/databases misses the new database');
  });

  test('GET, PATCH, DELETE /v1/databases/{databaseId}', async () => {
    const p = await createProject();
    const db = await createDatabase(p.id);
    const got = await expectOk('GET', '/v1/databases/{databaseId}', path({ databaseId: db.id }), 200);
    got.data.connections.forEach(assertNoSecret);
    assert.equal(got.data.project.id, p.id);
    const name = uniqueName('renamed-db');
    const patched = await expectOk('PATCH', '/v1/databases/{databaseId}', { ...path({ databaseId: db.id }), body: { name } }, 200);
    assert.equal(patched.data.name, name);
    await expectOk('DELETE', '/v1/databases/{databaseId}', path({ databaseId: db.id }), 204);
    await expectError('GET', '/v1/databases/{databaseId}', path({ databaseId: db.id }), 404);
  });

  test('DELETE of a default database answers 403', async () => {
    const p = await createProject();
    await expectError('DELETE', '/v1/databases/{databaseId}', path({ databaseId: p.database.id }), 403);
    await expectOk('GET', '/v1/databases/{databaseId}', path({ databaseId: p.database.id }), 200);
  });

  test('a new database becomes ready', async () => {
    const p = await createProject();
    const db = await createDatabase(p.id);
    await waitForDatabaseStatus(db.id, 'ready');
  });
});

describe('connections', () => {
  test('list, create (200 and 201), get, rotate, delete', async () => {
    const p = await createProject();
    const databaseId = p.database.id;
    const before = await expectOk('GET', '/v1/databases/{databaseId}/connections', path({ databaseId }), 200);
    before.data.forEach(assertNoSecret);

    const underDb = await expectOk('POST', '/v1/databases/{databaseId}/connections',
      { ...path({ databaseId }), body: { name: uniqueName('con') } }, 200);
    assertId('connection', underDb.data.id);
    assertMinted(underDb.data);
    const topLevel = await expectOk('POST', '/v1/connections', { body: { databaseId, name: uniqueName('con') } }, 201);
    assertMinted(topLevel.data);
    assert.equal(topLevel.data.database.id, databaseId);

    const listed = await expectOk('GET', '/v1/connections', query({ databaseId }), 200);
    listed.data.forEach(assertNoSecret);
    assert.ok(listed.data.every((c) => c.database.id === databaseId), '?databaseId= returned another database');
    const ids = listed.data.map((c) => c.id);
    assert.ok(ids.includes(underDb.data.id) && ids.includes(topLevel.data.id), 'new connections missing from the list');
    const after = await expectOk('GET', '/v1/databases/{databaseId}/connections', path({ databaseId }), 200);
    assert.equal(after.data.length, before.data.length + 2);

    const got = await expectOk('GET', '/v1/connections/{id}', path({ id: topLevel.data.id }), 200);
    assertNoSecret(got.data);

    const rotated = await expectOk('POST', '/v1/connections/{id}/rotate', path({ id: topLevel.data.id }), 200);
    assertMinted(rotated.data);
    assert.equal(rotated.data.id, topLevel.data.id);
    const oldString = topLevel.data.endpoints.direct?.connectionString ?? topLevel.data.endpoints.pooled.connectionString;
    const newString = rotated.data.endpoints.direct?.connectionString ?? rotated.data.endpoints.pooled.connectionString;
    assert.notEqual(newString, oldString, 'rotation must change the connection string');
    assert.notEqual(passwordOf(newString), passwordOf(oldString), 'rotation must change the password');

    await expectOk('DELETE', '/v1/connections/{id}', path({ id: topLevel.data.id }), 204);
    await expectError('GET', '/v1/connections/{id}', path({ id: topLevel.data.id }), 404);
  });
});

describe('backups, restore, usage', () => {
  test('GET /v1/databases/{databaseId}/backups: limit, retention, newest first', async () => {
    const { db } = await databaseWithCompletedBackup();
    const full = await expectOk('GET', '/v1/databases/{databaseId}/backups', path({ databaseId: db.id }), 200);
    assert.ok(full.data.length <= 25, 'default limit is 25');
    assert.ok(Number.isInteger(full.meta.backupRetentionDays) && full.meta.backupRetentionDays > 0, 'backupRetentionDays');
    const times = full.data.map((b) => Date.parse(b.createdAt));
    assert.ok(times.every((t) => !Number.isNaN(t)), 'backup createdAt must parse as a date');
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'backups must list newest first');
    const two = await expectOk('GET', '/v1/databases/{databaseId}/backups', pathQuery({ databaseId: db.id }, { limit: 2 }), 200);
    assert.equal(two.data.length, Math.min(2, full.data.length));
    assert.equal(two.pagination.limit, 2);
    assert.equal(two.pagination.hasMore, full.data.length > 2);
    assert.deepEqual(two.data.map((b) => b.id), full.data.slice(0, 2).map((b) => b.id));
  });

  test('GET backups of a remote database answers 422', async () => {
    const remote = (await surveyBackups()).find((s) => s.status === 422);
    assert.ok(remote, 'the demo seed has no remote database whose backups answer 422');
    assertErrorBody('GET backups of a remote database', remote.body);
    await expectError('GET', '/v1/databases/{databaseId}/backups', path({ databaseId: remote.db.id }), 422);
  });

  test('POST /v1/databases/{targetDatabaseId}/restore answers 200 recovering, then ready', async () => {
    const { db: source, backup } = await databaseWithCompletedBackup();
    const target = await createDatabase(source.project.id);
    await waitForDatabaseStatus(target.id, 'ready');
    const body = { source: { type: 'backup', databaseId: source.id, backupId: backup.id } };
    const restored = await expectOk('POST', '/v1/databases/{targetDatabaseId}/restore', { ...path({ targetDatabaseId: target.id }), body }, 200);
    assert.equal(restored.data.id, target.id);
    assert.equal(restored.data.status, 'recovering');
    assert.deepEqual(restored.data.connections.map((c) => c.id).sort(), target.connections.map((c) => c.id).sort(), 'restore keeps connections');
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', { ...path({ targetDatabaseId: target.id }), body }, 409);
    await waitForDatabaseStatus(target.id, 'ready');
    await expectOk('DELETE', '/v1/databases/{databaseId}', path({ databaseId: target.id }), 204);
  });

  test('POST /v1/projects/{projectId}/databases with a backup source answers 201', async () => {
    const { db: source, backup } = await databaseWithCompletedBackup();
    const from = { type: 'backup', databaseId: source.id, backupId: backup.id };
    const db = await createDatabase(source.project.id, { source: from });
    assert.deepEqual(db.source, from);
    db.connections.forEach(assertMinted);
    await waitForDatabaseStatus(db.id, 'ready');
    await expectOk('DELETE', '/v1/databases/{databaseId}', path({ databaseId: db.id }), 204);
  });

  test('restore errors: 409 provisioning, 422 default target or unusable backup, 404 unknown', async () => {
    const { db: source, backup } = await databaseWithCompletedBackup();
    const body = { source: { type: 'backup', databaseId: source.id, backupId: backup.id } };
    const restore = (targetDatabaseId, b = body) => ({ ...path({ targetDatabaseId }), body: b });
    const provisioning = await createDatabase(source.project.id);
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', restore(provisioning.id), 409);

    const p = await createProject();
    await waitForDatabaseStatus(p.database.id, 'ready');
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', restore(p.database.id), 422);

    await waitForDatabaseStatus(provisioning.id, 'ready');
    const unusable = (await surveyBackups()).flatMap((s) => (s.status === 200 ? s.body.data.map((b) => ({ db: s.db, b })) : []))
      .find(({ b }) => b.status !== 'completed');
    assert.ok(unusable, 'the demo seed has a backup that did not complete');
    const bad = { source: { type: 'backup', databaseId: unusable.db.id, backupId: unusable.b.id } };
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', restore(provisioning.id, bad), 422);
    const missing = { source: { type: 'backup', databaseId: source.id, backupId: 'backup_doesnotexist0' } };
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', restore(provisioning.id, missing), 404);
    await expectError('POST', '/v1/databases/{targetDatabaseId}/restore', restore(UNKNOWN.database), 404);
    await expectOk('DELETE', '/v1/databases/{databaseId}', path({ databaseId: provisioning.id }), 204);
  });

  test('GET /v1/databases/{databaseId}/usage answers 200 (default period and one day)', async () => {
    const { db } = await databaseWithCompletedBackup();
    const usage = await expectOk('GET', '/v1/databases/{databaseId}/usage', path({ databaseId: db.id }), 200);
    assert.ok(Date.parse(usage.period.start) <= Date.parse(usage.period.end), 'period.start after period.end');
    const end = new Date();
    const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
    const day = await expectOk('GET', '/v1/databases/{databaseId}/usage',
      pathQuery({ databaseId: db.id }, { startDate: start.toISOString(), endDate: end.toISOString() }), 200);
    assert.equal(Date.parse(day.period.start), start.getTime(), 'period.start echoes startDate');
    assert.ok(day.metrics.operations.used >= 0 && day.metrics.storage.used >= 0, 'usage is not negative');
  });
});

describe('errors', () => {
  test('a wrong or missing token answers 401 everywhere', async () => {
    for (const c of [clientWithToken('wrong-token'), clientWithToken(undefined)]) {
      const opts = { c };
      await expectError('GET', '/v1/me', {}, 401, opts);
      await expectError('GET', '/v1/workspaces', {}, 401, opts);
      await expectError('GET', '/v1/projects', {}, 401, opts);
      await expectError('POST', '/v1/projects', { body: { name: uniqueName('nope') } }, 401, opts);
      await expectError('GET', '/v1/databases', {}, 401, opts);
      await expectError('GET', '/v1/connections', {}, 401, opts);
      await expectError('GET', '/v1/regions/postgres', {}, 401, opts);
    }
  });

  test('unknown ids answer 404', async () => {
    const { workspace, project, database, connection } = UNKNOWN;
    await expectError('GET', '/v1/workspaces/{id}', path({ id: workspace }), 404);
    await expectError('GET', '/v1/projects/{id}', path({ id: project }), 404);
    await expectError('PATCH', '/v1/projects/{id}', { ...path({ id: project }), body: { name: 'x' } }, 404);
    await expectError('DELETE', '/v1/projects/{id}', path({ id: project }), 404);
    await expectError('GET', '/v1/projects/{projectId}/databases', path({ projectId: project }), 404);
    await expectError('POST', '/v1/projects/{projectId}/databases', { ...path({ projectId: project }), body: {} }, 404);
    await expectError('GET', '/v1/databases/{databaseId}', path({ databaseId: database }), 404);
    await expectError('PATCH', '/v1/databases/{databaseId}', { ...path({ databaseId: database }), body: { name: 'x' } }, 404);
    await expectError('DELETE', '/v1/databases/{databaseId}', path({ databaseId: database }), 404);
    await expectError('POST', '/v1/databases/{databaseId}/connections', { ...path({ databaseId: database }), body: { name: 'x' } }, 404);
    await expectError('POST', '/v1/connections', { body: { databaseId: database, name: 'x' } }, 404);
    await expectError('GET', '/v1/databases/{databaseId}/backups', path({ databaseId: database }), 404);
    await expectError('GET', '/v1/databases/{databaseId}/usage', path({ databaseId: database }), 404);
    await expectError('GET', '/v1/connections/{id}', path({ id: connection }), 404);
    await expectError('DELETE', '/v1/connections/{id}', path({ id: connection }), 404);
    await expectError('POST', '/v1/connections/{id}/rotate', path({ id: connection }), 404);
  });
});

describe('emulator request log', () => {
  test('GET /_emulator/requests records the SDK calls', async () => {
    await expectOk('GET', '/v1/me', {}, 200);
    const res = await fetch(new URL('/_emulator/requests', baseUrl));
    assert.equal(res.status, 200);
    const log = (await res.json()).data;
    assert.ok(Array.isArray(log) && log.length > 0, 'empty request log');
    const { method, path: loggedPath, query: loggedQuery, status } = log.at(-1);
    assert.deepEqual({ method, path: loggedPath, query: loggedQuery, status }, { method: 'GET', path: '/v1/me', query: null, status: 200 });
  });
});
