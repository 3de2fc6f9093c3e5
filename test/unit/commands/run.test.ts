import { describe, expect, it, vi } from 'vitest';
import { parseConfirmToken, toConfirmToken } from '../../../commands/confirm.js';
import { SLACK_MENTIONS } from '../../../commands/mentions.js';
import type { PersonRef } from '../../../commands/person-ref.js';
import { fail, ok, problem } from '../../../commands/problems.js';
import type { Reply, ReplyActionId } from '../../../commands/reply.js';
import { type RunContext, type RunDeps, runAction, runCommand, runText } from '../../../commands/run.js';
import { HandoffError, PortalError, StoreError } from '../../../engine/errors.js';
import { type PortalUserId, toPortalUserId, toTenantId } from '../../../engine/ids.js';
import type { HandoffStatus, Plan } from '../../../engine/model.js';
import type { Logger } from '../../../engine/ports.js';
import { FakeHandoffService } from './fake-handoff-service.js';

const NOW = new Date('2026-10-23T12:00:00Z'); // Fri 15:00 in Kyiv
const TENANT = toTenantId('t1');
const SECRET = 'test-secret-0123456789';
const PEOPLE: Record<string, { id: number; name: string }> = {
  U0ANNA: { id: 12, name: 'Anna Petrenko' },
  U0BOB: { id: 34, name: 'Bob Stone' },
  W0CAROL: { id: 56, name: 'Carol Diaz' },
  U0MARIA: { id: 7, name: 'Maria Admin' },
  U0DAN: { id: 8, name: 'Dan Sales' },
};
const grammar = { mentions: [SLACK_MENTIONS] };

function setup(speaker = 'U0MARIA', now = NOW) {
  const service = new FakeHandoffService(() => now);
  const logger: Logger = {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
    child: () => logger,
  };
  const mayHandOff = vi.fn(async (who: { portalUserId?: PortalUserId }, from: PortalUserId) => {
    return who.portalUserId === 7 || who.portalUserId === from;
  });
  const deps: RunDeps = {
    service,
    confirmSecret: SECRET,
    logger,
    mayHandOff,
    async resolvePerson(ref: PersonRef) {
      if (ref.kind === 'portal') return ok(ref.id);
      if (ref.kind === 'email') return fail(problem('person_not_found'));
      const person = PEOPLE[ref.id];
      return person ? ok(toPortalUserId(person.id)) : fail(problem('person_not_linked'));
    },
    async findDepartments(name: string) {
      const all = [
        { id: 4, name: 'Sales' },
        { id: 5, name: 'Sales Ops' },
        { id: 6, name: 'Support' },
        { id: 9, name: 'Field Support' },
      ];
      return all.filter((d) => d.name.toLowerCase().includes(name.toLowerCase()));
    },
    async describePerson(id: PortalUserId) {
      const person = Object.values(PEOPLE).find((p) => p.id === id);
      return { name: person?.name ?? `user #${id}`, portalUserId: id };
    },
  };
  const me = PEOPLE[speaker];
  const ctx: RunContext = {
    tenantId: TENANT,
    speaker: { label: `slack:${speaker}`, ...(me ? { portalUserId: toPortalUserId(me.id) } : {}) },
    timeZone: 'Europe/Kyiv',
    now,
    origin: { surface: 'slack', ref: { channel: 'C1' } },
  };
  return { service, deps, ctx, logger, mayHandOff };
}

function expectType<T extends Reply['type']>(reply: Reply, type: T): Extract<Reply, { type: T }> {
  expect(reply.type, JSON.stringify(reply)).toBe(type);
  return reply as Extract<Reply, { type: T }>;
}

function actionValue(reply: Reply, id: ReplyActionId): string {
  const actions = 'actions' in reply ? (reply.actions ?? []) : [];
  const found = actions.find((a) => a.id === id);
  if (!found) throw new Error(`no ${id} action in ${JSON.stringify(reply)}`);
  return found.value;
}

function planOf(service: FakeHandoffService, method: string, index = 0): Plan {
  const args = service.callsOf(method).at(index);
  if (!args) throw new Error(`no ${method} call #${index}`);
  return args[0] as Plan;
}

