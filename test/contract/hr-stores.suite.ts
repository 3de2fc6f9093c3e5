/**
 * Contract suite for the HR stores of issue 12 (STYLE.md §7): VacationStore first; run against the memory, SQLite
 * and MongoDB adapters (the last only with MONGODB_URL).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { toHandoffId, toPortalUserId } from '../../engine/ids.js';
import type { Plan } from '../../engine/model.js';
import type { NewVacation, VacationStore } from '../../engine/vacation-model.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import { type Cipher, createCipher } from '../../storage/crypto.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import type { WebhookStore } from '../../storage/webhook-store.js';
import { ManualClock, T1, T2 } from './handoff-store.fixtures.js';

export interface HrStores {
  readonly vacations: VacationStore;
  readonly hrPeople: HrPeopleStore;
  readonly approvals: ApprovalStore;
  readonly webhooks: WebhookStore;
  /** Raw text of the stored subscriptions, to prove secrets are not kept in clear (SQLite, Mongo). */
  readonly storedText?: () => Promise<string>;
}

export interface HrStoresSuiteOptions {
  readonly name: string;
  readonly create: (clock: ManualClock, cipher: Cipher) => Promise<HrStores>;
  readonly cleanup?: () => Promise<void>;
  readonly skip?: boolean;
}

function vacation(externalId: string, overrides: Partial<NewVacation> = {}): NewVacation {
  return {
    tenantId: T1,
    externalId,
    employeeId: toPortalUserId(12),
    backup: { type: 'user', userId: toPortalUserId(34) },
    startAt: new Date('2026-03-10T09:00:00.000Z'),
    endAt: new Date('2026-03-20T09:00:00.000Z'),
    kinds: ['deals', 'tasks'],
    handoffId: toHandoffId(`h-${externalId}`),
    handoffNo: 3,
    state: 'active',
    createdBy: 'api-key:hr',
    ...overrides,
  };
}

