/**
 * Where features meet (integration QA): vacations (issue 12), the ownership ledger's chains (issue 8), robot
 * handoffs (issue 10) and the sweep, through the real HandoffService, VacationService and robot service, the
 * Bitrix24WorkSystem against the sandbox portal over HTTP, on the memory store and a real SQLite file (and MongoDB
 * when MONGODB_URL is set), so the three stores are held to the same behaviour. Rules: engine/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { HandoffError } from '../../engine/errors.js';
import { type TenantId, toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { Plan, When } from '../../engine/model.js';
import type { HandoffStore } from '../../engine/ports.js';
import { createRobotHandoffs, type RobotHandoffs } from '../../engine/robot-service.js';
import { MemoryRoleStore } from '../../engine/roles.js';
import { createHandoffService } from '../../engine/service.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { VacationStore } from '../../engine/vacation-model.js';
import { createVacationService, type VacationService } from '../../engine/vacations.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { MongoHandoffStore } from '../../storage/mongo-store.js';
import { MongoVacationStore } from '../../storage/mongo-vacation-store.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteHandoffStore } from '../../storage/sqlite-store.js';
import { SqliteVacationStore } from '../../storage/sqlite-vacation-store.js';
import { MemoryVacationStore } from '../../storage/vacation-store.js';
import { createRecordingLogger, sandboxWorkSystem } from '../contract/bitrix24-sandbox-world.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

const DAY = 86_400_000;
const ACTOR = { label: 'e2e' };

interface Stores {
  readonly handoffs: HandoffStore;
  readonly vacations: VacationStore;
  close(): Promise<void>;
}

type StoreFactory = (clock: FakeClock) => Promise<Stores>;

const folder = mkdtempSync(join(tmpdir(), 'handoff-meetings-'));
const mongoUrl = process.env.MONGODB_URL;
if (!mongoUrl) console.info('meetings (mongo) skipped: MONGODB_URL is not set');

const factories: [string, StoreFactory | undefined][] = [
  [
    'memory',
    async (clock) => ({
      handoffs: new MemoryHandoffStore({ clock }),
      vacations: new MemoryVacationStore({ clock }),
      close: async () => {},
    }),
  ],
  [
    'sqlite',
    async (clock) => {
      const database = openSqliteDatabase(join(folder, `${Math.random().toString(36).slice(2)}`, 'handoff.db'));
      return {
        handoffs: new SqliteHandoffStore(database, { clock }),
        vacations: new SqliteVacationStore(database, { clock }),
        close: async () => database.close(),
      };
    },
  ],
  [
    'mongo',
    mongoUrl
      ? async (clock) => {
          const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
          const db = client.db(`handoff_meetings_${Math.random().toString(36).slice(2, 10)}`);
          return {
            handoffs: await MongoHandoffStore.open(db, { clock }),
            vacations: await MongoVacationStore.open(db, { clock }),
            close: async () => {
              await db.dropDatabase();
              await client.close();
            },
          };
        }
      : undefined,
  ],
];

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe.each(factories)('where features meet (%s store)', (_name, factory) => {
  const TENANT = toTenantId('meetings');
  let sandbox: RunningSandbox;
  let clock: FakeClock;
  let scheduler: ManualScheduler;
  let service: HandoffService;
  let vacations: VacationService;
  let robots: RobotHandoffs;
  let roles: MemoryRoleStore;
  let stores: Stores;

  beforeAll(async () => {
    if (!factory) return;
    sandbox = await startSandbox({ rate: false });
    clock = new FakeClock(new Date());
    scheduler = new ManualScheduler(clock);
    stores = await factory(clock);
    roles = new MemoryRoleStore();
    const workSystem = sandboxWorkSystem(sandbox);
    const logger = createRecordingLogger();
    service = createHandoffService({
      store: stores.handoffs,
      workSystems: async () => workSystem,
      scheduler,
      notifier: new RecordingNotifier(),
      clock,
      logger,
      roles,
    });
    vacations = createVacationService({ handoffs: service, vacations: stores.vacations, clock });
    robots = createRobotHandoffs({ store: stores.handoffs, scheduler, clock, logger });
  });

  afterAll(async () => {
    await stores?.close();
    await sandbox?.close();
  });

  const runDue = () => scheduler.runDue(service.jobs, 500);
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY);
  async function passDays(days: number): Promise<void> {
    clock.advance(days * DAY);
    await runDue();
  }
  const newUser = () => sandbox.portal.addUser({}).id;
  const owner = (kind: EntityKind, id: number) => sandbox.portal.ownerOf(kind, id);
  function deals(ownerId: number, count: number): number[] {
    return Array.from({ length: count }, () => sandbox.portal.addItem('deals', { ownerId }));
  }
  function plan(from: number, to: number, when: When, sweep = false, tenantId: TenantId = TENANT): Plan {
    return {
      tenantId,
      initiator: { label: 'e2e' },
      fromUserId: toPortalUserId(from),
      to: { type: 'user', userId: toPortalUserId(to) },
      kinds: ['deals'],
      when,
      options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep },
    };
  }
  async function handOff(from: number, to: number, when: When, sweep = false): Promise<number> {
    const { view } = await service.create(plan(from, to, when, sweep));
    await runDue();
    return view.handoff.no;
  }
  let vacationCount = 0;
  async function vacation(employee: number, backup: number, startDays: number, endDays: number) {
    vacationCount += 1;
    const externalId = `hr-${vacationCount}`;
    const { view } = await vacations.create({
      tenantId: TENANT,
      externalId,
      employeeId: toPortalUserId(employee),
      backup: { type: 'user', userId: toPortalUserId(backup) },
      startAt: at(startDays),
      endAt: at(endDays),
      kinds: ['deals'],
      initiator: { label: 'hr' },
    });
    await runDue();
    return { externalId, no: view.handoff.handoff.no };
  }
  async function refusal(action: () => Promise<unknown>): Promise<HandoffError> {
    try {
      await action();
    } catch (err) {
      if (err instanceof HandoffError) return err;
      throw err;
    }
    throw new Error('expected a HandoffError');
  }
  const itemOf = async (no: number, id: number) =>
    (await service.items(TENANT, no, { limit: 1000 })).find((i) => i.itemId === id);

  it.skipIf(!factory)(
    "a vacation cut short while its items are lent on by the backup's own handoff: each item ends at its owner",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      const annas = deals(anna, 4);
      const bens = deals(ben, 2);
      const v = await vacation(anna, ben, 0, 21);
      const h2 = await handOff(ben, carl, { mode: 'temporary', returnAt: at(7) });
      expect(new Set([...annas, ...bens].map((d) => owner('deals', d)))).toEqual(new Set([carl]));

      // Anna is back early (HR moves the end to today) while Ben is still away.
      const moved = await vacations.move(TENANT, { externalId: v.externalId }, { endAt: at(0) }, ACTOR);
      expect(moved.outcome).toBe('returning');
      await runDue();
      expect(annas.map((d) => owner('deals', d))).toEqual(annas.map(() => carl));
      expect((await service.get(TENANT, v.no)).handoff.status).toBe('returned');

      await passDays(7);
      expect(annas.map((d) => owner('deals', d))).toEqual(annas.map(() => anna));
      expect(bens.map((d) => owner('deals', d))).toEqual(bens.map(() => ben));
      expect((await itemOf(v.no, annas[0] as number))?.status).toBe('returned');
      expect((await service.get(TENANT, h2)).handoff.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    "a vacation extended while the backup's own handoff lends its items on: back to the backup first, home at the new end",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      const annas = deals(anna, 2);
      const v = await vacation(anna, ben, 0, 5);
      await handOff(ben, carl, { mode: 'temporary', returnAt: at(3) });
      const extended = await vacations.move(TENANT, { externalId: v.externalId }, { endAt: at(8) }, ACTOR);
      expect(extended.outcome).toBe('moved');

      await passDays(3);
      expect(annas.map((d) => owner('deals', d))).toEqual([ben, ben]);
      await passDays(2);
      expect(annas.map((d) => owner('deals', d))).toEqual([ben, ben]);
      await passDays(3);
      expect(annas.map((d) => owner('deals', d))).toEqual([anna, anna]);
      expect((await service.get(TENANT, v.no)).handoff.status).toBe('returned');
    },
  );

  it.skipIf(!factory)('a vacation cancelled after its start while the backup lent its items on for good', async () => {
    const [anna, ben, carl] = [newUser(), newUser(), newUser()];
    const annas = deals(anna, 3);
    const bens = deals(ben, 1);
    const v = await vacation(anna, ben, 0, 14);
    await handOff(ben, carl, { mode: 'permanent' });

    const cancelled = await vacations.cancel(TENANT, { externalId: v.externalId }, ACTOR);
    expect(cancelled.outcome).toBe('returning');
    await runDue();

    // Ben gave his work away for good; Anna's items were only lent to him.
    expect(annas.map((d) => owner('deals', d))).toEqual(annas.map(() => anna));
    expect(bens.map((d) => owner('deals', d))).toEqual([carl]);
    expect((await vacations.get(TENANT, { externalId: v.externalId })).vacation.state).toBe('cancelled');
  });

  it.skipIf(!factory)(
    'a vacation moved so it overlaps another handoff of the same person is refused naming the H-n; nothing changes',
    async () => {
      const [anna, ben] = [newUser(), newUser()];
      deals(anna, 1);
      const spring = await vacation(anna, ben, 2, 9);
      const summer = await vacation(anna, ben, 20, 30);

      const err = await refusal(() =>
        vacations.move(TENANT, { externalId: summer.externalId }, { startAt: at(5) }, ACTOR),
      );
      expect(err.code).toBe('already_running');
      expect(err.details.handoffNo).toBe(spring.no);
      expect(err.message).toContain(`H-${spring.no}`);
      const after = await vacations.get(TENANT, { externalId: summer.externalId });
      expect(after.vacation.startAt).toEqual(at(20));
      expect(after.handoff.handoff.plan.when.startAt).toEqual(at(20));

      // Extending the spring one into the summer one is refused the same way.
      const longer = await refusal(() =>
        vacations.move(TENANT, { externalId: spring.externalId }, { endAt: at(25) }, ACTOR),
      );
      expect(longer.details.handoffNo).toBe(summer.no);
      expect((await vacations.get(TENANT, { externalId: spring.externalId })).vacation.endAt).toEqual(at(9));
    },
  );

  it.skipIf(!factory)(
    "a vacation to a backup who is away is refused with receiver_away naming the backup's backup",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      deals(anna, 1);
      deals(ben, 1);
      const bensVacation = await vacation(ben, carl, 0, 10);

      const err = await refusal(() => vacation(anna, ben, 0, 5));
      expect(err.code).toBe('receiver_away');
      expect(err.details.handoffNo).toBe(bensVacation.no);
      expect(err.details.backup?.userId).toBe(carl);
      // After Ben is back it is fine.
      const later = await vacation(anna, ben, 11, 15);
      expect((await service.get(TENANT, later.no)).handoff.status).toBe('scheduled');
    },
  );

  it.skipIf(!factory)(
    "a vacation moved into its backup's absence, or planned over the backup's planned vacation, is refused with receiver_away",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      deals(anna, 1);
      deals(ben, 1);
      const bens = await vacation(ben, carl, 0, 10);
      const annas = await vacation(anna, ben, 12, 15);

      const moved = await refusal(() =>
        vacations.move(TENANT, { externalId: annas.externalId }, { startAt: at(2) }, ACTOR),
      );
      expect(moved.code).toBe('receiver_away');
      expect(moved.details.handoffNo).toBe(bens.no);
      expect(moved.details.backup?.userId).toBe(carl);
      expect((await vacations.get(TENANT, { externalId: annas.externalId })).vacation.startAt).toEqual(at(12));

      // Ben's summer vacation is planned (not started): Anna's vacation starting inside it is refused too.
      const bensSummer = await vacation(ben, carl, 30, 40);
      const planned = await refusal(() => vacation(anna, ben, 32, 35));
      expect(planned.code).toBe('receiver_away');
      expect(planned.details.handoffNo).toBe(bensSummer.no);
      expect(planned.details.backup?.userId).toBe(carl);
    },
  );

  it.skipIf(!factory)(
    "a robot moves a deal that is lent by a vacation: at the vacation's return the robot's receiver keeps it",
    async () => {
      const [anna, ben, rita] = [newUser(), newUser(), newUser()];
      const [deal, other] = deals(anna, 2) as [number, number];
      const v = await vacation(anna, ben, 0, 7);
      expect(owner('deals', deal)).toBe(ben);

      // The deal reaches a stage whose robot hands it to Rita (the workflow moves it on).
      const { handoff: robot } = await robots.start({
        tenantId: TENANT,
        document: { kind: 'deals', itemId: deal },
        includeDocument: true,
        relations: [],
        receiver: { type: 'user', userId: toPortalUserId(rita) },
        saveHistory: false,
        robotUserId: toPortalUserId(1),
      });
      await runDue();
      expect(owner('deals', deal)).toBe(rita);

      await passDays(7);
      expect(owner('deals', other)).toBe(anna);
      expect(owner('deals', deal)).toBe(rita);
      const record = await itemOf(v.no, deal);
      expect(record).toMatchObject({ status: 'kept', currentOwnerId: rita, onwardHandoffId: robot.id });
      expect((await itemOf(robot.no, deal))?.status).toBe('moved');

      // Undoing the robot's move now gives the deal to Anna (she is back), not to Ben.
      await service.undo(TENANT, robot.no, ACTOR);
      await runDue();
      expect(owner('deals', deal)).toBe(anna);
      expect((await itemOf(v.no, deal))?.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    "a robot moves a lent deal while the backup is away too: both returns leave it with the robot's receiver",
    async () => {
      const [anna, ben, carl, rita] = [newUser(), newUser(), newUser(), newUser()];
      const [deal, other] = deals(anna, 2) as [number, number];
      const v = await vacation(anna, ben, 0, 10);
      const h2 = await handOff(ben, carl, { mode: 'temporary', returnAt: at(5) });
      expect(owner('deals', deal)).toBe(carl);
      await robots.start({
        tenantId: TENANT,
        document: { kind: 'deals', itemId: deal },
        includeDocument: true,
        relations: [],
        receiver: { type: 'user', userId: toPortalUserId(rita) },
        saveHistory: false,
        robotUserId: toPortalUserId(1),
      });
      await runDue();

      await passDays(5);
      expect(owner('deals', deal)).toBe(rita);
      expect(owner('deals', other)).toBe(ben);
      expect((await itemOf(h2, deal))?.status).toBe('kept');
      await passDays(5);
      expect(owner('deals', deal)).toBe(rita);
      expect(owner('deals', other)).toBe(anna);
      expect((await itemOf(v.no, deal))?.status).toBe('kept');
    },
  );

  it.skipIf(!factory)(
    "the sweep of a vacation meets the backup's own handoff: a deal landing on the absent person ends at home",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      deals(anna, 1);
      const v = await vacation(anna, ben, 0, 10);
      await handOff(ben, carl, { mode: 'temporary', returnAt: at(5) }, true);

      // A new deal lands on Anna while she is away; her vacation's sweep lends it to Ben, his sweep lends it on.
      const landed = sandbox.portal.addItem('deals', { ownerId: anna });
      await passDays(0.5);
      await passDays(0.5);
      expect([ben, carl]).toContain(owner('deals', landed));
      expect(await itemOf(v.no, landed)).toMatchObject({ status: 'moved' });

      await passDays(10);
      expect(owner('deals', landed)).toBe(anna);
      expect((await itemOf(v.no, landed))?.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    'a lent item left waiting on a covering handoff and changed by hand meanwhile reads kept in both handoffs',
    async () => {
      const [anna, ben, carl, dora] = [newUser(), newUser(), newUser(), newUser()];
      const [deal, other] = deals(anna, 2) as [number, number];
      const h1 = await handOff(anna, ben, { mode: 'temporary', returnAt: at(3) });
      const h2 = await handOff(ben, carl, { mode: 'temporary', returnAt: at(6) });
      await passDays(3);
      expect(await itemOf(h1, deal)).toMatchObject({ status: 'moved', onwardHandoffId: expect.any(String) });

      // While Ben is still away, a manager gives the deal to Dora by hand.
      sandbox.portal.setOwner('deals', deal, dora);
      await passDays(3);
      expect(owner('deals', deal)).toBe(dora);
      expect(owner('deals', other)).toBe(anna);
      expect(await itemOf(h2, deal)).toMatchObject({ status: 'kept', currentOwnerId: dora });
      expect(await itemOf(h1, deal)).toMatchObject({ status: 'kept', currentOwnerId: dora });
      expect((await service.items(TENANT, h1, { statuses: ['moved'] })).length).toBe(0);
    },
  );

  it.skipIf(!factory)(
    'a lent item left waiting on a covering handoff and deleted meanwhile reads gone in both',
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      const [deal] = deals(anna, 1) as [number];
      const h1 = await handOff(anna, ben, { mode: 'temporary', returnAt: at(2) });
      const h2 = await handOff(ben, carl, { mode: 'temporary', returnAt: at(4) });
      await passDays(2);
      expect((await itemOf(h1, deal))?.status).toBe('moved');

      sandbox.portal.deleteItem('deals', deal);
      await passDays(2);
      expect((await itemOf(h2, deal))?.status).toBe('gone');
      expect((await itemOf(h1, deal))?.status).toBe('gone');
    },
  );

  it.skipIf(!factory)(
    "undo of the backup's gift after the lender came back: the lender's items stay home, the backup's own come back",
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      const annas = deals(anna, 2);
      const bens = deals(ben, 2);
      const h1 = await handOff(anna, ben, { mode: 'temporary', returnAt: at(3) });
      const h2 = await handOff(ben, carl, { mode: 'permanent' });
      await passDays(3);
      expect(annas.map((d) => owner('deals', d))).toEqual([anna, anna]);
      expect((await service.get(TENANT, h1)).handoff.status).toBe('returned');

      await service.undo(TENANT, h2, ACTOR);
      await runDue();
      expect(annas.map((d) => owner('deals', d))).toEqual([anna, anna]);
      expect(bens.map((d) => owner('deals', d))).toEqual([ben, ben]);
      expect((await service.items(TENANT, h2, { statuses: ['kept', 'moved'] })).length).toBe(0);
    },
  );

  it.skipIf(!factory)(
    "a robot hands a deal to someone on vacation: their vacation's sweep lends it to the backup, and it comes back to them",
    async () => {
      const [rita, sam, someone] = [newUser(), newUser(), newUser()];
      deals(rita, 1);
      const [deal] = deals(someone, 1) as [number];
      const v = await vacation(rita, sam, 0, 5);
      await robots.start({
        tenantId: TENANT,
        document: { kind: 'deals', itemId: deal },
        includeDocument: true,
        relations: [],
        receiver: { type: 'user', userId: toPortalUserId(rita) },
        saveHistory: false,
        robotUserId: toPortalUserId(1),
      });
      await runDue();
      expect(owner('deals', deal)).toBe(rita);
      await passDays(0.5);
      expect(owner('deals', deal)).toBe(sam);
      await passDays(5);
      expect(owner('deals', deal)).toBe(rita);
      expect((await itemOf(v.no, deal))?.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    'the backup plans a vacation over one they cover: at its start the work goes to them and their sweep lends it on; all ends home',
    async () => {
      const [anna, ben, carl] = [newUser(), newUser(), newUser()];
      const annas = deals(anna, 2);
      const annasVacation = await vacation(anna, ben, 5, 10);
      const bensVacation = await vacation(ben, carl, 3, 12);

      await passDays(3);
      await passDays(2);
      await passDays(0.5);
      expect(annas.map((d) => owner('deals', d))).toEqual([carl, carl]);
      await passDays(4.5);
      expect((await service.get(TENANT, annasVacation.no)).handoff.status).toBe('returned');
      expect(annas.map((d) => owner('deals', d))).toEqual([carl, carl]);
      await passDays(2);
      expect(annas.map((d) => owner('deals', d))).toEqual([anna, anna]);
      expect((await service.get(TENANT, bensVacation.no)).handoff.status).toBe('returned');
      expect((await itemOf(annasVacation.no, annas[0] as number))?.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    "undo of a robot's move while its receiver's vacation lends the deal on: it waits, then goes to the deal's owner before the robot",
    async () => {
      const [xena, rita, sam] = [newUser(), newUser(), newUser()];
      const [deal] = deals(xena, 1) as [number];
      deals(rita, 1);
      const { handoff: robot } = await robots.start({
        tenantId: TENANT,
        document: { kind: 'deals', itemId: deal },
        includeDocument: true,
        relations: [],
        receiver: { type: 'user', userId: toPortalUserId(rita) },
        saveHistory: false,
        robotUserId: toPortalUserId(1),
      });
      await runDue();
      const v = await vacation(rita, sam, 0, 4);
      expect(owner('deals', deal)).toBe(sam);

      await service.undo(TENANT, robot.no, ACTOR);
      await runDue();
      expect(owner('deals', deal)).toBe(sam);
      expect(await itemOf(robot.no, deal)).toMatchObject({ status: 'moved', onwardHandoffId: expect.any(String) });
      await passDays(4);
      expect(owner('deals', deal)).toBe(xena);
      expect((await itemOf(robot.no, deal))?.status).toBe('returned');
      expect((await itemOf(v.no, deal))?.status).toBe('returned');
    },
  );

  it.skipIf(!factory)(
    'a robot whose role names a department passes over a member who is away, as department splits do',
    async () => {
      const dept = 900 + Math.floor(Math.random() * 1000);
      sandbox.portal.directory.setDepartment({ id: dept, name: `Intake ${dept}`, sort: dept });
      const [away, here, backup, someone] = [
        sandbox.portal.addUser({ departmentIds: [dept] }).id,
        sandbox.portal.addUser({ departmentIds: [dept] }).id,
        newUser(),
        newUser(),
      ];
      deals(away, 1);
      deals(here, 3);
      await vacation(away, backup, 0, 10);
      await roles.setRole(TENANT, {
        name: `intake-${dept}`,
        holder: { type: 'department', departmentId: dept },
        updatedAt: clock.now(),
        updatedBy: 'test',
      });
      const [deal] = deals(someone, 1) as [number];

      await robots.start({
        tenantId: TENANT,
        document: { kind: 'deals', itemId: deal },
        includeDocument: true,
        relations: [],
        receiver: { type: 'role', name: `intake-${dept}` },
        saveHistory: false,
        robotUserId: toPortalUserId(1),
      });
      await runDue();

      // The member on vacation has no open deals at all (lent to the backup): still, the deal goes to the one here.
      expect(owner('deals', deal)).toBe(here);
    },
  );

  it.skipIf(!factory)('undo of a handoff whose items were lent on by a covering handoff, then both end', async () => {
    const [anna, ben, carl] = [newUser(), newUser(), newUser()];
    const annas = deals(anna, 2);
    const h1 = await handOff(anna, ben, { mode: 'temporary', returnAt: at(10) });
    const h2 = await handOff(ben, carl, { mode: 'temporary', returnAt: at(3) });

    await service.undo(TENANT, h1, ACTOR);
    await runDue();
    // Ben is away: what Anna lent him stays with Carl until his handoff ends, then goes straight to Anna.
    expect(annas.map((d) => owner('deals', d))).toEqual(annas.map(() => carl));
    await passDays(3);
    expect(annas.map((d) => owner('deals', d))).toEqual(annas.map(() => anna));
    expect((await service.get(TENANT, h2)).handoff.status).toBe('returned');
    expect((await itemOf(h1, annas[0] as number))?.status).toBe('returned');
  });
});

describe.each(factories)('two portals running chained handoffs at once (%s store)', (_name, factory) => {
  it.skipIf(!factory)('each tenant’s chains return within its own portal; the same ids never cross', async () => {
    if (!factory) return;
    const clock = new FakeClock(new Date());
    const scheduler = new ManualScheduler(clock);
    const stores = await factory(clock);
    // Two portals seeded alike: the same user ids and the same deal ids mean different people and deals.
    const portals = [await startSandbox({ rate: false }), await startSandbox({ rate: false })] as const;
    try {
      const tenants = [toTenantId('portal-one'), toTenantId('portal-two')] as const;
      const systems = new Map(tenants.map((t, i) => [t, sandboxWorkSystem(portals[i] as RunningSandbox)]));
      const service = createHandoffService({
        store: stores.handoffs,
        workSystems: async (tenantId) => systems.get(tenantId) as ReturnType<typeof sandboxWorkSystem>,
        scheduler,
        notifier: new RecordingNotifier(),
        clock,
        logger: createRecordingLogger(),
      });
      const people = portals.map((p) => [p.portal.addUser({}).id, p.portal.addUser({}).id, p.portal.addUser({}).id]);
      expect(people[0]).toEqual(people[1]);
      const [a, b, c] = people[0] as [number, number, number];
      const work = portals.map((p) => Array.from({ length: 3 }, () => p.portal.addItem('deals', { ownerId: a })));
      expect(work[0]).toEqual(work[1]);
      const day = (n: number) => new Date(clock.now().getTime() + n * DAY);
      const create = (tenantId: TenantId, from: number, to: number, returnAt: Date) =>
        service.create({
          tenantId,
          initiator: { label: 'e2e' },
          fromUserId: toPortalUserId(from),
          to: { type: 'user', userId: toPortalUserId(to) },
          kinds: ['deals'],
          when: { mode: 'temporary', returnAt },
          options: { allItems: false, dryRun: false, forceReturn: false, notify: false, sweep: false },
        });

      // Portal one: A→B for 4 days, then B→C for 8 (A back first). Portal two: the same people, the other order.
      await Promise.all([create(tenants[0], a, b, day(4)), create(tenants[1], a, b, day(8))]);
      await scheduler.runDue(service.jobs, 500);
      // Portal two's B is not away in portal one: each portal's own absences decide.
      await Promise.all([create(tenants[0], b, c, day(8)), create(tenants[1], b, c, day(4))]);
      await scheduler.runDue(service.jobs, 500);
      for (const [i, p] of portals.entries()) {
        expect((work[i] as number[]).map((d) => p.portal.ownerOf('deals', d))).toEqual([c, c, c]);
      }

      clock.advance(4 * DAY);
      await scheduler.runDue(service.jobs, 500);
      // Portal one: A is back but B still away → the deals wait with C. Portal two: B is back → they go to B.
      expect((work[0] as number[]).map((d) => portals[0].portal.ownerOf('deals', d))).toEqual([c, c, c]);
      expect((work[1] as number[]).map((d) => portals[1].portal.ownerOf('deals', d))).toEqual([b, b, b]);

      clock.advance(4 * DAY);
      await scheduler.runDue(service.jobs, 500);
      for (const [i, p] of portals.entries()) {
        expect((work[i] as number[]).map((d) => p.portal.ownerOf('deals', d))).toEqual([a, a, a]);
      }
      for (const tenantId of tenants) {
        const views = await service.list(tenantId);
        expect(views.map((v) => [v.handoff.no, v.handoff.status])).toEqual([
          [2, 'returned'],
          [1, 'returned'],
        ]);
        for (const v of views) {
          const items = await service.items(tenantId, v.handoff.no, { limit: 100 });
          expect(items.map((i) => i.status)).toEqual(items.map(() => 'returned'));
        }
      }
    } finally {
      await Promise.all(portals.map((p) => p.close()));
      await stores.close();
    }
  });
});