function basePlan(): Plan {
  return {
    tenantId: TENANT,
    initiator: { label: 'slack:U0MARIA', portalUserId: toPortalUserId(7) },
    fromUserId: toPortalUserId(12),
    to: { type: 'user', userId: toPortalUserId(34) },
    when: { mode: 'permanent' },
    options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false },
  };
}

describe('run: a handoff command previews and changes nothing', () => {
  it('answers with counts per kind and receiver, the return echoed in Kyiv, and Start/Dismiss', async () => {
    const { service, deps, ctx } = setup();

    const reply = await runText('<@U0ANNA|anna> to <@U0BOB> until Nov 2 tasks to <@W0CAROL>', grammar, ctx, deps);

    const preview = expectType(reply, 'preview');
    expect(preview.summary).toBe(
      "Move Anna Petrenko's open items and tasks to Bob Stone until Mon 2 Nov 2026, 09:00 (Europe/Kyiv).",
    );
    expect(preview.returnAt).toEqual({
      iso: '2026-11-02T07:00:00.000Z',
      text: 'Mon 2 Nov 2026, 09:00 (Europe/Kyiv)',
      timeZone: 'Europe/Kyiv',
    });
    expect(preview.kinds.find((k) => k.kind === 'deals')).toEqual({ kind: 'deals', label: 'Deals', count: 12 });
    expect(preview.receivers.map((r) => [r.person.name, r.total])).toEqual([
      ['Carol Diaz', 30],
      ['Bob Stone', 19],
    ]);
    expect(preview.total).toBe(49);
    expect(preview.actions.map((a) => a.id)).toEqual(['start', 'dismiss']);
    expect(actionValue(preview, 'start').length).toBeLessThanOrEqual(2000);
    expect(service.callsOf('create')).toEqual([]);
  });

  it('starts the same plan on Start, once, however often Start is pressed', async () => {
    const { service, deps, ctx } = setup();
    const preview = await runText('<@U0ANNA> to <@U0BOB> until Nov 2 only deals,crm quiet', grammar, ctx, deps);
    const token = actionValue(preview, 'start');
    const [previewed] = service.callsOf('preview');

    const first = await runAction({ id: 'start', value: token }, ctx, deps);
    const second = await runAction({ id: 'start', value: token }, ctx, deps);

    expect(expectType(first, 'status').notice).toBe('H-1 has started.');
    expect(expectType(second, 'status').notice).toBe('H-1 was already started from this preview.');
    const creates = service.callsOf('create');
    expect(creates).toHaveLength(2);
    expect(creates[0]?.[0]).toEqual(previewed?.[0]);
    expect(creates[0]?.[1]).toEqual(creates[1]?.[1]);
    expect(service.handoffs.size).toBe(1);
  });

  it('carries kinds, per-kind targets, dates and options through the token', async () => {
    const { service, deps, ctx } = setup();
    const text =
      'vacation <@U0ANNA> backup <@U0BOB> from Oct 26 until Nov 2 5pm except tasks deals to head dry-run force-return all-items';

    const reply = await runText(text, grammar, ctx, deps);
    await runAction({ id: 'start', value: actionValue(reply, 'start') }, ctx, deps);

    const plan = planOf(service, 'create');
    expect(plan.kinds).toEqual([
      'activities',
      'leads',
      'deals',
      'contacts',
      'companies',
      'quotes',
      'invoices',
      'spa:130',
    ]);
    expect(plan.targets).toEqual({ deals: { type: 'head' } });
    expect(plan.when).toEqual({
      mode: 'temporary',
      startAt: new Date('2026-10-26T07:00:00Z'),
      returnAt: new Date('2026-11-02T15:00:00Z'),
    });
    expect(plan.options).toEqual({ allItems: true, dryRun: true, forceReturn: true, notify: true, sweep: true });
    expect(plan.origin).toEqual({ surface: 'slack', ref: { channel: 'C1' } });
    expect(expectType(reply, 'preview').notes).toContain('Nothing moves before Mon 26 Oct 2026, 09:00 (Europe/Kyiv).');
  });

  it('offers no Start for `preview …` or an empty selection', async () => {
    const { deps, ctx } = setup();

    const previewOnly = await runText('preview <@U0ANNA> to <@U0BOB>', grammar, ctx, deps);
    const empty = await runText('<@U0ANNA> to <@U0BOB> only contacts', grammar, ctx, deps);

    expect(expectType(previewOnly, 'preview').actions.map((a) => a.id)).toEqual(['dismiss']);
    expect(expectType(empty, 'preview').actions.map((a) => a.id)).toEqual(['dismiss']);
    expect(expectType(empty, 'preview').notes[0]).toMatch(/^Nothing to move/);
  });

  it('asks which head when the from-user has several, then previews with that head', async () => {
    const { service, deps, ctx } = setup();
    service.heads = [
      { departmentId: 4, departmentName: 'Sales', userId: 56, name: 'Carol Diaz' },
      { departmentId: 6, departmentName: 'Support', userId: 34, name: 'Bob Stone' },
    ];

    const choose = expectType(await runText('<@U0ANNA> to head', grammar, ctx, deps), 'choose_head');
    const support = choose.heads[1];
    const reply = await runAction({ id: 'choose_head', value: support?.action.value ?? '' }, ctx, deps);

    expect(choose.text).toBe('Anna Petrenko has several heads. Whose should get the work?');
    expect(choose.heads.map((h) => h.action.label)).toEqual(['Carol Diaz (Sales)', 'Bob Stone (Support)']);
    expect(expectType(reply, 'preview').to).toEqual({ type: 'head', person: { name: 'Bob Stone', portalUserId: 34 } });
    expect(planOf(service, 'preview', -1).to).toEqual({ type: 'head', departmentId: 6 });
  });

  it('refuses a receiver who is away, naming their backup and the return, with a button to hand to the backup', async () => {
    const { service, deps, ctx } = setup();
    service.failNext.set(
      'preview',
      new HandoffError('receiver_away', 'away', {
        field: 'to',
        userId: 34,
        handoffNo: 5,
        until: '2026-11-02T07:00:00.000Z',
        backup: { userId: 56, name: 'Carol Diaz' },
      }),
    );

    const refused = expectType(await runText('<@U0ANNA> to <@U0BOB> until Nov 9', grammar, ctx, deps), 'error');
    const reply = await runAction({ id: 'hand_to_backup', value: actionValue(refused, 'hand_to_backup') }, ctx, deps);

    expect(refused.code).toBe('receiver_away');
    expect(refused.text).toBe(
      "Bob Stone is away until Mon 2 Nov 2026, 09:00 (Europe/Kyiv) (H-5), so they can't receive work now. Carol Diaz covers for them: hand the work to Carol Diaz instead.",
    );
    expect(refused.actions?.map((a) => [a.id, a.label])).toEqual([
      ['hand_to_backup', 'Hand to Carol Diaz instead'],
      ['dismiss', 'Dismiss'],
    ]);
    expect(expectType(reply, 'preview').to).toEqual({ type: 'user', person: { name: 'Carol Diaz', portalUserId: 56 } });
    expect(planOf(service, 'preview', -1)).toMatchObject({
      fromUserId: 12,
      to: { type: 'user', userId: 56 },
      when: { mode: 'temporary' },
    });
  });

  it.each([
    ['<@U0ANNA> to dept sales', { type: 'department', departmentId: 4 }],
    ['<@U0ANNA> to dept 9', { type: 'department', departmentId: 9 }],
  ])('resolves %j', async (text, target) => {
    const { service, deps, ctx } = setup();

    await runText(text, grammar, ctx, deps);

    expect(planOf(service, 'preview').to).toEqual(target);
  });
});

