/**
 * The REST API on the real engine for the API and CLI tests: MemoryHandoffStore, one MemoryWorkSystem per tenant,
 * a ManualScheduler on a FakeClock (tests run due jobs themselves), a MemoryApiKeyStore with one key per tenant,
 * and a single-tenant API_KEY for a third tenant whose portal always fails.
 * @module
 */

import { randomBytes } from 'node:crypto';
import { type ApiDeps, createApiRoutes } from '../../bot/api/routes.js';
import { withWebhookEvents } from '../../bot/webhooks/emitter.js';
import { createWebhookWorker } from '../../bot/webhooks/worker.js';
import { PortalError } from '../../engine/errors.js';
import { type TenantId, toTenantId } from '../../engine/ids.js';
import type { Logger } from '../../engine/ports.js';
import { createRoleService } from '../../engine/role-service.js';
import { MemoryRoleStore } from '../../engine/roles.js';
import { createHandoffService } from '../../engine/service.js';
import { createVacationService } from '../../engine/vacations.js';
import { MemoryApiKeyStore } from '../../storage/api-key-store.js';
import { createCipher } from '../../storage/crypto.js';
import { MemoryHrPeopleStore } from '../../storage/hr-people-store.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { MemoryVacationStore } from '../../storage/vacation-store.js';
import { MemoryWebhookStore } from '../../storage/webhook-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { MemoryWorkSystem } from '../fakes/memory-work-system.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export const TENANT_A = toTenantId('tenant-a');
export const TENANT_B = toTenantId('tenant-b');
/** The API_KEY deployment's tenant; its portal fails every call (for 502s). */
export const TENANT_BROKEN = toTenantId('tenant-broken');
/** A tenant whose portal resolver has a bug (throws a plain Error): for the 500 path. */
export const TENANT_BUG = toTenantId('tenant-bug');
export const SINGLE_TENANT_KEY = 'single-portal-api-key-0123456789';

/** A Monday, so "next monday 9am" in Kyiv is 2026-11-30T07:00:00Z. */
export const NOW = '2026-11-23T10:00:00Z';

/**
 * Anna (12) owns 3 open deals and 2 open tasks; Ben (34) and Carl (56) receive. Department 7 "Support" has Carl and
 * Eve (90, no e-mail) as its members.
 */
function seedPortal(): MemoryWorkSystem {
  const portal = new MemoryWorkSystem({ kinds: ['deals', 'tasks'], pageSize: 2 });
  portal.addDepartment(7, 'Support');
  portal.addUser(12, { name: 'Anna Adams', email: 'anna@acme.com' });
  portal.addUser(34, { name: 'Ben Brown', email: 'ben@acme.com' });
  portal.addUser(56, { name: 'Carl Cole', email: 'carl@acme.com', departmentIds: [7] });
  portal.addUser(78, { name: 'Dora Diaz', email: 'dora@acme.com' });
  portal.addUser(90, { name: 'Eve Evans', departmentIds: [7] });
  portal.addItems('deals', 12, 3);
  portal.addItems('tasks', 12, 2);
  portal.addItems('deals', 78, 1);
  return portal;
}

export interface ApiHarnessOptions {
  /** Name lookup tuning passed to the routes (e.g. a short time budget for a portal that never answers). */
  readonly names?: ApiDeps['names'];
  /** Webhooks as in production: no loopback receivers (default: allowed, for the loopback receivers of tests). */
  readonly productionWebhookTargets?: boolean;
}

export async function createApiHarness(options: ApiHarnessOptions = {}) {
  const clock = new FakeClock(NOW);
  const store = new MemoryHandoffStore({ clock });
  const scheduler = new ManualScheduler(clock);
  const portals = new Map<TenantId, MemoryWorkSystem>([
    [TENANT_A, seedPortal()],
    [TENANT_B, seedPortal()],
  ]);
  const workSystems = async (tenantId: TenantId) => {
    const portal = portals.get(tenantId);
    if (tenantId === TENANT_BUG) throw new TypeError('a bug with a secret in it');
    if (portal === undefined) throw new PortalError('portal unreachable', 'network', true);
    return portal;
  };
  const notifier = new RecordingNotifier();
  const webhooks = new MemoryWebhookStore({ clock, cipher: createCipher(randomBytes(32)) });
  const webhookWorker = createWebhookWorker({
    store: webhooks,
    fetch: globalThis.fetch,
    clock,
    logger: silentLogger,
    // The receivers of these tests listen on loopback, which production refuses.
    allowLoopback: options.productionWebhookTargets !== true,
  });
  const service = createHandoffService({
    store: withWebhookEvents(store, webhooks, silentLogger),
    workSystems,
    scheduler,
    notifier,
    clock,
    logger: silentLogger,
  });
  const apiKeys = new MemoryApiKeyStore({ clock });
  const keyA = (await apiKeys.createApiKey(TENANT_A, 'hr')).key;
  const keyB = (await apiKeys.createApiKey(TENANT_B, 'hr')).key;
  const keyBug = (await apiKeys.createApiKey(TENANT_BUG, 'hr')).key;
  const roleStore = new MemoryRoleStore();
  const vacations = createVacationService({
    handoffs: service,
    vacations: new MemoryVacationStore({ clock }),
    clock,
    roles: { store: roleStore, workSystems },
  });
  const hrPeople = new MemoryHrPeopleStore({ clock });
  const roles = createRoleService({ roles: roleStore, workSystems, clock });
  const app = createApiRoutes({
    service,
    webhooks,
    allowLoopbackWebhooks: options.productionWebhookTargets !== true,
    vacations,
    hrPeople,
    roles,
    apiKeys,
    singleTenant: { tenantId: TENANT_BROKEN, apiKey: SINGLE_TENANT_KEY },
    workSystems,
    clock,
    logger: silentLogger,
    ...(options.names === undefined ? {} : { names: options.names }),
  });
  /** One request through app.request(); `body` objects are sent as JSON, strings as they are. */
  const call = async (
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const key = options.key === undefined ? keyA : options.key;
    const response = await app.request(path, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and check them with the response schemas.
    const body: any = text === '' ? null : JSON.parse(text);
    return { status: response.status, body, headers: response.headers };
  };
  return {
    app,
    call,
    clock,
    service,
    vacations,
    hrPeople,
    roles,
    notifier,
    store,
    scheduler,
    apiKeys,
    keyA,
    keyB,
    keyBug,
    portalA: portals.get(TENANT_A) as MemoryWorkSystem,
    /** Runs every job due now (transfers, returns) to the end. */
    runJobs: () => scheduler.runDue(service.jobs),
    webhooks,
    /** Delivers the due webhooks once (the worker's poll, run by the test). */
    deliverWebhooks: () => webhookWorker.deliverDue(),
  };
}

export type ApiHarness = Awaited<ReturnType<typeof createApiHarness>>;
