/**
 * The ownership ledger end to end (issue 8, rules in engine/README.md): the real HandoffService and Bitrix24WorkSystem
 * against the sandbox portal over HTTP, with the memory store and a manual scheduler. One test per rule: A→B then
 * B→C with returns in both orders, a permanent B→C, undo in the middle, a hand change in the middle, and the
 * newcomer's two vacations in a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../bitrix24/sandbox/index.js';
import { HandoffError } from '../../engine/errors.js';
import { type PortalUserId, toPortalUserId, toTenantId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { Plan, When } from '../../engine/model.js';
import { createHandoffService } from '../../engine/service.js';
import type { HandoffService } from '../../engine/service-types.js';
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { createRecordingLogger, sandboxWorkSystem } from '../contract/bitrix24-sandbox-world.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { ManualScheduler } from '../fakes/manual-scheduler.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

const TENANT = toTenantId('ledger');
const ACTOR = { label: 'e2e' };
const DAY = 86_400_000;
const HOUR = 3_600_000;

let sandbox: RunningSandbox;
let clock: FakeClock;
let scheduler: ManualScheduler;
let service: HandoffService;
let notifier: RecordingNotifier;
/** Runs before an owner change reaches the portal; returning true removes it. */
let beforeSetOwners: ((changes: readonly { ownerId: PortalUserId }[]) => Promise<boolean>) | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ rate: false });
  clock = new FakeClock(new Date());
  scheduler = new ManualScheduler(clock);
  const real = sandboxWorkSystem(sandbox);
  // Lets a test run something just before one owner change reaches the portal (a race between two returns).
  const workSystem = new Proxy(real, {
    get(target, property) {
      if (property !== 'setOwners') return Reflect.get(target, property, target);
      return async (kind: EntityKind, changes: readonly { itemId: number; ownerId: PortalUserId }[]) => {
        const hook = beforeSetOwners;
        if (hook && (await hook(changes))) beforeSetOwners = undefined;
        return target.setOwners(kind, changes);
      };
    },
  });
  notifier = new RecordingNotifier();
  service = createHandoffService({
    store: new MemoryHandoffStore({ clock }),
    workSystems: async () => workSystem,
    scheduler,
    notifier,
    clock,
    logger: createRecordingLogger(),
  });
});

afterAll(async () => {
  await sandbox.close();
});

const runDue = () => scheduler.runDue(service.jobs, 500);

/** Moves the clock on and runs what became due (returns, sweeps). */
async function passDays(days: number): Promise<void> {
  clock.advance(days * DAY);
  await runDue();
}

function newUser(): number {
  return sandbox.portal.addUser({}).id;
}

/** A person's open work: `deals` deals and `tasks` tasks, by kind. */
function workOf(ownerId: number, deals: number, tasks = 0): { kind: EntityKind; id: number; owner: number }[] {
  return [
    ...Array.from({ length: deals }, () => ({
      kind: 'deals' as const,
      id: sandbox.portal.addItem('deals', { ownerId }),
    })),
    ...Array.from({ length: tasks }, () => ({
      kind: 'tasks' as const,
      id: sandbox.portal.addItem('tasks', { ownerId }),
    })),
  ].map((item) => ({ ...item, owner: ownerId }));
}

function temporary(days: number): When {
  return { mode: 'temporary', returnAt: new Date(clock.now().getTime() + days * DAY) };
}

function plan(from: number, to: number, when: When, sweep = false, notify = false): Plan {
  return {
    tenantId: TENANT,
    initiator: { label: 'e2e' },
    fromUserId: toPortalUserId(from),
    to: { type: 'user', userId: toPortalUserId(to) },
    kinds: ['deals', 'tasks'],
    when,
    options: { allItems: false, dryRun: false, forceReturn: false, notify, sweep },
  };
}

/** Creates a handoff, runs its transfer, and returns its number. */
async function handOff(from: number, to: number, when: When, sweep = false, notify = false): Promise<number> {
  const { view } = await service.create(plan(from, to, when, sweep, notify));
  await runDue();
  return view.handoff.no;
}

