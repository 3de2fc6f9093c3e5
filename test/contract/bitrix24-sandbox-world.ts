/**
 * Test helpers for the Bitrix24 connector against the sandbox portal: a silent or recording logger, a real-time
 * sleep, the WorkSystemWorld over a SandboxPortal, and a work system wired to a running sandbox.
 * @module
 */

import { PortalPool } from '../../bitrix24/portal-pool.js';
import type { RunningSandbox, SandboxPortal } from '../../bitrix24/sandbox/index.js';
import { type Bitrix24WorkSystemOptions, createBitrix24WorkSystem } from '../../bitrix24/work-system.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { Logger } from '../../engine/ports.js';
import type { WorkSystemWorld } from './work-system-suite.js';

export interface LogLine {
  readonly level: string;
  readonly msg: string | undefined;
  readonly obj: Record<string, unknown>;
}

/** A Logger that keeps every line (children share the list, with their bindings merged in). */
export function createRecordingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: LogLine[] } {
  const push = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push({ level, msg, obj: { ...bindings, ...obj } });
  };
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    child: (more) => createRecordingLogger(lines, { ...bindings, ...more }),
  };
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fast retries for tests: the sandbox answers in microseconds. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, operationLimitDelayMs: 20 } as const;

/** A work system on the sandbox's webhook, with a fresh pool unless given one. */
export function sandboxWorkSystem(sandbox: RunningSandbox, overrides: Partial<Bitrix24WorkSystemOptions> = {}) {
  return createBitrix24WorkSystem({
    portal: { kind: 'webhook', url: sandbox.webhookUrl },
    fetch,
    now: Date.now,
    sleep: realSleep,
    logger: createRecordingLogger(),
    retry: FAST_RETRY,
    rate: { burst: 1000, perSecond: 1000 },
    pool: new PortalPool({ now: Date.now, sleep: realSleep }),
    ...overrides,
  });
}

/** The sandbox portal seen through the contract suite's eyes. */
export function sandboxWorld(portal: SandboxPortal): WorkSystemWorld {
  return {
    itemIdsOf: (kind: EntityKind, ownerId: number, open?: boolean) =>
      // The portal's own legal entities are never work to hand off (reference §6.1).
      portal.itemIdsOf(kind, ownerId, open).filter((id) => !portal.item(kind, id)?.isMyCompany),
    ownerOf: (kind, id) => portal.ownerOf(kind, id),
    addItem: (kind, ownerId, open = true) => portal.addItem(kind, { ownerId, open }),
    deleteItem: (kind, id) => portal.deleteItem(kind, id),
    denyItem: (kind, id) => portal.denyItem(kind, id),
    users: () => portal.users,
    departments: () => portal.departments,
    addUser: (user) =>
      portal.addUser({
        departmentIds: user.departmentIds,
        ...(user.email ? { email: user.email } : {}),
        ...(user.active === undefined ? {} : { active: user.active }),
      }),
    deactivateUser: (id) => portal.deactivateUser(id),
  };
}
