// newer.mjs — the endpoints added to the contract after the original one (management-api.md, "Newer
// endpoints"), driven with the official SDK against the ppg emulator: branches and the branch filters of
// the database list, databases created in a branch or copied from another, the workspace's subscription
// and its service tokens. Each body is checked against the SDK's own types (shape.mjs).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { call, clientWithToken, expectError, expectOk, listAll, uniqueName } from './harness.mjs';

const path = (p) => ({ params: { path: p } });
const pathQuery = (p, q) => ({ params: { path: p, query: q } });
const BRANCH_ID = /^br_[a-z0-9]+$/;

const created = new Set();
after(async () => {
  for (const id of created) await call('DELETE', '/v1/projects/{id}', path({ id }));
});

async function project(body = { createDatabase: false }) {
  const { data } = await expectOk('POST', '/v1/projects', { body: { name: uniqueName('project'), ...body } }, 201);
  created.add(data.id);
  return data;
}

async function createBranch(projectId, body) {
  const init = { ...path({ projectId }), body };
  return (await expectOk('POST', '/v1/projects/{projectId}/branches', init, 201)).data;
}

async function storefront() {
  const projects = await listAll('/v1/projects');
  const found = projects.find((p) => p.name === 'storefront');
  assert.ok(found, 'the demo seed has the storefront project');
  return found;
}

async function workspaceId() {
  return (await expectOk('GET', '/v1/me', {}, 200)).data.workspace.id;
}

describe('branches', () => {
  test('GET /v1/projects/{projectId}/branches lists the demo branches oldest first', async () => {
    const p = await storefront();
    const list = await listAll('/v1/projects/{projectId}/branches', path({ projectId: p.id }), 1);
    assert.deepEqual(list.map((b) => [b.gitName, b.role, b.isDefault]), [
      ['main', 'production', true], ['feat/checkout-v2', 'preview', false], ['fix/tax-rounding', 'preview', false],
    ]);
    for (const b of list) {
      assert.match(b.id, BRANCH_ID);
      assert.equal(b.project.id, p.id);
      const one = await expectOk('GET', '/v1/branches/{branchId}', path({ branchId: b.id }), 200);
      assert.deepEqual(one.data, b);
    }
  });

  test('gitName is exact, gitNameContains a case-sensitive substring, and both together answer 422', async () => {
    const p = await storefront();
    const list = (q) => expectOk('GET', '/v1/projects/{projectId}/branches', pathQuery({ projectId: p.id }, q), 200);
    assert.deepEqual((await list({ gitName: 'fix/tax-rounding' })).data.map((b) => b.gitName), ['fix/tax-rounding']);
    assert.deepEqual((await list({ gitName: 'fix' })).data, []);
    assert.deepEqual((await list({ gitNameContains: 'checkout' })).data.map((b) => b.gitName), ['feat/checkout-v2']);
    assert.deepEqual((await list({ gitNameContains: 'CHECKOUT' })).data, []);
    const both = pathQuery({ projectId: p.id }, { gitName: 'main', gitNameContains: 'm' });
    await expectError('GET', '/v1/projects/{projectId}/branches', both, 422);
  });

  test('the first branch is default and production, later ones preview; the default flag moves', async () => {
    const p = await project();
    const first = await createBranch(p.id, { gitName: 'main', isDefault: false });
    assert.deepEqual([first.isDefault, first.role], [true, 'production']);
    const second = await createBranch(p.id, { gitName: 'feat/a' });
    assert.deepEqual([second.isDefault, second.role], [false, 'preview']);
    const init = (body) => ({ ...path({ branchId: second.id }), body });
    const promoted = await expectOk('PATCH', '/v1/branches/{branchId}', init({ isDefault: true }), 200);
    assert.deepEqual([promoted.data.isDefault, promoted.data.role], [true, 'preview']);
    await expectError('PATCH', '/v1/branches/{branchId}', init({ isDefault: false }), 422);
    await expectError('PATCH', '/v1/branches/{branchId}', init({ gitName: 'renamed' }), 422);
    const body = (b) => ({ ...path({ projectId: p.id }), body: b });
    await expectError('POST', '/v1/projects/{projectId}/branches', body({ gitName: 'feat/a' }), 409);
    await expectError('POST', '/v1/projects/{projectId}/branches', body({ gitName: 'not valid' }), 422);
  });

  test('DELETE /v1/branches/{branchId} spares the default, production and busy branches', async () => {
    const p = await project();
    const main = await createBranch(p.id, { gitName: 'main' });
    const busy = await createBranch(p.id, { gitName: 'feat/busy' });
    const idle = await createBranch(p.id, { gitName: 'feat/idle' });
    await expectOk('POST', '/v1/databases', { body: { projectId: p.id, branchId: busy.id, name: uniqueName('db') } }, 201);
    await expectError('DELETE', '/v1/branches/{branchId}', path({ branchId: main.id }), 422);
    await expectError('DELETE', '/v1/branches/{branchId}', path({ branchId: busy.id }), 409);
    await expectOk('DELETE', '/v1/branches/{branchId}', path({ branchId: idle.id }), 204);
    await expectError('GET', '/v1/branches/{branchId}', path({ branchId: idle.id }), 404);
    await expectError('GET', '/v1/projects/{projectId}/branches', path({ projectId: 'proj_doesnotexist0' }), 404);
  });
});

