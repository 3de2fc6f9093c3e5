import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VacationChangeOut, VacationListOut, VacationOut } from '../../bot/api/vacation-schemas.js';
import { StoreError } from '../../engine/errors.js';
import { toPortalUserId } from '../../engine/ids.js';
import { type ApiHarness, createApiHarness, TENANT_A } from './api-harness.js';

const DAY = 86_400_000;

describe('REST API /api/v1/vacations', () => {
  let h: ApiHarness;

  beforeEach(async () => {
    h = await createApiHarness();
  });

  const at = (days: number) => new Date(h.clock.now().getTime() + days * DAY).toISOString();
  const body = (overrides: Record<string, unknown> = {}) => ({
    externalId: 'hr-4711',
    employee: { email: 'anna@acme.com' },
    backup: { type: 'user', id: 34 },
    start: at(2),
    end: at(9),
    ...overrides,
  });

  async function startedVacation() {
    await h.call('POST', '/api/v1/vacations', { body: body({ start: at(0) }) });
    await h.runJobs();
    expect((await h.call('GET', '/api/v1/vacations/hr-4711')).body.handoff.status).toBe('return_scheduled');
  }

  it('creates a vacation (201) with its scheduled handoff; the same external id again answers it (200)', async () => {
    const created = await h.call('POST', '/api/v1/vacations', { body: body({ kinds: ['deals'] }) });
    const again = await h.call('POST', '/api/v1/vacations', { body: body({ kinds: ['deals'] }) });

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/vacations/hr-4711');
    const vacation = VacationOut.parse(created.body);
    expect(vacation).toMatchObject({
      externalId: 'hr-4711',
      employee: { id: 12, name: 'Anna Adams' },
      backup: { type: 'user', id: 34, name: 'Ben Brown' },
      start: at(2),
      end: at(9),
      kinds: ['deals'],
      state: 'active',
      createdBy: 'api-key:hr',
      handoff: { id: 'H-1', status: 'scheduled', startAt: at(2), returnAt: at(9) },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.handoff.id).toBe('H-1');
    expect(h.notifier.noticeCalls.map((c) => c.notice.kind)).toEqual(['scheduled']);
  });

  it('refuses the same external id with other dates (409) and bad input naming the field (400)', async () => {
    await h.call('POST', '/api/v1/vacations', { body: body() });

    const conflict = await h.call('POST', '/api/v1/vacations', { body: body({ end: at(10) }) });
    const badId = await h.call('POST', '/api/v1/vacations', { body: body({ externalId: 'a b' }) });
    const backwards = await h.call('POST', '/api/v1/vacations', { body: body({ externalId: 'x', end: at(1) }) });

    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('vacation_conflict');
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('externalId');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('return_before_start');
    expect((await h.call('GET', '/api/v1/vacations')).body.vacations).toHaveLength(1);
  });

  it('moves both dates before the start (PUT), and tells the people involved', async () => {
    await h.call('POST', '/api/v1/vacations', { body: body() });

    const moved = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { start: at(3), end: at(12) } });

    expect(moved.status).toBe(200);
    const change = VacationChangeOut.parse(moved.body);
    expect(change.outcome).toBe('moved');
    expect(change.vacation).toMatchObject({ start: at(3), end: at(12), handoff: { startAt: at(3), returnAt: at(12) } });
    expect(
      h.scheduler
        .pending()
        .find((j) => j.job === 'handoff.start')
        ?.at.toISOString(),
    ).toBe(at(3));
    expect(h.notifier.noticeCalls.map((c) => c.notice.kind)).toEqual(['scheduled', 'moved']);
  });

  it('shortened leave after the start: earlier return, which runs then', async () => {
    await startedVacation();

    const moved = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { end: at(1) } });
    h.clock.advance(DAY);
    await h.runJobs();

    expect(moved.body.outcome).toBe('moved');
    const after = (await h.call('GET', '/api/v1/vacations/hr-4711')).body;
    expect(after).toMatchObject({ end: at(0), handoff: { status: 'returned' } });
    expect(await h.portalA.countItems('deals', toPortalUserId(12), 'open')).toBe(3);
  });

  it('extended leave after the start: the return waits for the new end', async () => {
    await startedVacation();

    await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { end: at(14) } });
    h.clock.advance(9 * DAY);
    await h.runJobs();

    expect((await h.call('GET', '/api/v1/vacations/hr-4711')).body.handoff.status).toBe('return_scheduled');
    h.clock.advance(5 * DAY);
    await h.runJobs();
    expect((await h.call('GET', '/api/v1/vacations/hr-4711')).body.handoff.status).toBe('returned');
  });

  it('a start moved after the leave started is refused (409 already_started) and changes nothing', async () => {
    await startedVacation();

    const refused = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { start: at(3) } });

    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('already_started');
    expect((await h.call('GET', '/api/v1/vacations/hr-4711')).body.start).toBe(at(0));
  });

  it('cancelled before the start (DELETE): the handoff is cancelled; DELETE again is fine', async () => {
    await h.call('POST', '/api/v1/vacations', { body: body() });

    const cancelled = await h.call('DELETE', '/api/v1/vacations/hr-4711');
    const again = await h.call('DELETE', '/api/v1/vacations/hr-4711');

    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      outcome: 'cancelled',
      vacation: { state: 'cancelled', handoff: { status: 'cancelled' } },
    });
    expect(again.status).toBe(200);
    expect(h.notifier.noticeCalls.map((c) => c.notice.kind)).toEqual(['scheduled', 'cancelled']);
  });

  it('cancelled after the start (DELETE): everything comes back now', async () => {
    await startedVacation();

    const cancelled = await h.call('DELETE', '/api/v1/vacations/hr-4711');
    await h.runJobs();

    expect(cancelled.body.outcome).toBe('returning');
    const after = VacationOut.parse((await h.call('GET', '/api/v1/vacations/hr-4711')).body);
    expect(after).toMatchObject({ state: 'cancelled', handoff: { status: 'returned' } });
  });

  it('an end moved to now before the start cancels it (PUT)', async () => {
    await h.call('POST', '/api/v1/vacations', { body: body() });

    const moved = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { end: at(0) } });

    expect(moved.body).toMatchObject({ outcome: 'cancelled', vacation: { state: 'cancelled' } });
  });

  it("a start moved into the backup's vacation is refused (409 receiver_away naming it and the backup's backup); nothing changes", async () => {
    // Ben (34) is away from now for ten days, Carl (56) covering; Anna's leave to Ben is planned after that.
    const bens = await h.call('POST', '/api/v1/vacations', {
      body: body({
        externalId: 'hr-ben',
        employee: { id: 34 },
        backup: { type: 'user', id: 56 },
        start: at(0),
        end: at(10),
      }),
    });
    expect(bens.status).toBe(201);
    await h.runJobs();
    expect((await h.call('POST', '/api/v1/vacations', { body: body({ start: at(12), end: at(15) }) })).status).toBe(
      201,
    );

    const moved = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { start: at(2) } });
    const planned = await h.call('POST', '/api/v1/vacations', {
      body: body({ externalId: 'hr-4712', start: at(3), end: at(5) }),
    });

    expect(moved.status).toBe(409);
    expect(moved.body.error).toMatchObject({
      code: 'receiver_away',
      handoff: bens.body.handoff.id,
      backup: { id: 56 },
    });
    expect((await h.call('GET', '/api/v1/vacations/hr-4711')).body).toMatchObject({ start: at(12), end: at(15) });
    expect(planned.status).toBe(409);
    expect(planned.body.error.code).toBe('receiver_away');
  });

  it('keeps tenants apart and answers 404 for an unknown vacation', async () => {
    await h.call('POST', '/api/v1/vacations', { body: body() });

    const other = await h.call('GET', '/api/v1/vacations/hr-4711', { key: h.keyB });
    const move = await h.call('PUT', '/api/v1/vacations/nope', { body: { end: at(5) } });
    const list = await h.call('GET', '/api/v1/vacations', { key: h.keyB });

    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('unknown_vacation');
    expect(move.status).toBe(404);
    expect(VacationListOut.parse(list.body).vacations).toEqual([]);
  });

  it('a role backup names whoever holds the role now; an unknown role is refused naming it', async () => {
    const role = await h.call('PUT', '/api/v1/roles/backup-desk', { body: { holder: { type: 'user', id: 78 } } });
    expect(role.status).toBe(200);
    const created = await h.call('POST', '/api/v1/vacations', {
      body: body({ backup: { type: 'role', name: 'Backup-Desk' } }),
    });
    const unknown = await h.call('POST', '/api/v1/vacations', {
      body: body({ externalId: 'hr-2', backup: { type: 'role', name: 'nobody' } }),
    });

    expect(created.status).toBe(201);
    expect(created.body.backup).toEqual({ type: 'role', name: 'Backup-Desk' });
    expect(created.body.handoff.targets.deals).toMatchObject({ type: 'user', id: 78 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_role');
  });

  it('documents the routes in OpenAPI', async () => {
    const { body: doc } = await h.call('GET', '/api/v1/openapi.json', { key: null });

    expect(Object.keys(doc.paths['/api/v1/vacations/{externalId}'])).toEqual(['get', 'put', 'delete']);
    expect(doc.components.schemas.Vacation).toBeDefined();
  });

  describe('on a database that fails between the handoff and the vacation record (disk full)', () => {
    const full = () =>
      new StoreError('The database is full: the disk (or its size limit) has no room left.', 'storage_full');

    it('create: 503 naming it; the same request again makes the record over the one handoff, not a second', async () => {
      const insert = vi.spyOn(h.vacationStore, 'insertVacation').mockRejectedValueOnce(full());

      const refused = await h.call('POST', '/api/v1/vacations', { body: body() });
      insert.mockRestore();
      const again = await h.call('POST', '/api/v1/vacations', { body: body() });

      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'storage_full' });
      expect(again.status).toBe(201);
      expect(VacationOut.parse(again.body)).toMatchObject({ start: at(2), end: at(9) });
      expect(await h.service.list(TENANT_A)).toHaveLength(1);
    });

    it('move: 503 naming it; the same PUT again stores the dates on both, and the start job is at the new start', async () => {
      await h.call('POST', '/api/v1/vacations', { body: body() });
      const update = vi.spyOn(h.vacationStore, 'updateVacation').mockRejectedValueOnce(full());

      const refused = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { start: at(1), end: at(12) } });
      update.mockRestore();
      const again = await h.call('PUT', '/api/v1/vacations/hr-4711', { body: { start: at(1), end: at(12) } });

      expect(refused.status).toBe(503);
      expect(again.status).toBe(200);
      expect(VacationChangeOut.parse(again.body).vacation).toMatchObject({
        start: at(1),
        end: at(12),
        handoff: { startAt: at(1), returnAt: at(12) },
      });
      const start = h.scheduler.pending().find((j) => j.job === 'handoff.start');
      expect(start?.at.toISOString()).toBe(at(1));
    });

    it('cancel: 503 naming it; DELETE again marks the record cancelled over the cancelled handoff', async () => {
      await h.call('POST', '/api/v1/vacations', { body: body() });
      const update = vi.spyOn(h.vacationStore, 'updateVacation').mockRejectedValueOnce(full());

      const refused = await h.call('DELETE', '/api/v1/vacations/hr-4711');
      update.mockRestore();
      const again = await h.call('DELETE', '/api/v1/vacations/hr-4711');
      const got = await h.call('GET', '/api/v1/vacations/hr-4711');

      expect(refused.status).toBe(503);
      expect([200, 204]).toContain(again.status);
      expect(got.body).toMatchObject({ state: 'cancelled', handoff: { status: 'cancelled' } });
    });
  });
});
