/** Owner updates per API family: validation, idempotent same-value updates, update counts, denials, injected faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../../../bitrix24/sandbox/index.js';
import { post } from './http.js';

let sandbox: RunningSandbox;
const call = (method: string, body: unknown = {}) => post(sandbox.webhookUrl, method, body);
/** The first item of user 2 of a kind. */
const firstOf = (kind: Parameters<RunningSandbox['portal']['itemIdsOf']>[0]) =>
  sandbox.portal.itemIdsOf(kind, 2)[0] ?? 0;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false, seed: { seed: 3, users: 8, itemsPerUser: 4 } });
});

afterAll(async () => {
  await sandbox.close();
});

describe('crm.item.update', () => {
  it('moves the owner, returns the full item, and counts a same-value update without changing anything', async () => {
    const id = firstOf('deals');

    const moved = await call('crm.item.update', { entityTypeId: 2, id, fields: { assignedById: 3 } });
    const before = sandbox.portal.item('deals', id);
    const again = await call('crm.item.update', { entityTypeId: 2, id, fields: { assignedById: 3 } });

    expect(moved.status).toBe(200);
    expect(moved.json.result).toMatchObject({ item: { id, assignedById: 3, entityTypeId: 2 } });
    expect(again.status).toBe(200);
    expect(sandbox.portal.ownerOf('deals', id)).toBe(3);
    expect(sandbox.portal.updateCount('deals', id)).toBe(2);
    expect((again.json.result as { item: { updatedTime: string } }).item.updatedTime).toBe(
      (moved.json.result as { item: { updatedTime: string } }).item.updatedTime,
    );
    expect(before?.updateCount).toBe(1);
  });

  it('refuses unknown and inactive users with a 400 validation error and changes nothing', async () => {
    const id = firstOf('invoices');
    const inactive = sandbox.portal.users.find((u) => !u.active)?.id ?? 0;

    const unknown = await call('crm.item.update', { entityTypeId: 31, id, fields: { assignedById: 9999 } });
    const gone = await call('crm.item.update', { entityTypeId: 31, id, fields: { assignedById: inactive } });

    expect(inactive).toBeGreaterThan(0);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
    expect(gone.json.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
    expect(sandbox.portal.ownerOf('invoices', id)).toBe(2);
    expect(sandbox.portal.updateCount('invoices', id)).toBe(0);
  });

  it('answers NOT_FOUND for a deleted item and ACCESS_DENIED for a denied one, both 400', async () => {
    const [a, b] = sandbox.portal.itemIdsOf('spa:128', 2);
    sandbox.portal.deleteItem('spa:128', a ?? 0);
    sandbox.portal.denyItem('spa:128', b ?? 0);

    const deleted = await call('crm.item.update', { entityTypeId: 128, id: a, fields: { assignedById: 3 } });
    const denied = await call('crm.item.update', { entityTypeId: 128, id: b, fields: { assignedById: 3 } });

    expect([deleted.status, deleted.json.error]).toEqual([400, 'NOT_FOUND']);
    expect([denied.status, denied.json.error]).toEqual([400, 'ACCESS_DENIED']);
    expect(sandbox.portal.ownerOf('spa:128', b ?? 0)).toBe(2);
  });
});

describe('legacy and activity updates', () => {
  it('answers result true, and empty error codes for denied and missing items', async () => {
    const lead = firstOf('leads');
    const activity = firstOf('activities');
    sandbox.portal.denyItem('activities', activity);

    const ok = await call('crm.lead.update', { id: String(lead), fields: { ASSIGNED_BY_ID: '4' } });
    const denied = await call('crm.activity.update', { id: activity, fields: { RESPONSIBLE_ID: 4 } });
    const missing = await call('crm.deal.update', { id: 987654, fields: { ASSIGNED_BY_ID: 4 } });
    const row = await call('crm.lead.get', { id: lead });

    expect(ok.json.result).toBe(true);
    expect(denied.json).toEqual({ error: '', error_description: 'Access denied.' });
    expect(missing.json).toEqual({ error: '', error_description: 'Not found' });
    expect(row.json.result).toMatchObject({ ID: String(lead), ASSIGNED_BY_ID: '4' });
  });
});

describe('tasks.task.update', () => {
  it('returns the task in camelCase and refuses an unknown responsible with ERROR_CORE', async () => {
    const id = firstOf('tasks');

    const ok = await call('tasks.task.update', { taskId: id, fields: { RESPONSIBLE_ID: 5 } });
    const bad = await call('tasks.task.update', { taskId: id, fields: { RESPONSIBLE_ID: 4242 } });
    const empty = await call('tasks.task.update', { taskId: id, fields: {} });

    expect(ok.json.result).toMatchObject({ task: { id: String(id), responsibleId: '5' } });
    expect(bad.json).toEqual({
      error: 'ERROR_CORE',
      error_description: 'The user specified in the Responsible field was not found',
    });
    expect(empty.json.error).toBe('100');
    expect(sandbox.portal.ownerOf('tasks', id)).toBe(5);
  });
});

describe('faults', () => {
  it('fails a method N times over HTTP and inside a batch, then recovers', async () => {
    sandbox.portal.failMethod('crm.item.list', 2, { status: 503, error: 'OVERLOAD_LIMIT', description: 'Blocked' });

    const first = await call('crm.item.list', { entityTypeId: 2 });
    const second = await call('batch', { cmd: { a: 'crm.item.list?entityTypeId=2' } });
    const third = await call('crm.item.list', { entityTypeId: 2 });

    expect([first.status, first.json.error]).toEqual([503, 'OVERLOAD_LIMIT']);
    expect(second.json.result).toMatchObject({ result_error: { a: { error: 'OVERLOAD_LIMIT' } } });
    expect(third.status).toBe(200);
  });

  it('fails a whole batch request when batch itself is armed, and logs each call', async () => {
    sandbox.portal.failMethod('batch', 1);
    sandbox.portal.resetStats();

    const failed = await call('batch', { cmd: { a: 'profile' } });
    const ok = await call('batch', { cmd: { a: 'profile', b: 'nope.nothing' } });

    expect([failed.status, failed.json.error]).toEqual([500, 'INTERNAL_SERVER_ERROR']);
    expect(ok.status).toBe(200);
    expect(sandbox.portal.callLog).toEqual([
      { at: expect.any(Number), method: 'profile', inBatch: true },
      { at: expect.any(Number), method: 'nope.nothing', inBatch: true, error: 'ERROR_METHOD_NOT_FOUND' },
    ]);
    expect(sandbox.portal.requestLog.map((r) => r.status)).toEqual([500, 200]);
  });

  it('counts manual owner changes apart from API updates', () => {
    const id = firstOf('companies');

    sandbox.portal.setOwner('companies', id, 6);

    expect(sandbox.portal.item('companies', id)).toMatchObject({ ownerId: 6, manualChanges: 1, updateCount: 0 });
  });
});