/** Every item's current owner that is not the expected one (empty when everything is where it belongs). */
function misplaced(items: readonly { kind: EntityKind; id: number; owner: number }[]): string[] {
  return items
    .filter((i) => sandbox.portal.ownerOf(i.kind, i.id) !== i.owner)
    .map((i) => `${i.kind} ${i.id}: owner ${sandbox.portal.ownerOf(i.kind, i.id)}, expected ${i.owner}`);
}

function ownersOf(items: readonly { kind: EntityKind; id: number }[]): Set<number | undefined> {
  return new Set(items.map((i) => sandbox.portal.ownerOf(i.kind, i.id)));
}

async function statusOf(no: number) {
  return service.get(TENANT, no);
}

describe('the ownership ledger against the sandbox portal', () => {
  it('A→B then B→C: B returns first, then A — every item at its owner, nothing kept', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 12, 3);
    const bWork = workOf(b, 5, 2);
    const h1 = await handOff(a, b, temporary(21));
    const h2 = await handOff(b, c, temporary(7));

    expect(ownersOf([...aWork, ...bWork])).toEqual(new Set([c]));
    const h2Items = await service.items(TENANT, h2, { limit: 1000 });
    const h1Id = (await statusOf(h1)).handoff.id;
    expect(h2Items.filter((i) => i.viaHandoffId === h1Id)).toHaveLength(aWork.length);
    expect(h2Items.filter((i) => i.viaHandoffId === undefined)).toHaveLength(bWork.length);

    await passDays(7);
    expect(ownersOf(aWork)).toEqual(new Set([b]));
    expect(misplaced(bWork)).toEqual([]);
    await passDays(14);

    expect(misplaced([...aWork, ...bWork])).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 22, kept: 0, moved: 0 });
  });

  it('A→B then B→C: A returns first — A’s items stay with C while B is away, then go home to A, not to B', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 10, 4);
    const bWork = workOf(b, 6);
    const h1 = await handOff(a, b, temporary(7), false, true);
    const h2 = await handOff(b, c, temporary(21));

    await passDays(7);

    const h1After = await statusOf(h1);
    const h2Id = (await statusOf(h2)).handoff.id;
    expect(h1After.handoff.status).toBe('returned');
    expect(h1After.counts.byStatus).toMatchObject({ kept: 0, moved: aWork.length });
    expect(ownersOf([...aWork, ...bWork])).toEqual(new Set([c]));
    const waiting = await service.items(TENANT, h1, { limit: 1000 });
    expect(waiting.every((i) => i.onwardHandoffId === h2Id && i.currentOwnerId === c)).toBe(true);
    // Surfaces read the links as H-numbers.
    expect(new Set(waiting.map((i) => i.onwardHandoffNo))).toEqual(new Set([h2]));
    // Status views tell it per kind: how many wait, for which handoff, with whom (engine/waiting.ts).
    expect(h1After.waiting).toEqual([
      { kind: 'deals', onwardHandoffNo: h2, holderId: c, count: 10 },
      { kind: 'tasks', onwardHandoffNo: h2, holderId: c, count: 4 },
    ]);
    const h2Items = await service.items(TENANT, h2, { limit: 1000 });
    expect(h2Items.filter((i) => i.viaHandoffNo === h1)).toHaveLength(aWork.length);
    // The thread summary says where they are and when they come home.
    const told = notifier.itemBatches.filter((b) => b.handoff.no === h1).flatMap((b) => b.items);
    expect(told.filter((i) => i.waitingForNo === h2 && i.currentOwnerId === c)).toHaveLength(aWork.length);
    // A's digest at H-1's return (nothing came back yet) tells what is on its way, with whom, until when.
    const digest = notifier.participantCalls.find((call) => call.handoff.no === h1 && call.phase === 'returned');
    expect(digest?.waiting).toEqual(h1After.waiting);
    const events = await service.events(TENANT, h1);
    expect(events.find((e) => e.type === 'return.waiting')?.data).toMatchObject({
      items: aWork.length,
      handoffs: [{ handoff: `H-${h2}`, items: aWork.length }],
    });

    await passDays(14);

    expect(misplaced([...aWork, ...bWork])).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 20, kept: 0, moved: 0 });
    expect((await statusOf(h1)).waiting).toBeUndefined();
    expect((await service.events(TENANT, h1)).findLast((e) => e.type === 'return.settled')?.data).toEqual({
      by: `H-${h2}`,
      items: aWork.length,
    });
    // Straight home: B never had A's items again (one move to B, one to C, one home).
    for (const item of aWork) expect(sandbox.portal.updateCount(item.kind, item.id)).toBe(3);
  });

  it('a permanent B→C never keeps A’s lent items: A gets them back at H-1’s return, C keeps B’s own', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 9, 2);
    const bWork = workOf(b, 4, 1);
    const h1 = await handOff(a, b, temporary(7));
    const h2 = await handOff(b, c, { mode: 'permanent' });
    expect((await statusOf(h2)).handoff.status).toBe('completed');

    await passDays(7);

    expect(misplaced(aWork)).toEqual([]);
    expect(ownersOf(bWork)).toEqual(new Set([c]));
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
    // H-2's records of A's items say they went home; B's own stay moved (given).
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: aWork.length, moved: bWork.length });
  });

  it('undo of B→C in the middle gives A’s items back to B (still covering for A), and A’s return then takes them home', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 8);
    const bWork = workOf(b, 3);
    const h1 = await handOff(a, b, temporary(7));
    const h2 = await handOff(b, c, { mode: 'permanent' });

    await service.undo(TENANT, h2, ACTOR);
    await runDue();

    expect(ownersOf(aWork)).toEqual(new Set([b]));
    expect(misplaced(bWork)).toEqual([]);
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 11, kept: 0 });

    await passDays(7);
    expect(misplaced([...aWork, ...bWork])).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0 });
  });

  it('undo of A→B in the middle, while B is away: A’s items stay with B’s backup until B is back, then go home to A', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 6);
    const bWork = workOf(b, 2);
    const h1 = await handOff(a, b, { mode: 'permanent' });
    await passDays(1);
    const h2 = await handOff(b, c, temporary(5));
    const h1Id = (await statusOf(h1)).handoff.id;
    // A gift is a link of the chain too: undone, it sends the item back up.
    expect((await service.items(TENANT, h2)).filter((i) => i.viaHandoffId === h1Id)).toHaveLength(aWork.length);

    await service.undo(TENANT, h1, ACTOR);
    await runDue();

    expect(ownersOf(aWork)).toEqual(new Set([c]));
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ moved: aWork.length, kept: 0 });
    await passDays(5);
    expect(misplaced([...aWork, ...bWork])).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 8, kept: 0, moved: 0 });
  });

  it('B→C of items A gave B (not undone) come back to B, who owns them now', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 3);
    await handOff(a, b, { mode: 'permanent' });
    await handOff(b, c, temporary(5));

    await passDays(5);

    expect(ownersOf(aWork)).toEqual(new Set([b]));
  });

  it('a hand change in the middle is still kept, by both handoffs, with the person who has it', async () => {
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    const aWork = workOf(a, 6);
    const [beforeOnward, afterOnward] = aWork;
    if (!beforeOnward || !afterOnward) throw new Error('no items');
    const h1 = await handOff(a, b, temporary(14));
    // Changed by hand while B holds it: B's vacation does not take it along.
    sandbox.portal.setOwner('deals', beforeOnward.id, d);
    const h2 = await handOff(b, c, temporary(7));
    // Changed by hand while C holds it for B.
    sandbox.portal.setOwner('deals', afterOnward.id, d);

    await passDays(7);
    await passDays(7);

    expect(sandbox.portal.ownerOf('deals', beforeOnward.id)).toBe(d);
    expect(sandbox.portal.ownerOf('deals', afterOnward.id)).toBe(d);
    expect(misplaced(aWork.slice(2))).toEqual([]);
    const h1Kept = await service.items(TENANT, h1, { statuses: ['kept'] });
    expect(h1Kept.map((i) => [i.itemId, i.currentOwnerId])).toEqual([
      [beforeOnward.id, d],
      [afterOnward.id, d],
    ]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: 4, kept: 2, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 4, kept: 1, moved: 0 });
  });

  it('a hand change in the middle, with A back first, is kept too', async () => {
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    const aWork = workOf(a, 4);
    const [changed] = aWork;
    if (!changed) throw new Error('no items');
    const h1 = await handOff(a, b, temporary(7));
    const h2 = await handOff(b, c, temporary(14));
    sandbox.portal.setOwner('deals', changed.id, d);

    await passDays(7);
    await passDays(7);

    expect(sandbox.portal.ownerOf('deals', changed.id)).toBe(d);
    expect(misplaced(aWork.slice(1))).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: 3, kept: 1, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 3, kept: 1, moved: 0 });
  });

  it('two returns of one chain at the same moment: the later one re-reads the lender after its send and sends home', async () => {
    const [a, b, c] = [newUser(), newUser(), newUser()];
    const aWork = workOf(a, 5);
    const h1 = await handOff(a, b, temporary(21));
    const h2 = await handOff(b, c, temporary(7));
    const h1Ref = { tenantId: TENANT, handoffId: (await statusOf(h1)).handoff.id };
    // H-2's return has decided to give A's items to B (H-1 still covered A then); before its send lands, A comes back
    // and H-1's return runs through: it finds them with C (H-2 no longer covering) and takes them home.
    beforeSetOwners = async (changes) => {
      if (!changes.every((ch) => ch.ownerId === b)) return false;
      await service.returnNow(TENANT, h1, ACTOR);
      await service.jobs.return(h1Ref);
      return true;
    };

    await passDays(7);

    expect(beforeSetOwners).toBeUndefined();
    expect(misplaced(aWork)).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: aWork.length, kept: 0, moved: 0 });
  });

  it('a chain of three (A→B→C→D) comes home in any order', async () => {
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    const aWork = workOf(a, 5);
    const bWork = workOf(b, 2);
    const cWork = workOf(c, 2);
    await handOff(a, b, temporary(10));
    await handOff(b, c, temporary(20));
    await handOff(c, d, temporary(5));
    expect(ownersOf([...aWork, ...bWork, ...cWork])).toEqual(new Set([d]));

    await passDays(5); // C back: A's and B's items to C (still covering for B, who covers for A)
    expect(ownersOf([...aWork, ...bWork, ...cWork])).toEqual(new Set([c]));
    await passDays(5); // A back: A's items stay with C while B is away
    expect(ownersOf(aWork)).toEqual(new Set([c]));
    await passDays(10); // B back: A's items straight home

    expect(misplaced([...aWork, ...bWork, ...cWork])).toEqual([]);
  });
});