describe('databases and branches', () => {
  test('GET /v1/databases filters by branchId, unassigned and branchGitName', async () => {
    const p = await storefront();
    const [, preview] = await listAll('/v1/projects/{projectId}/branches', path({ projectId: p.id }));
    const byId = await listAll('/v1/databases', { params: { query: { branchId: preview.id } } });
    assert.deepEqual(byId.map((d) => [d.name, d.branchId]), [['checkout-v2', preview.id]]);
    const byName = await listAll('/v1/databases', { params: { query: { branchGitName: 'fix/tax-rounding' } } });
    assert.deepEqual(byName.map((d) => d.name), ['tax-rounding']);
    const unassigned = await listAll('/v1/databases', { params: { query: { branchId: 'unassigned' } } });
    assert.ok(unassigned.length > 0 && unassigned.every((d) => d.branchId === null), 'unassigned: no branch');
    const all = await listAll('/v1/databases');
    assert.ok(all.length > unassigned.length + byId.length, 'the filters narrow the list');
  });

  test('POST /v1/databases attaches to the branch named, or the default one when none is', async () => {
    const p = await project();
    const main = await createBranch(p.id, { gitName: 'main' });
    const preview = await createBranch(p.id, { gitName: 'feat/x' });
    const inPreview = await expectOk('POST', '/v1/databases', { body: { projectId: p.id, branchId: preview.id } }, 201);
    assert.equal(inPreview.data.branchId, preview.id);
    const byName = await expectOk('POST', '/v1/databases', { body: { projectId: p.id, branchGitName: 'feat/new' } }, 201);
    const [made] = await listAll('/v1/projects/{projectId}/branches', pathQuery({ projectId: p.id }, { gitName: 'feat/new' }));
    assert.equal(byName.data.branchId, made.id, 'a branch git name that does not exist is created');
    const init = { ...path({ projectId: p.id }), body: { name: uniqueName('db') } };
    const plain = await expectOk('POST', '/v1/projects/{projectId}/databases', init, 201);
    assert.equal(plain.data.branchId, main.id);
    await expectError('POST', '/v1/databases', { body: { projectId: p.id, branchId: null } }, 400);
  });

  test('POST a database with source {type: "database"} answers 201 with that source', async () => {
    const p = await project({});
    const source = p.database.id;
    const init = { ...path({ projectId: p.id }), body: { name: uniqueName('copy'), source: { type: 'database', databaseId: source } } };
    const copy = await expectOk('POST', '/v1/projects/{projectId}/databases', init, 201);
    assert.deepEqual(copy.data.source, { type: 'database', databaseId: source });
  });
});

describe('workspace plan and service tokens', () => {
  test('GET /v1/workspaces/{id}/subscription answers 200, and 404 for an unknown workspace', async () => {
    const { data } = await expectOk('GET', '/v1/workspaces/{id}/subscription', path({ id: await workspaceId() }), 200);
    assert.equal(typeof data.planName, 'string');
    assert.equal(data.usageBlocked, false);
    await expectError('GET', '/v1/workspaces/{id}/subscription', path({ id: 'wksp_doesnotexist0' }), 404);
  });

  test('service tokens are created once with their value, listed without it, usable, and deleted', async () => {
    const workspaceIdValue = await workspaceId();
    const at = path({ workspaceId: workspaceIdValue });
    const made = await expectOk('POST', '/v1/workspaces/{workspaceId}/service-tokens', { ...at, body: { name: uniqueName('token') } }, 201);
    assert.equal(typeof made.data.value, 'string');
    const listed = await listAll('/v1/workspaces/{workspaceId}/service-tokens', at);
    assert.equal(listed[0].id, made.data.id, 'newest first');
    assert.ok(listed.every((t) => !('value' in t)), 'a list never carries a value');
    const asToken = clientWithToken(made.data.value);
    const me = await expectOk('GET', '/v1/me', {}, 200, asToken);
    assert.equal(me.data.credential.id, made.data.id);
    const one = path({ workspaceId: workspaceIdValue, serviceTokenId: made.data.id });
    await expectOk('DELETE', '/v1/workspaces/{workspaceId}/service-tokens/{serviceTokenId}', one, 204);
    await expectError('GET', '/v1/me', {}, 401, { c: asToken });
    await expectError('DELETE', '/v1/workspaces/{workspaceId}/service-tokens/{serviceTokenId}', one, 404);
    await expectError('POST', '/v1/workspaces/{workspaceId}/service-tokens', { ...at, body: { name: '' } }, 422);
  });
});