describe('run: refusals name the problem and start nothing', () => {
  it.each([
    ['<@U0ANNA> to <@U0GHOST>', 'person_not_linked', "I don't know who <@U0GHOST> is in Bitrix24"],
    ['<@U0ANNA> to ghost@acme.com', 'person_not_found', "I couldn't find ghost@acme.com"],
    ['<@U0ANNA> to <@U0ANNA|anna2>', 'same_person_ref', 'same person on both sides'],
    ['<@U0ANNA> to user@x.io tasks to <@U0ANNA>', 'same_person_ref', 'same person'],
    ['<@U0ANNA> to <@U0BOB> until yesterday', 'date_past', 'Thu 22 Oct 2026, 09:00 (Europe/Kyiv)'],
    ['<@U0ANNA> to <@U0BOB> until next year sometime', 'date_leftover', 'sometime'],
    ['<@U0ANNA> to <@U0BOB> starting Nov 3 until Nov 2', 'return_before_start', 'after the start date'],
    ['<@U0ANNA> to <@U0BOB> only spa:140', 'unknown_kind', 'no “spa:140” items'],
    ['<@U0ANNA> to dept sal', 'ambiguous_department', 'Sales, Sales Ops'],
    ['<@U0ANNA> to dept Marketing', 'department_not_found', '“Marketing”'],
    ['<@U0ANNA> to <@U0BOB> only deals except tasks', 'conflicting_options', '“except”'],
    ['cancel H-x', 'bad_handoff_no', "“H-x” isn't a handoff number"],
  ])('%j → %s', async (text, code, fragment) => {
    const { service, deps, ctx } = setup();

    const reply = expectType(await runText(text, grammar, ctx, deps), 'error');

    expect(reply.code).toBe(code);
    expect(reply.text).toContain(fragment);
    expect(service.callsOf('create')).toEqual([]);
  });

  it('says who may hand off when the speaker may not', async () => {
    const { service, deps, ctx, mayHandOff } = setup('U0DAN');

    const reply = expectType(await runText('<@U0ANNA> to <@U0BOB>', grammar, ctx, deps), 'error');

    expect(reply.code).toBe('not_allowed');
    expect(reply.text).toBe(
      "You can't hand off Anna Petrenko's work. A portal administrator, Anna Petrenko's head or Anna Petrenko can.",
    );
    expect(mayHandOff).toHaveBeenCalledWith(ctx.speaker, 12);
    expect(service.callsOf('preview')).toEqual([]);
  });

  it('maps engine errors to their sentence, with the person named', async () => {
    const { service, deps, ctx } = setup();
    service.failNext.set('preview', new HandoffError('inactive_user', 'inactive', { userId: 34, field: 'to' }));

    const reply = expectType(await runText('<@U0ANNA> to <@U0BOB>', grammar, ctx, deps), 'error');

    expect(reply).toEqual({
      type: 'error',
      code: 'inactive_user',
      text: "Bob Stone is deactivated in Bitrix24, so they can't receive work. Pick an active colleague.",
    });
  });

  it('reports a portal failure without its details, and logs unexpected errors without showing them', async () => {
    const { service, deps, ctx, logger } = setup();
    const secretUrl = 'https://acme.bitrix24.com/rest/1/abc123/';
    service.failNext.set('preview', new PortalError(`fetch ${secretUrl} failed`, 'network', true));

    const portal = expectType(await runText('<@U0ANNA> to <@U0BOB>', grammar, ctx, deps), 'error');
    service.failNext.set('list', new TypeError(`boom at ${secretUrl}`));
    const bug = expectType(await runText('history', grammar, ctx, deps), 'error');

    expect(portal.code).toBe('portal_error');
    expect(bug.code).toBe('internal_error');
    expect(JSON.stringify([portal, bug])).not.toMatch(/abc123|boom|TypeError|at /);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('says the database cannot be written (full disk) instead of a generic failure', async () => {
    const { service, deps, ctx } = setup();
    service.failNext.set('list', new StoreError('The database is full.', 'storage_full'));

    const reply = expectType(await runText('history', grammar, ctx, deps), 'error');

    expect(reply.code).toBe('storage_unavailable');
    expect(reply.text).toMatch(/database can't be written right now .*nothing was changed/);
  });
});

describe('run: confirm tokens are checked again at Start', () => {
  async function tokenFor(ctx: RunContext, deps: RunDeps): Promise<string> {
    return actionValue(await runText('<@U0ANNA> to <@U0BOB> until Nov 2', grammar, ctx, deps), 'start');
  }

  it.each([
    ['tampered', (t: string) => `${t.slice(0, 10)}x${t.slice(11)}`, 'confirm_invalid'],
    ['truncated', (t: string) => t.slice(0, -3), 'confirm_invalid'],
    ['garbage', () => 'not-a-token', 'confirm_invalid'],
  ])('%s token → %s', async (_name, mangle, code) => {
    const { service, deps, ctx } = setup();
    const token = await tokenFor(ctx, deps);

    const reply = expectType(await runAction({ id: 'start', value: mangle(token) }, ctx, deps), 'error');

    expect(reply.code).toBe(code);
    expect(service.callsOf('create')).toEqual([]);
  });

  it('refuses a token from more than an hour ago', async () => {
    const { deps, ctx } = setup();
    const token = await tokenFor(ctx, deps);
    const later = { ...ctx, now: new Date(NOW.getTime() + 61 * 60 * 1000) };

    expect(expectType(await runAction({ id: 'start', value: token }, later, deps), 'error').code).toBe(
      'confirm_expired',
    );
  });

  it('lets only the person who previewed press Start', async () => {
    const { deps, ctx } = setup();
    const token = await tokenFor(ctx, deps);
    const other = setup('U0DAN').ctx;

    expect(expectType(await runAction({ id: 'start', value: token }, other, deps), 'error').code).toBe(
      'confirm_not_yours',
    );
  });

  it('refuses a return instant that passed while the preview waited', async () => {
    const { deps, ctx } = setup();
    const plan: Plan = { ...basePlan(), when: { mode: 'temporary', returnAt: new Date(NOW.getTime() + 60_000) } };
    const token = toConfirmToken(plan, NOW, SECRET);
    const later = { ...ctx, now: new Date(NOW.getTime() + 120_000) };

    const reply = expectType(await runAction({ id: 'start', value: token }, later, deps), 'error');

    expect(reply.code).toBe('in_the_past');
    expect(reply.text).toContain('Fri 23 Oct 2026, 15:01 (Europe/Kyiv) is in the past');
  });

  it('round-trips a large plan within a Slack button value', () => {
    const kinds = Array.from({ length: 40 }, (_, i) => `spa:${1000 + i}` as const);
    const plan: Plan = {
      ...basePlan(),
      kinds,
      targets: Object.fromEntries(kinds.map((k) => [k, { type: 'department', departmentId: 123456 }])),
      when: { mode: 'temporary', startAt: new Date('2026-11-01T07:00:00Z'), returnAt: new Date('2026-12-01T07:00Z') },
    };

    const token = toConfirmToken(plan, NOW, SECRET);
    const back = parseConfirmToken(token, { now: NOW, secret: SECRET, ttlMs: 3_600_000 });

    expect(token.length).toBeLessThanOrEqual(2000);
    expect(back).toEqual({ ok: true, value: plan });
  });
});

describe('run: follow-up commands', () => {
  it.each<[HandoffStatus, 'permanent' | 'temporary', Record<string, number>, ReplyActionId[]]>([
    ['scheduled', 'permanent', { pending: 5 }, ['cancel']],
    ['running', 'temporary', { pending: 5, moved: 3 }, ['cancel']],
    ['completed', 'permanent', { moved: 8 }, ['undo']],
    ['completed_with_errors', 'permanent', { moved: 8, failed: 2 }, ['retry', 'undo']],
    ['failed', 'permanent', { failed: 2 }, ['retry']],
    ['cancelled', 'permanent', { moved: 3, pending: 4 }, ['undo']],
    ['return_scheduled', 'temporary', { moved: 8 }, ['return_now']],
    ['return_scheduled', 'temporary', { moved: 8, failed: 1 }, ['retry', 'return_now']],
    ['returning', 'temporary', { returned: 3, moved: 5 }, []],
    ['returned', 'temporary', { returned: 8 }, []],
  ])('status of a %s %s handoff %j offers %j', async (status, mode, counts, actions) => {
    const { service, deps, ctx } = setup();
    const when = mode === 'temporary' ? { mode, returnAt: new Date('2026-11-02T07:00:00Z') } : { mode };
    service.put(3, { ...basePlan(), when } as Plan, status, counts);

    const reply = expectType(await runText('status H-3', grammar, ctx, deps), 'status');

    expect(reply.actions.map((a) => a.id)).toEqual(actions);
    expect(reply.actions.every((a) => a.id !== 'cancel' || a.value === 'H-3')).toBe(true);
  });

  it('reads a handoff started now that its job has not picked up yet as starting, a later one as scheduled', async () => {
    const { service, deps, ctx } = setup();
    service.put(3, basePlan(), 'scheduled', { pending: 4 });
    service.put(
      4,
      { ...basePlan(), when: { mode: 'permanent', startAt: new Date(NOW.getTime() + 86_400_000) } },
      'scheduled',
      {},
    );

    const now = expectType(await runText('status H-3', grammar, ctx, deps), 'status');
    const later = expectType(await runText('status H-4', grammar, ctx, deps), 'status');

    expect([now.handoff.statusText, later.handoff.statusText]).toEqual(['starting', 'scheduled']);
  });

  it('shows the counts, the failed items and the return time of a handoff', async () => {
    const { service, deps, ctx } = setup();
    const plan: Plan = { ...basePlan(), when: { mode: 'temporary', returnAt: new Date('2026-11-02T07:00:00Z') } };
    const failed = {
      tenantId: TENANT,
      handoffId: 'h-3',
      kind: 'deals',
      itemId: 77,
      title: 'Big deal',
      originalOwnerId: 12,
      newOwnerId: 34,
      status: 'failed',
      error: 'ACCESS_DENIED',
      updatedAt: NOW,
    } as never;
    service.put(3, plan, 'return_scheduled', { moved: 8, failed: 1 }, [failed]);

    const reply = expectType(await runText('status h-3', grammar, ctx, deps), 'status');

    expect(reply.handoff).toMatchObject({
      ref: 'H-3',
      statusText: 'returns Mon 2 Nov 2026, 09:00 (Europe/Kyiv)',
      toText: 'Bob Stone',
      total: 9,
      done: 9,
    });
    expect(reply.counts.failed).toBe(1);
    expect(reply.failures).toEqual([{ kind: 'deals', itemId: 77, title: 'Big deal', error: 'ACCESS_DENIED' }]);
  });

  it('runs cancel, retry, return and undo through the service with the speaker as actor', async () => {
    const { service, deps, ctx } = setup();
    for (const no of [1, 2, 3, 4]) service.put(no, basePlan(), 'completed_with_errors', { moved: 2, failed: 1 });

    const replies = [
      await runText('cancel H-1', grammar, ctx, deps),
      await runText('retry H-2', grammar, ctx, deps),
      await runAction({ id: 'return_now', value: 'H-3' }, ctx, deps),
      await runText('undo H-4 force', grammar, ctx, deps),
    ];

    expect(replies.map((r) => expectType(r, 'status').notice)).toEqual([
      'H-1 will stop after its current batch. What already moved stays moved.',
      'Retrying the failed items of H-2.',
      'H-3 is returning everything now.',
      'Undoing H-4: items go back to their original owners.',
    ]);
    const actor = { label: 'slack:U0MARIA', portalUserId: 7 };
    expect(service.callsOf('cancel')).toEqual([[1, actor]]);
    expect(service.callsOf('returnNow')).toEqual([[3, actor, { force: false }]]);
    expect(service.callsOf('undo')).toEqual([[4, actor, { force: true }]]);
  });

  it('refuses follow-ups on handoffs of people the speaker may not hand off', async () => {
    const { service, deps, ctx } = setup('U0DAN');
    service.put(1, basePlan(), 'running', { pending: 3 });

    const reply = expectType(await runText('cancel H-1', grammar, ctx, deps), 'error');

    expect(reply.code).toBe('not_allowed');
    expect(service.callsOf('cancel')).toEqual([]);
  });

  it.each([
    ['status H-9', new HandoffError('not_found', 'x', { handoffNo: 9 }), 'get', 'There is no H-9 here.'],
    [
      'retry H-1',
      new HandoffError('nothing_to_retry', 'x', { handoffNo: 1 }),
      'retry',
      'H-1 has no failed items to retry.',
    ],
    [
      'return H-1',
      new HandoffError('wrong_status', 'x', { handoffNo: 1, status: 'running' }),
      'returnNow',
      'H-1 is running, so that can',
    ],
  ])('%j → a sentence naming the handoff', async (text, error, method, fragment) => {
    const { service, deps, ctx } = setup();
    service.put(1, basePlan(), 'running', { pending: 3 });
    service.failNext.set(method, error);

    const reply = expectType(await runText(text, grammar, ctx, deps), 'error');

    expect(reply.text).toContain(fragment);
  });

  it('says an empty history is of the speaker’s handoffs, not that there are none at all', async () => {
    const { deps, ctx } = setup();

    const reply = expectType(await runText('history', grammar, ctx, deps), 'text');

    expect(ctx.speaker.portalUserId).toBeDefined();
    expect(reply.text).toBe('No handoffs you are part of yet. Try `help` to see how to start one.');
  });

  it('lists history newest first and says when there is more', async () => {
    const { service, deps, ctx } = setup();
    for (let no = 1; no <= 12; no++) service.put(no, basePlan(), 'completed', { moved: 1 });

    const reply = expectType(await runText('history', grammar, ctx, deps), 'history');

    expect(reply.handoffs.map((h) => h.ref).slice(0, 3)).toEqual(['H-12', 'H-11', 'H-10']);
    expect(reply.handoffs).toHaveLength(10);
    expect(reply.more).toBe(true);
  });

  it('answers `status` without a number with the one active handoff, or says there is none', async () => {
    const { service, deps, ctx } = setup();

    const none = await runText('status', grammar, ctx, deps);
    service.put(5, basePlan(), 'running', { pending: 3 });
    const one = await runText('status', grammar, ctx, deps);

    expect(expectType(none, 'text').text).toBe('You have no active handoffs. `history` lists past ones.');
    expect(expectType(one, 'status').handoff.ref).toBe('H-5');
    expect(service.callsOf('list')[0]?.[0]).toMatchObject({ involvingUserId: 7 });
  });

  it('answers help and the empty command with the grammar', async () => {
    const { deps, ctx } = setup();

    const help = expectType(await runText('help', grammar, ctx, deps), 'help');
    const dialog = await runCommand({ type: 'dialog' }, ctx, deps);

    expect(help.sections.flatMap((s) => s.lines.map((l) => l.usage))).toContain('/handoff return H-n [force]');
    expect(help.examples.length).toBeGreaterThan(2);
    expect(dialog.type).toBe('help');
  });

  it('links a person only where the surface supports it', async () => {
    const { deps, ctx } = setup();
    const linkPerson = vi.fn(async () => ok(undefined));

    const unsupported = await runText('link <@U0GHOST> 99', grammar, ctx, deps);
    const linked = await runText('link <@U0GHOST> 99', grammar, ctx, { ...deps, linkPerson });

    expect(expectType(unsupported, 'error').code).toBe('not_supported');
    expect(expectType(linked, 'text').text).toBe('Linked <@U0GHOST> to Bitrix24 user #99.');
    expect(linkPerson).toHaveBeenCalledWith({ kind: 'slack', id: 'U0GHOST' }, 99);
  });

  it('console: a private link for the speaker, with its expiry in their zone; refused when unlinked or not offered', async () => {
    const { deps, ctx } = setup();
    const stranger = setup('U0GHOST');
    const consoleLink = vi.fn(() => ({
      url: 'https://handoff.example.com/app/login?token=abc.def',
      expiresAt: new Date('2026-10-23T12:15:00Z'),
    }));

    const reply = expectType(await runText('console', grammar, ctx, { ...deps, consoleLink }), 'text');
    const unlinked = await runText('console', grammar, stranger.ctx, { ...stranger.deps, consoleLink });
    const unsupported = await runText('console', grammar, ctx, deps);

    expect(reply.link).toEqual({
      url: 'https://handoff.example.com/app/login?token=abc.def',
      label: 'Open the Handoff console',
    });
    expect(reply.text).toContain('15:15');
    expect(reply.text).toContain('Europe/Kyiv');
    expect(consoleLink).toHaveBeenCalledTimes(1);
    expect(consoleLink).toHaveBeenCalledWith({ tenantId: TENANT, portalUserId: 7, label: 'slack:U0MARIA' });
    expect(expectType(unlinked, 'error').code).toBe('speaker_not_linked');
    expect(expectType(unsupported, 'error').code).toBe('not_supported');
  });

  it('dismisses without touching the service', async () => {
    const { service, deps, ctx } = setup();

    const reply = await runAction({ id: 'dismiss', value: '' }, ctx, deps);

    expect(reply).toEqual({ type: 'text', tone: 'info', text: 'Dismissed. Nothing changed.' });
    expect(service.calls).toEqual([]);
  });
});