describe('the newcomer’s two vacations in a row (issue 8)', () => {
  /** Hiro (8 in the report) goes on vacation with Ines (9) as backup; Ines then goes too, with Dan (4) as backup. */
  function people() {
    const [hiro, ines, dan] = [newUser(), newUser(), newUser()];
    return { hiro, ines, dan, hiroWork: workOf(hiro, 150, 30), inesWork: workOf(ines, 20, 5), danWork: workOf(dan, 3) };
  }

  it('Ines back first, then Hiro: every item ends with its owner', async () => {
    const { hiro, ines, dan, hiroWork, inesWork, danWork } = people();
    const h1 = await handOff(hiro, ines, temporary(21), true);
    await passDays(1);
    const h2 = await handOff(ines, dan, temporary(7), true);
    expect(ownersOf([...hiroWork, ...inesWork])).toEqual(new Set([dan]));

    await passDays(7);
    await passDays(14);

    expect(misplaced([...hiroWork, ...inesWork, ...danWork])).toEqual([]);
    for (const no of [h1, h2]) {
      const view = await statusOf(no);
      expect(view.handoff.status).toBe('returned');
      expect(view.counts.byStatus.kept).toBe(0);
      expect(view.counts.byStatus.moved).toBe(0);
    }
  });

  it('Hiro back first (returned early), then Ines: every item ends with its owner', async () => {
    const { hiro, ines, dan, hiroWork, inesWork, danWork } = people();
    const h1 = await handOff(hiro, ines, temporary(21), true);
    await passDays(1);
    const h2 = await handOff(ines, dan, temporary(7), true);

    clock.advance(2 * DAY);
    await service.returnNow(TENANT, h1, ACTOR);
    await runDue();
    expect(ownersOf(hiroWork)).toEqual(new Set([dan]));
    await passDays(5);
    clock.advance(HOUR);
    await runDue();

    expect(misplaced([...hiroWork, ...inesWork, ...danWork])).toEqual([]);
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: 180, kept: 0, moved: 0 });
    expect((await statusOf(h2)).counts.byStatus).toMatchObject({ returned: 205, kept: 0, moved: 0 });
  });

  it('a permanent handoff of the backup: Hiro’s items come home at his return, Ines’s stay with Dan', async () => {
    const { hiro, ines, dan, hiroWork, inesWork } = people();
    const h1 = await handOff(hiro, ines, temporary(21), true);
    await passDays(1);
    await handOff(ines, dan, { mode: 'permanent' });

    await passDays(20);

    expect(misplaced(hiroWork)).toEqual([]);
    expect(ownersOf(inesWork)).toEqual(new Set([dan]));
    expect((await statusOf(h1)).counts.byStatus).toMatchObject({ returned: 180, kept: 0, moved: 0 });
  });
});

