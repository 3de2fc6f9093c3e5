/**
 * Builders for the HandoffStore contract suite: handoffs, items and a settable clock.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type TenantId, toHandoffId, toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { HandoffStatus, ItemStatus } from '../../engine/model.js';
import type { Clock, NewHandoff, NewItem } from '../../engine/ports.js';

export const T1 = toTenantId('tenant-one');
export const T2 = toTenantId('tenant-two');

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start = new Date('2026-03-01T10:00:00.000Z')) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(at: Date): void {
    this.#now = at;
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export interface HandoffSpec {
  readonly tenantId?: TenantId;
  readonly fromUserId?: number;
  readonly toUserId?: number;
  readonly initiatorId?: number;
  readonly status?: HandoffStatus;
  readonly dryRun?: boolean;
  readonly createdAt?: Date;
}

/** A minimal permanent handoff to one user. */
export function newHandoff(spec: HandoffSpec = {}): NewHandoff {
  const tenantId = spec.tenantId ?? T1;
  const to = toPortalUserId(spec.toUserId ?? 2);
  return {
    tenantId,
    id: toHandoffId(randomUUID()),
    status: spec.status ?? 'running',
    plan: {
      tenantId,
      initiator: {
        label: 'test',
        ...(spec.initiatorId !== undefined ? { portalUserId: toPortalUserId(spec.initiatorId) } : {}),
      },
      fromUserId: toPortalUserId(spec.fromUserId ?? 1),
      to: { type: 'user', userId: to },
      when: { mode: 'permanent' },
      options: { allItems: false, dryRun: spec.dryRun ?? false, forceReturn: false, notify: true, sweep: false },
    },
    targets: { deals: { type: 'user', userId: to, via: 'user' } },
    kinds: ['deals'],
    createdAt: spec.createdAt ?? new Date('2026-03-01T09:00:00.000Z'),
  };
}

/** A temporary handoff with every optional field set, to prove exact round-trips. */
export function richHandoff(tenantId: TenantId = T1): NewHandoff {
  return {
    tenantId,
    id: toHandoffId(randomUUID()),
    status: 'scheduled',
    plan: {
      tenantId,
      initiator: { portalUserId: toPortalUserId(9), label: 'slack:U123 (Maria)' },
      fromUserId: toPortalUserId(12),
      to: { type: 'head', departmentId: 5 },
      targets: {
        tasks: { type: 'user', userId: toPortalUserId(56) },
        'spa:128': { type: 'department', departmentId: 7 },
      },
      kinds: ['deals', 'tasks', 'spa:128'],
      when: {
        mode: 'temporary',
        startAt: new Date('2026-12-20T09:00:00.123Z'),
        returnAt: new Date('2027-01-05T09:00:00.000Z'),
      },
      options: { allItems: true, dryRun: false, forceReturn: true, notify: false, sweep: true },
      origin: { surface: 'slack', ref: { channel: 'C1', ts: '1700000000.000100' } },
    },
    targets: {
      deals: { type: 'user', userId: toPortalUserId(34), via: 'head' },
      tasks: { type: 'user', userId: toPortalUserId(56), via: 'user' },
      'spa:128': { type: 'department', departmentId: 7, memberIds: [toPortalUserId(70), toPortalUserId(71)] },
    },
    kinds: ['deals', 'tasks', 'spa:128'],
    createdAt: new Date('2026-11-30T08:15:30.456Z'),
  };
}

export function newItem(kind: EntityKind, itemId: number, status: ItemStatus = 'pending'): NewItem {
  return {
    kind,
    itemId,
    title: `${kind} #${itemId}`,
    originalOwnerId: toPortalUserId(1),
    newOwnerId: toPortalUserId(2),
    status,
  };
}
