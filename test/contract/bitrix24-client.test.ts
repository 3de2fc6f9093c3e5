import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortalPool } from '../../bitrix24/portal-pool.js';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { createBitrix24WorkSystem } from '../../bitrix24/work-system.js';
import { isPortalError } from '../../engine/errors.js';
import { toPortalUserId } from '../../engine/ids.js';
import type { WorkItem } from '../../engine/ports.js';
import { createRecordingLogger, FAST_RETRY, realSleep, sandboxWorkSystem } from './bitrix24-sandbox-world.js';

const owner = toPortalUserId(2);
const receiver = toPortalUserId(3);
const bystander = toPortalUserId(4);

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Bitrix24 client against the sandbox portal', () => {
  it('lists 10,000 items of one owner while they are reassigned: none missed, none twice', async () => {
    sandbox = await startSandbox({ rate: false, seed: { bulk: [{ userId: owner, kind: 'deals', count: 10_000 }] } });
    const portal = sandbox.portal;
    const system = sandboxWorkSystem(sandbox);
    const initial = portal.itemIdsOf('deals', owner, true);
    const movedByHand = new Set<number>();
    const seen: number[] = [];

    for await (const page of system.listItems('deals', owner, 'open')) {
      seen.push(...page.map((item) => item.itemId));
      // We move what we read (the mass-update hazard), and someone moves a few unread ones by hand meanwhile.
      await system.setOwners(
        'deals',
        page.map((item: WorkItem) => ({ itemId: item.itemId, ownerId: receiver })),
      );
      // Some of these the client may already hold in a chained page; far-ahead ones it has surely not read yet.
      const unread = initial.filter((id) => id > (seen.at(-1) ?? 0) && !movedByHand.has(id));
      for (const id of [unread[7], unread[500], unread[3000]]) {
        if (id === undefined) continue;
        portal.setOwner('deals', id, bystander);
        movedByHand.add(id);
      }
    }

    const stayed = initial.filter((id) => !movedByHand.has(id));
    expect(stayed.length).toBeGreaterThan(9_000);
    // None twice, in ascending order; none missed of those that stayed; nothing that was never the owner's.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const seenSet = new Set(seen);
    expect(stayed.filter((id) => !seenSet.has(id))).toEqual([]);
    expect(seen.filter((id) => !initial.includes(id))).toEqual([]);
    expect(portal.itemIdsOf('deals', owner, true)).toEqual([]);
    // Pages were chained inside batches: far fewer list requests than the 200 pages read.
    expect(portal.requestLog.filter((r) => r.method === 'crm.item.list').length).toBeLessThan(40);
  });

  it('hands each batch command its own result or error', async () => {
    sandbox = await startSandbox({ rate: false });
    const portal = sandbox.portal;
    const system = sandboxWorkSystem(sandbox);
    const ids = Array.from({ length: 120 }, () => portal.addItem('tasks', { ownerId: owner }));
    const denied = ids[10] as number;
    const deleted = ids[75] as number;
    portal.denyItem('tasks', denied);
    portal.deleteItem('tasks', deleted);

    const results = await system.setOwners(
      'tasks',
      ids.map((itemId) => ({ itemId, ownerId: receiver })),
    );

    expect(results.map((r) => r.itemId)).toEqual(ids);
    expect(results.filter((r) => !r.ok).map((r) => r.itemId)).toEqual([denied, deleted]);
    expect(results[10]).toMatchObject({ ok: false, gone: false });
    expect(results[75]).toMatchObject({ ok: false, gone: true });
    expect(
      ids.filter((id) => id !== denied && id !== deleted).every((id) => portal.ownerOf('tasks', id) === receiver),
    ).toBe(true);
    expect(portal.stats().batches).toBe(3);
  });

  it('retries throttled answers until nothing is lost, and slows down', async () => {
    // The portal's bucket is smaller than the client believes: it throttles, the client backs off and retries.
    // Drains slowly enough that the client throttles even on a loaded machine (a busy client could never fill a fast one).
    sandbox = await startSandbox({ rate: { burst: 5, perSecond: 5 } });
    const portal = sandbox.portal;
    const logger = createRecordingLogger();
    const system = sandboxWorkSystem(sandbox, { rate: { burst: 20, perSecond: 100 }, logger });
    const ids = Array.from({ length: 600 }, () => portal.addItem('contacts', { ownerId: owner }));
    // And some commands inside a batch are throttled on their own.
    portal.failMethod('crm.item.update', 3, {
      status: 503,
      error: 'QUERY_LIMIT_EXCEEDED',
      description: 'Too many requests',
    });

    const results = await system.setOwners(
      'contacts',
      ids.map((itemId) => ({ itemId, ownerId: receiver })),
    );

    expect(results.every((r) => r.ok)).toBe(true);
    expect(ids.every((id) => portal.ownerOf('contacts', id) === receiver)).toBe(true);
    expect(portal.stats().throttled).toBeGreaterThan(0);
    expect(logger.lines.some((l) => l.msg === 'bitrix24 call retried' && l.obj.code === 'QUERY_LIMIT_EXCEEDED')).toBe(
      true,
    );
    expect(logger.lines.some((l) => l.msg === 'bitrix24 batch commands retried')).toBe(true);
  });

  it('waits out OPERATION_TIME_LIMIT and retries server faults a capped number of times', async () => {
    sandbox = await startSandbox({ rate: false });
    const portal = sandbox.portal;
    const system = sandboxWorkSystem(sandbox);
    portal.failMethod('user.get', 1, { status: 429, error: 'OPERATION_TIME_LIMIT', description: 'Method is blocked' });

    expect((await system.getUser(owner))?.id).toBe(owner);

    portal.resetStats();
    portal.failMethod('department.get', 10, { status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'oops' });
    const error = await system.getDepartment(1).catch((e: unknown) => e);
    expect(isPortalError(error) && error.code === 'INTERNAL_SERVER_ERROR' && error.retryable).toBe(true);
    expect(portal.requestLog.filter((r) => r.method === 'department.get').length).toBe(1 + FAST_RETRY_SERVER);
  });

  it('refreshes an expired token exactly once for ten concurrent calls, and hands the new tokens over', async () => {
    const app = { clientId: 'local.app.1', clientSecret: 'app-secret-value' };
    sandbox = await startSandbox({ rate: false, oauth: app });
    const portal = sandbox.portal;
    const issued = portal.issueTokens(1);
    const onTokens = vi.fn();
    const logger = createRecordingLogger();
    const system = createBitrix24WorkSystem({
      portal: {
        kind: 'oauth',
        clientEndpoint: issued.client_endpoint,
        accessToken: issued.access_token,
        refreshToken: issued.refresh_token,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        oauthUrl: sandbox.url,
        onTokens,
      },
      fetch,
      now: Date.now,
      sleep: realSleep,
      logger,
      retry: FAST_RETRY,
      rate: { burst: 100, perSecond: 100 },
    });
    expect((await system.getUser(owner))?.id).toBe(owner);
    portal.expireAccessTokens();

    const users = await Promise.all(Array.from({ length: 10 }, () => system.getUser(receiver)));

    expect(users.every((u) => u?.id === receiver)).toBe(true);
    expect(portal.stats().refreshes).toBe(1);
    expect(onTokens).toHaveBeenCalledTimes(1);
    const tokens = onTokens.mock.calls[0]?.[0];
    expect(tokens.accessToken).not.toBe(issued.access_token);
    expect(tokens.refreshToken).not.toBe(issued.refresh_token);
    const printed = JSON.stringify(logger.lines);
    for (const secret of [issued.access_token, issued.refresh_token, tokens.accessToken, app.clientSecret])
      expect(printed).not.toContain(secret);
  });

  it('follows a domain move (302) by re-POSTing with the body intact, then stays on the new address', async () => {
    sandbox = await startSandbox({ rate: false });
    const portal = sandbox.portal;
    const logger = createRecordingLogger();
    const system = sandboxWorkSystem(sandbox, { logger });
    const id = portal.addItem('deals', { ownerId: owner });
    portal.moveDomain();

    const [result] = await system.setOwners('deals', [{ itemId: id, ownerId: receiver }]);
    portal.resetStats();
    const [again] = await system.setOwners('deals', [{ itemId: id, ownerId: bystander }]);

    expect(result).toEqual({ itemId: id, ok: true });
    expect(again).toEqual({ itemId: id, ok: true });
    expect(portal.ownerOf('deals', id)).toBe(bystander);
    expect(portal.requestLog.map((r) => r.status)).toEqual([200]);
    expect(logger.lines.some((l) => l.msg === 'bitrix24 portal moved')).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toContain('sandboxcode12345');
  });

  it('fails fast on a permanent error: one request, no retry, a PortalError without secrets', async () => {
    sandbox = await startSandbox({ rate: false });
    const portal = sandbox.portal;
    const logger = createRecordingLogger();
    const system = sandboxWorkSystem(sandbox, { logger });
    portal.failMethod('user.get', 1, {
      status: 403,
      error: 'insufficient_scope',
      description: 'The request requires higher privileges',
    });

    const error = await system.getUser(owner).catch((e: unknown) => e);

    expect(isPortalError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'insufficient_scope', retryable: false });
    expect(portal.requestLog.filter((r) => r.method === 'user.get')).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);

    const wrong = createBitrix24WorkSystem({
      portal: { kind: 'webhook', url: `${sandbox.url}/rest/1/wrongsecret999/` },
      fetch,
      now: Date.now,
      sleep: realSleep,
      logger,
      retry: FAST_RETRY,
    });
    const denied = await wrong.listKinds().catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'NO_AUTH_FOUND', retryable: false });
    expect(String((denied as Error).message)).not.toContain('wrongsecret999');
    expect(JSON.stringify(logger.lines)).not.toContain('wrongsecret999');
  });

  it('times out a slow portal and reports it as a retryable network failure', async () => {
    sandbox = await startSandbox({ rate: false, latencyMs: 300 });
    const system = sandboxWorkSystem(sandbox, { timeoutMs: 50, retry: { ...FAST_RETRY, serverErrorRetries: 1 } });

    const error = await system.getDepartment(1).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('shares one limiter per portal across connections of the process', async () => {
    sandbox = await startSandbox({ rate: { burst: 10, perSecond: 100 } });
    const pool = new PortalPool({ now: Date.now, sleep: realSleep });
    const one = sandboxWorkSystem(sandbox, { pool, rate: { burst: 10, perSecond: 100 } });
    const two = sandboxWorkSystem(sandbox, { pool, rate: { burst: 10, perSecond: 100 } });

    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).getDepartment(1)));

    expect(sandbox.portal.stats().throttled).toBe(0);
  });
});

const FAST_RETRY_SERVER = 2;

describe('portal configuration stops with a clear message', () => {
  const base = { fetch, now: Date.now, sleep: realSleep, logger: createRecordingLogger() };

  it.each([
    ['http://acme.bitrix24.com/rest/1/topsecret/', /BITRIX24_WEBHOOK_URL must use https/],
    ['https://acme.bitrix24.com/topsecret', /BITRIX24_WEBHOOK_URL must look like/],
  ])('rejects the webhook %s without printing it', (url, message) => {
    expect(() => createBitrix24WorkSystem({ ...base, portal: { kind: 'webhook', url } })).toThrow(message);
    expect(() => createBitrix24WorkSystem({ ...base, portal: { kind: 'webhook', url } })).not.toThrow(/topsecret/);
  });

  it('rejects bad rate options naming the variables', () => {
    expect(() =>
      createBitrix24WorkSystem({
        ...base,
        portal: { kind: 'webhook', url: 'https://acme.bitrix24.com/rest/1/abc/' },
        rate: { burst: 0, perSecond: 2 },
      }),
    ).toThrow(/BITRIX24_RATE_BURST/);
  });
});