describe('handing work to someone who is away', () => {
  async function refusalOf(promise: Promise<unknown>): Promise<HandoffError> {
    const error = await promise.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HandoffError);
    return error as HandoffError;
  }

  it('is refused naming the absence, the return and the backup, in preview and create; the backup is accepted', async () => {
    const [anna, ben, carol] = [newUser(), newUser(), newUser()];
    workOf(anna, 2);
    workOf(ben, 2);
    const away = await handOff(ben, carol, temporary(10));
    const benReturn = (await statusOf(away)).handoff.plan.when;

    const previewRefusal = await refusalOf(service.preview(plan(anna, ben, { mode: 'permanent' })));
    const createRefusal = await refusalOf(service.create(plan(anna, ben, temporary(3))));

    for (const error of [previewRefusal, createRefusal]) {
      expect(error.code).toBe('receiver_away');
      expect(error.details).toMatchObject({
        field: 'to',
        userId: ben,
        handoffNo: away,
        backup: {
          userId: carol,
          name: expect.stringContaining(sandbox.portal.users.find((u) => u.id === carol)?.name ?? '?'),
        },
        until: benReturn.mode === 'temporary' ? benReturn.returnAt.toISOString() : '',
      });
    }
    const toBackup = await service.create(plan(anna, carol, temporary(3)));
    expect(toBackup.created).toBe(true);
    await runDue();
  });

  it('follows the backup while the backup is away too, and allows a handoff that starts after the return', async () => {
    const [anna, ben, carol, dan] = [newUser(), newUser(), newUser(), newUser()];
    workOf(anna, 1);
    workOf(ben, 1);
    workOf(carol, 1);
    await handOff(ben, carol, temporary(10));
    await handOff(carol, dan, temporary(5));

    const error = await refusalOf(service.preview(plan(anna, ben, { mode: 'permanent' })));
    const later: When = { mode: 'permanent', startAt: new Date(clock.now().getTime() + 11 * DAY) };
    const afterReturn = await service.create(plan(anna, ben, later));

    expect(error.details.backup?.userId).toBe(dan);
    expect(afterReturn.created).toBe(true);
    await service.cancel(TENANT, afterReturn.view.handoff.no, ACTOR);
  });

  it('is refused for a later start that falls in an absence booked ahead, and allowed before it begins', async () => {
    const [anna, ben, carol] = [newUser(), newUser(), newUser()];
    workOf(anna, 1);
    workOf(ben, 1);
    const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY);
    const { view } = await service.create(
      plan(ben, carol, { mode: 'temporary', startAt: inDays(10), returnAt: inDays(20) }),
    );
    const vacation = view.handoff.no;

    const during = await refusalOf(service.preview(plan(anna, ben, { mode: 'permanent', startAt: inDays(12) })));
    const before = await service.create(
      plan(anna, ben, { mode: 'temporary', startAt: inDays(2), returnAt: inDays(5) }),
    );
    const after = await service.create(plan(anna, ben, { mode: 'permanent', startAt: inDays(21) }));

    expect(during.code).toBe('receiver_away');
    expect(during.details).toMatchObject({ userId: ben, handoffNo: vacation, backup: { userId: carol } });
    expect([before.created, after.created]).toEqual([true, true]);
    for (const no of [vacation, before.view.handoff.no, after.view.handoff.no]) await service.cancel(TENANT, no, ACTOR);
  });

  it('names the per-kind field at fault', async () => {
    const [anna, ben, carol, dan] = [newUser(), newUser(), newUser(), newUser()];
    workOf(anna, 1);
    workOf(ben, 1);
    await handOff(ben, carol, temporary(10));

    const error = await refusalOf(
      service.preview({
        ...plan(anna, dan, { mode: 'permanent' }),
        targets: { tasks: { type: 'user', userId: toPortalUserId(ben) } },
      }),
    );

    expect(error.details.field).toBe('targets.tasks');
  });
});

