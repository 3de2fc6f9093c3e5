import { beforeEach, describe, expect, it } from 'vitest';
import type { HandoffError } from '../../../engine/errors.js';
import { toPortalUserId } from '../../../engine/ids.js';
import { createVacationService, type VacationRequest, type VacationService } from '../../../engine/vacations.js';
import { MemoryVacationStore } from '../../../storage/vacation-store.js';
import { ACTOR, createHarness, type Harness, TENANT } from './harness.js';

const DAY = 86_400_000;

describe('vacations over handoffs', () => {
  let h: Harness;
  let service: VacationService;

  beforeEach(() => {
    h = createHarness();
    h.ws.addItems('deals', 1, 4);
    service = createVacationService({
      handoffs: h.service,
      vacations: new MemoryVacationStore({ clock: h.clock }),
      clock: h.clock,
    });
  });

  const at = (days: number) => new Date(h.clock.now().getTime() + days * DAY);
  const request = (overrides: Partial<VacationRequest> = {}): VacationRequest => ({
    tenantId: TENANT,
    externalId: 'hr-1',
    employeeId: toPortalUserId(1),
    backup: { type: 'user', userId: toPortalUserId(2) },
    startAt: at(2),
    endAt: at(9),
    initiator: { label: 'api-key:hr' },
    ...overrides,
  });

  it('creates a scheduled temporary handoff with sweep, and answers the same one for the same external id', async () => {
    const first = await service.create(request());
    const again = await service.create(request());

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.view.handoff.handoff.no).toBe(first.view.handoff.handoff.no);
    expect(first.view.handoff.handoff).toMatchObject({
      status: 'scheduled',
      plan: { when: { mode: 'temporary', startAt: at(2), returnAt: at(9) }, options: { sweep: true, notify: true } },
    });
    expect(await h.service.list(TENANT)).toHaveLength(1);
  });

  it('refuses the same external id with other dates, naming its handoff', async () => {
    await service.create(request());

    const error = (await service.create(request({ endAt: at(10) })).catch((e) => e)) as HandoffError;

    expect(error.code).toBe('vacation_conflict');
    expect(error.details).toMatchObject({ externalId: 'hr-1', handoffNo: 1 });
  });

  it('a vacation starting now starts at once', async () => {
    const { view } = await service.create(request({ startAt: h.clock.now() }));
    await h.runDue();

    expect(view.handoff.handoff.plan.when.startAt).toBeUndefined();
    expect((await service.get(TENANT, { externalId: 'hr-1' })).handoff.handoff.status).toBe('return_scheduled');
  });

  it('moves by external id or by H-number, keeping the record in step', async () => {
    await service.create(request());

    const moved = await service.move(TENANT, { externalId: 'hr-1' }, { endAt: at(12) }, ACTOR);
    const again = await service.move(TENANT, { handoffNo: 1 }, { startAt: at(3) }, ACTOR);

    expect(moved.outcome).toBe('moved');
    expect(again.view.vacation).toMatchObject({ startAt: at(3), endAt: at(12), state: 'active' });
    expect(again.view.handoff.handoff.plan.when).toEqual({ mode: 'temporary', startAt: at(3), returnAt: at(12) });
  });

  it('cancels before the start (handoff cancelled) and refuses to move a cancelled one', async () => {
    await service.create(request());

    const { view, outcome } = await service.cancel(TENANT, { externalId: 'hr-1' }, ACTOR);
    const error = (await service
      .move(TENANT, { externalId: 'hr-1' }, { endAt: at(5) }, ACTOR)
      .catch((e) => e)) as HandoffError;

    expect(outcome).toBe('cancelled');
    expect(view.vacation.state).toBe('cancelled');
    expect(view.vacation.endAt).toEqual(at(9));
    expect(view.handoff.handoff.status).toBe('cancelled');
    expect(error.code).toBe('wrong_status');
  });

  it('cancelled after the start: everything comes back now and the record ends now', async () => {
    await service.create(request({ startAt: h.clock.now() }));
    await h.runDue();
    h.clock.advance(DAY);

    const { view, outcome } = await service.cancel(TENANT, { externalId: 'hr-1' }, ACTOR);
    await h.runDue();

    expect(outcome).toBe('returning');
    expect(view.vacation).toMatchObject({ state: 'cancelled', endAt: h.clock.now() });
    expect((await service.get(TENANT, { externalId: 'hr-1' })).handoff.handoff.status).toBe('returned');
  });

  it('says which vacation is unknown', async () => {
    const error = (await service.get(TENANT, { externalId: 'nope' }).catch((e) => e)) as HandoffError;

    expect(error.code).toBe('unknown_vacation');
    expect(error.details.externalId).toBe('nope');
  });
});