export function hrStoresContractSuite(options: HrStoresSuiteOptions): void {
  describe.skipIf(options.skip === true)(`HR stores contract: ${options.name}`, () => {
    let stores: HrStores;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await options.create(clock, createCipher(randomBytes(32)));
      return options.cleanup;
    });

    describe('WebhookStore', () => {
      it('creates subscriptions with a secret shown once, lists them without it, reads it back to sign', async () => {
        const { subscription, secret } = await stores.webhooks.createSubscription(T1, 'https://hr.example/a', [
          'handoff.started',
        ]);

        expect(secret).toMatch(/^whsec_/);
        expect(await stores.webhooks.listSubscriptions(T1)).toStrictEqual([subscription]);
        expect(await stores.webhooks.listSubscriptions(T2)).toStrictEqual([]);
        expect(await stores.webhooks.secretOf(T1, subscription.id)).toBe(secret);
        expect(await stores.webhooks.secretOf(T2, subscription.id)).toBeNull();
        if (stores.storedText) expect(await stores.storedText()).not.toContain(secret);
      });

      it('queues per wanted event, claims each due delivery once, retries and finishes it', async () => {
        const a = await stores.webhooks.createSubscription(T1, 'https://hr.example/a', ['handoff.started']);
        const b = await stores.webhooks.createSubscription(T1, 'https://hr.example/b', [
          'handoff.started',
          'handoff.failed',
        ]);
        await stores.webhooks.createSubscription(T2, 'https://other.example/', ['handoff.started']);

        expect(await stores.webhooks.enqueue(T1, 'handoff.started', '{"n":1}')).toBe(2);
        expect(await stores.webhooks.enqueue(T1, 'handoff.failed', '{"n":2}')).toBe(1);
        const now = clock.now();
        const first = await stores.webhooks.claimDue(now, 60_000, 10);
        const again = await stores.webhooks.claimDue(now, 60_000, 10);

        expect(first).toHaveLength(3);
        expect(again).toEqual([]);
        const one = first.find((d) => d.subscriptionId === a.subscription.id);
        expect(one).toMatchObject({ tenantId: T1, event: 'handoff.started', body: '{"n":1}', attempts: 0 });
        await stores.webhooks.markFailed(one?.id ?? '', 1, 'HTTP 500', new Date(now.getTime() + 10_000));
        for (const d of first.filter((x) => x.id !== one?.id)) {
          await stores.webhooks.markDelivered(d.id, 1, now);
        }
        clock.advance(10_000);
        const retry = await stores.webhooks.claimDue(clock.now(), 60_000, 10);
        expect(retry.map((d) => [d.id, d.attempts, d.lastError])).toEqual([[one?.id, 1, 'HTTP 500']]);
        await stores.webhooks.markFailed(one?.id ?? '', 2, 'HTTP 500', null);
        clock.advance(3_600_000);
        expect(await stores.webhooks.claimDue(clock.now(), 60_000, 10)).toEqual([]);
        const listed = await stores.webhooks.listDeliveries(T1, a.subscription.id, 10);
        expect(listed).toMatchObject([{ status: 'failed', attempts: 2, lastError: 'HTTP 500' }]);
        expect((await stores.webhooks.listDeliveries(T1, b.subscription.id, 10)).map((d) => d.status).sort()).toEqual([
          'delivered',
          'delivered',
        ]);
      });

      it('a claim expires: a delivery a dead worker held is due again after the lease', async () => {
        await stores.webhooks.createSubscription(T1, 'https://hr.example/a', ['handoff.started']);
        await stores.webhooks.enqueue(T1, 'handoff.started', '{}');
        await stores.webhooks.claimDue(clock.now(), 60_000, 10);

        clock.advance(60_000);

        expect(await stores.webhooks.claimDue(clock.now(), 60_000, 10)).toHaveLength(1);
      });

      it('removing a subscription drops its pending deliveries; another tenant cannot remove it', async () => {
        const { subscription } = await stores.webhooks.createSubscription(T1, 'https://hr.example/a', [
          'handoff.started',
        ]);
        await stores.webhooks.enqueue(T1, 'handoff.started', '{}');

        expect(await stores.webhooks.deleteSubscription(T2, subscription.id)).toBe(false);
        expect(await stores.webhooks.deleteSubscription(T1, subscription.id)).toBe(true);
        expect(await stores.webhooks.claimDue(clock.now(), 60_000, 10)).toEqual([]);
        expect(await stores.webhooks.listSubscriptions(T1)).toEqual([]);
      });
    });

    describe('ApprovalStore', () => {
      const plan: Plan = {
        tenantId: T1,
        initiator: { portalUserId: toPortalUserId(5), label: 'slack:U5 (Eve)' },
        fromUserId: toPortalUserId(12),
        to: { type: 'user', userId: toPortalUserId(5) },
        kinds: ['deals'],
        when: { mode: 'temporary', returnAt: new Date('2026-03-20T09:00:00.000Z') },
        options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: true },
        origin: { surface: 'slack', ref: { teamId: 'T1' } },
      };

      it('stores a pending approval with its plan, decides it once, and records its handoff', async () => {
        const createdAt = clock.now();
        const created = await stores.approvals.createApproval({
          tenantId: T1,
          id: 'a1',
          plan,
          requestedBy: 'slack:U5 (Eve)',
          approverIds: [toPortalUserId(9)],
        });
        clock.advance(1000);

        const approved = await stores.approvals.decideApproval(T1, 'a1', 'approved', 'slack:U9 (Dora)');
        const again = await stores.approvals.decideApproval(T1, 'a1', 'declined', 'slack:U7 (Other)');
        await stores.approvals.setApprovalHandoff(T1, 'a1', toHandoffId('h-9'));

        expect(created).toStrictEqual({
          tenantId: T1,
          id: 'a1',
          plan,
          requestedBy: 'slack:U5 (Eve)',
          approverIds: [9],
          status: 'pending',
          createdAt,
        });
        expect(approved).toMatchObject({ status: 'approved', decidedBy: 'slack:U9 (Dora)', decidedAt: clock.now() });
        expect(again).toBeNull();
        expect(await stores.approvals.getApproval(T1, 'a1')).toMatchObject({ status: 'approved', handoffId: 'h-9' });
        expect(await stores.approvals.getApproval(T2, 'a1')).toBeNull();
        expect(await stores.approvals.decideApproval(T2, 'a1', 'declined', 'x')).toBeNull();
      });
    });

    describe('HrPeopleStore', () => {
      const anna = { kind: 'portal', userId: toPortalUserId(12) } as const;
      const maria = { kind: 'slack', userId: 'U0MARIA1' } as const;

      it('adds once (idempotent), lists portal users first, removes, and keeps tenants apart', async () => {
        const at = clock.now();
        expect(await stores.hrPeople.addHrPerson(T1, maria, 'api-key:hr')).toBe(true);
        expect(await stores.hrPeople.addHrPerson(T1, anna, 'api-key:hr')).toBe(true);
        clock.advance(1000);
        expect(await stores.hrPeople.addHrPerson(T1, anna, 'someone else')).toBe(false);

        expect(await stores.hrPeople.listHrPeople(T1)).toStrictEqual([
          { person: anna, addedBy: 'api-key:hr', addedAt: at },
          { person: maria, addedBy: 'api-key:hr', addedAt: at },
        ]);
        expect(await stores.hrPeople.listHrPeople(T2)).toStrictEqual([]);
        expect(await stores.hrPeople.isHrPerson(T2, [anna])).toBe(false);
        expect(await stores.hrPeople.removeHrPerson(T1, anna)).toBe(true);
        expect(await stores.hrPeople.removeHrPerson(T1, anna)).toBe(false);
        expect((await stores.hrPeople.listHrPeople(T1)).map((p) => p.person)).toStrictEqual([maria]);
      });

      it('answers whether any of a speaker’s refs is an HR person', async () => {
        await stores.hrPeople.addHrPerson(T1, maria, 'cli');

        expect(await stores.hrPeople.isHrPerson(T1, [anna, maria])).toBe(true);
        expect(await stores.hrPeople.isHrPerson(T1, [anna])).toBe(false);
        expect(await stores.hrPeople.isHrPerson(T1, [])).toBe(false);
      });
    });

    describe('VacationStore', () => {
      it('stores a vacation once per external id and returns the first one after', async () => {
        const createdAt = clock.now();
        const first = await stores.vacations.insertVacation(vacation('hr-1'));
        clock.advance(1000);

        const again = await stores.vacations.insertVacation(vacation('hr-1', { employeeId: toPortalUserId(99) }));

        expect(first.created).toBe(true);
        expect(again.created).toBe(false);
        expect(again.vacation).toStrictEqual(first.vacation);
        expect(first.vacation).toStrictEqual({ ...vacation('hr-1'), createdAt, updatedAt: createdAt });
      });

      it('keeps tenants apart: the same external id in two tenants is two vacations', async () => {
        await stores.vacations.insertVacation(vacation('hr-1'));
        const other = await stores.vacations.insertVacation(vacation('hr-1', { tenantId: T2, handoffNo: 7 }));

        expect(other.created).toBe(true);
        expect((await stores.vacations.getVacation(T1, 'hr-1'))?.handoffNo).toBe(3);
        expect((await stores.vacations.getVacation(T2, 'hr-1'))?.handoffNo).toBe(7);
        expect(await stores.vacations.listVacations(T2)).toHaveLength(1);
        expect(await stores.vacations.updateVacation(T2, 'hr-2', { state: 'cancelled' })).toBeNull();
      });

      it('round-trips every backup kind, and a vacation of every kind', async () => {
        await stores.vacations.insertVacation(vacation('a', { backup: { type: 'head' } }));
        await stores.vacations.insertVacation(vacation('b', { backup: { type: 'head', departmentId: 4 } }));
        const { kinds: _kinds, ...all } = vacation('c', { backup: { type: 'department', departmentId: 7 } });
        await stores.vacations.insertVacation(all);

        await stores.vacations.insertVacation(vacation('d', { backup: { type: 'role', name: 'paralegal' } }));

        expect((await stores.vacations.getVacation(T1, 'd'))?.backup).toStrictEqual({
          type: 'role',
          name: 'paralegal',
        });
        expect((await stores.vacations.getVacation(T1, 'a'))?.backup).toStrictEqual({ type: 'head' });
        expect((await stores.vacations.getVacation(T1, 'b'))?.backup).toStrictEqual({ type: 'head', departmentId: 4 });
        const c = await stores.vacations.getVacation(T1, 'c');
        expect(c?.backup).toStrictEqual({ type: 'department', departmentId: 7 });
        expect(c && 'kinds' in c).toBe(false);
      });

      it('patches dates and state, and finds a vacation by its handoff', async () => {
        await stores.vacations.insertVacation(vacation('hr-1'));
        clock.advance(5000);
        const endAt = new Date('2026-03-25T09:00:00.000Z');

        const moved = await stores.vacations.updateVacation(T1, 'hr-1', { endAt });
        const cancelled = await stores.vacations.updateVacation(T1, 'hr-1', { state: 'cancelled' });

        expect(moved?.endAt).toStrictEqual(endAt);
        expect(moved?.startAt).toStrictEqual(vacation('hr-1').startAt);
        expect(cancelled).toMatchObject({ state: 'cancelled', endAt, updatedAt: clock.now() });
        expect(await stores.vacations.findVacationByHandoff(T1, toHandoffId('h-hr-1'))).toStrictEqual(cancelled);
        expect(await stores.vacations.findVacationByHandoff(T2, toHandoffId('h-hr-1'))).toBeNull();
      });

      it('lists newest first, filtered by state, limited', async () => {
        for (const id of ['x', 'y', 'z']) {
          await stores.vacations.insertVacation(vacation(id));
          clock.advance(1000);
        }
        await stores.vacations.updateVacation(T1, 'y', { state: 'cancelled' });

        expect((await stores.vacations.listVacations(T1)).map((v) => v.externalId)).toEqual(['z', 'y', 'x']);
        expect((await stores.vacations.listVacations(T1, { state: 'active' })).map((v) => v.externalId)).toEqual([
          'z',
          'x',
        ]);
        expect(await stores.vacations.listVacations(T1, { limit: 1 })).toHaveLength(1);
      });
    });
  });
}