describe('several scheduled handoffs of one person', () => {
  it('allows vacations that do not overlap and refuses an overlapping one naming the H-n in the way', async () => {
    const [hiro, ines] = [newUser(), newUser()];
    workOf(hiro, 3);
    const at = (days: number) => new Date(clock.now().getTime() + days * DAY);
    const spring = await service.create(plan(hiro, ines, { mode: 'temporary', startAt: at(30), returnAt: at(44) }));
    const summer = await service.create(plan(hiro, ines, { mode: 'temporary', startAt: at(120), returnAt: at(134) }));

    const overlap = await service
      .create(plan(hiro, ines, { mode: 'temporary', startAt: at(40), returnAt: at(50) }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect([spring.created, summer.created]).toEqual([true, true]);
    expect(overlap).toBeInstanceOf(HandoffError);
    expect((overlap as HandoffError).code).toBe('already_running');
    expect((overlap as HandoffError).details.handoffNo).toBe(spring.view.handoff.no);

    // Both run in turn: spring moves and comes back, then summer does.
    await passDays(30);
    expect((await statusOf(spring.view.handoff.no)).handoff.status).toBe('return_scheduled');
    await passDays(14);
    expect((await statusOf(spring.view.handoff.no)).handoff.status).toBe('returned');
    await passDays(76);
    expect((await statusOf(summer.view.handoff.no)).handoff.status).toBe('return_scheduled');
    await passDays(14);
    expect((await statusOf(summer.view.handoff.no)).counts.byStatus).toMatchObject({ returned: 3, kept: 0 });
  });
});

describe('back-to-back vacations of one person', () => {
  it('the second starts only once the first has come back, a sweep interval later at most', async () => {
    const [hiro, ines, dan] = [newUser(), newUser(), newUser()];
    const hiroWork = workOf(hiro, 4);
    const at = (days: number) => new Date(clock.now().getTime() + days * DAY);
    const first = await service.create(plan(hiro, ines, { mode: 'temporary', startAt: at(10), returnAt: at(20) }));
    const second = await service.create(plan(hiro, dan, { mode: 'temporary', startAt: at(20), returnAt: at(30) }));

    await passDays(10);
    expect(ownersOf(hiroWork)).toEqual(new Set([ines]));
    await passDays(10);
    const waited = await statusOf(second.view.handoff.no);
    clock.advance(16 * 60_000);
    await runDue();

    expect((await statusOf(first.view.handoff.no)).handoff.status).toBe('returned');
    expect(waited.handoff.status).toBe('scheduled');
    expect(waited.handoff.error).toBe(`start waits: H-${first.view.handoff.no} still holds the same person`);
    expect((await statusOf(second.view.handoff.no)).handoff.status).toBe('return_scheduled');
    expect(ownersOf(hiroWork)).toEqual(new Set([dan]));
    await passDays(10);
    expect(misplaced(hiroWork)).toEqual([]);
  });
});
