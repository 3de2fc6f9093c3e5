import { describe, expect, it } from 'vitest';
import type { HandoffOut, ItemOut } from '../../../../bot/api/response-schemas.js';
import { renderHandoff, renderHistory, renderItems, renderPreview } from '../../../../bot/cli/render.js';
import { kindSentence } from '../../../../bot/cli/render-handoff.js';
import { createTimeFormat } from '../../../../bot/cli/time-format.js';

const UTC = createTimeFormat('UTC');
const NONE = { pending: 0, moved: 0, skipped: 0, failed: 0, returned: 0, kept: 0, gone: 0 };
const BORIS = { id: 2, name: 'Boris Adams', email: 'boris@acme.com' };
const CHLOE = { id: 3, name: 'Chloe Fischer', email: 'chloe@acme.com' };

/** The demo's H-1: Boris's deals and tasks with Chloe until Monday. */
function view(overrides: Partial<HandoffOut> = {}): HandoffOut {
  return {
    id: 'H-1',
    status: 'return_scheduled',
    mode: 'temporary',
    from: BORIS,
    to: { type: 'user', ...CHLOE },
    targets: { deals: { type: 'user', via: 'user', ...CHLOE }, tasks: { type: 'user', via: 'user', ...CHLOE } },
    kinds: ['deals', 'tasks'],
    options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: true },
    total: 61,
    counts: { ...NONE, moved: 61 },
    countsByKind: { deals: { ...NONE, moved: 32 }, tasks: { ...NONE, moved: 29 } },
    startAt: null,
    returnAt: '2026-11-30T07:00:00.000Z',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:01:00.000Z',
    startedAt: '2026-11-23T10:00:01.000Z',
    finishedAt: '2026-11-23T10:01:00.000Z',
    returnStartedAt: null,
    returnedAt: null,
    cancelRequested: false,
    initiator: 'api-key:demo',
    error: null,
    ...overrides,
  };
}

const context: Parameters<typeof kindSentence>[1] = {
  phase: 'transfer',
  receiver: 'Chloe Fischer',
  owner: 'Boris Adams',
  dryRun: false,
  returning: false,
};

describe('kindSentence: what happened to a kind, in the words of its phase', () => {
  it.each([
    ['moved', { moved: 32 }, {}, 'moved 32 to Chloe Fischer'],
    ['running', { moved: 10, pending: 22, failed: 1 }, {}, 'moved 10 to Chloe Fischer · waiting 22 · failed 1'],
    ['dry run', { skipped: 3 }, { dryRun: true }, 'would move 3 to Chloe Fischer'],
    ['already theirs', { moved: 2, skipped: 1 }, {}, 'moved 2 to Chloe Fischer · skipped 1'],
    [
      'returned',
      { returned: 30, kept: 1, gone: 1 },
      { phase: 'return' },
      'returned 30 to Boris Adams · kept 1 (changed by hand since; left as is) · gone 1 (deleted since)',
    ],
    [
      'returning',
      { returned: 10, moved: 22 },
      { phase: 'return', returning: true },
      'returned 10 to Boris Adams · to return 22',
    ],
    [
      'return failed for some',
      { returned: 30, moved: 2 },
      { phase: 'return' },
      'returned 30 to Boris Adams · not returned 2 (still with Chloe Fischer)',
    ],
    ['nothing', {}, {}, 'nothing'],
  ] as const)('%s', (_name, counts, extra, text) => {
    expect(kindSentence({ ...NONE, ...counts }, { ...context, ...extra })).toBe(text);
  });
});

describe('renderHandoff', () => {
  it('names both people and says where the items went while away', () => {
    expect(renderHandoff(view(), createTimeFormat('Europe/Kyiv'))).toBe(
      [
        'H-1  return_scheduled  Boris Adams (2) → Chloe Fischer (3)',
        '  temporary, back Mon 30 Nov 2026 09:00 EET',
        '  deals  moved 32 to Chloe Fischer',
        '  tasks  moved 29 to Chloe Fischer',
        '  total  61 items: moved 61',
        '  created Mon 23 Nov 2026 12:00 EET · started 12:00 · finished 12:01 · by api-key:demo',
        '',
      ].join('\n'),
    );
  });

  it('after the return says what came back to the original owner, never "→ the receiver"', () => {
    const returned = view({
      status: 'returned',
      returnAt: '2026-11-24T09:00:00.000Z',
      returnStartedAt: '2026-11-24T09:00:00.000Z',
      returnedAt: '2026-11-24T09:02:00.000Z',
      counts: { ...NONE, returned: 60, kept: 1 },
      countsByKind: { deals: { ...NONE, returned: 31, kept: 1 }, tasks: { ...NONE, returned: 29 } },
    });

    const text = renderHandoff(returned, UTC);

    expect(text).toContain('H-1  returned  Boris Adams (2) → Chloe Fischer (3)\n');
    expect(text).toContain('  temporary, back since Tue 24 Nov 2026 09:02 UTC\n');
    expect(text).toContain('  deals  returned 31 to Boris Adams · kept 1 (changed by hand since; left as is)\n');
    expect(text).toContain('  tasks  returned 29 to Boris Adams\n');
    expect(text).toContain(
      'created Mon 23 Nov 2026 10:00 UTC · started 10:00 · finished 10:01 · returned Tue 24 Nov 2026 09:02',
    );
    expect(text).not.toContain('to Chloe');
  });

  it('after the return says lent items a later handoff holds come home when it ends, and who has them', () => {
    const dana = { id: 4, name: 'Dana Li' };
    const returned = view({
      status: 'returned',
      returnAt: '2026-11-24T09:00:00.000Z',
      returnStartedAt: '2026-11-24T09:00:00.000Z',
      returnedAt: '2026-11-24T09:02:00.000Z',
      counts: { ...NONE, returned: 58, moved: 3 },
      countsByKind: { deals: { ...NONE, returned: 29, moved: 3 }, tasks: { ...NONE, returned: 29 } },
      waiting: [
        { kind: 'deals', count: 2, waitingFor: 'H-4', holder: dana },
        { kind: 'deals', count: 1, waitingFor: 'H-5', holder: { id: 7 } },
      ],
    });

    const text = renderHandoff(returned, UTC);

    expect(text).toContain(
      '  deals  returned 29 to Boris Adams · 2 waiting: home when H-4 ends (with Dana Li) · 1 waiting: home when H-5 ends (with user 7)\n',
    );
    expect(text).not.toContain('not returned');
  });

  it('says a handoff started now but not yet picked up is starting; a later start stays plain scheduled', () => {
    const now = view({ status: 'scheduled', startAt: null });
    const later = view({ status: 'scheduled', startAt: '2026-12-24T09:00:00.000Z' });

    expect(renderHandoff(now, UTC)).toMatch(/^H-1 {2}scheduled \(starting\) {2}Boris Adams/);
    expect(renderHandoff(later, UTC)).toMatch(/^H-1 {2}scheduled {2}Boris Adams/);
  });

  it('falls back to ids when the API could not name people, and names a resolved head', () => {
    const unnamed = view({
      from: { id: 2 },
      to: { type: 'user', id: 3 },
      targets: { deals: { type: 'user', id: 3, via: 'user' } },
    });
    const head = view({ to: { type: 'head' }, targets: { deals: { type: 'user', via: 'head', ...CHLOE } } });

    expect(renderHandoff(unnamed, UTC)).toMatch(/^H-1 {2}return_scheduled {2}user 2 → user 3\n/);
    expect(renderHandoff(unnamed, UTC)).toContain('  deals  moved 32 to user 3\n');
    expect(renderHandoff(head, UTC)).toMatch(
      /^H-1 {2}return_scheduled {2}Boris Adams \(2\) → Chloe Fischer \(3\), their head\n/,
    );
  });

  it('says an undone permanent handoff is undone, and who started it when the portal user is known', () => {
    const undone = view({
      mode: 'permanent',
      status: 'returned',
      returnAt: null,
      returnStartedAt: '2026-11-23T11:00:00.000Z',
      returnedAt: '2026-11-23T11:00:30.000Z',
      initiator: 'slack:U1',
      initiatorUser: { id: 9, name: 'Hana Ito' },
    });

    const text = renderHandoff(undone, UTC);

    expect(text).toContain('\n  permanent, undone\n');
    expect(text).toContain('· returned 11:00 · by Hana Ito (9)\n');
  });
});

describe('tables', () => {
  it('aligns history columns whatever the lengths of names and statuses', () => {
    const rows = renderHistory(
      [
        view({ id: 'H-12', status: 'completed_with_errors' }),
        view({ id: 'H-3', status: 'running', from: { id: 40 }, to: { type: 'department', id: 7, name: 'Support' } }),
      ],
      UTC,
    ).split('\n');

    expect(rows[0]).toBe(
      'H-12  completed_with_errors  Boris Adams (2) → Chloe Fischer (3)  23 Nov 2026 10:00  moved 61',
    );
    expect(rows[1]).toBe(
      'H-3   running                user 40 → Support (dept 7)           23 Nov 2026 10:00  moved 61',
    );
  });

  it('lists items with owners by name and says where each one is now', () => {
    const item = (over: Partial<ItemOut>): ItemOut => ({
      kind: 'deals',
      itemId: 1,
      title: 'Deal',
      originalOwnerId: 2,
      newOwnerId: 3,
      status: 'moved',
      ...over,
    });
    const names = new Map([
      [2, 'Boris Adams'],
      [3, 'Chloe Fischer'],
    ]);

    const text = renderItems(
      [
        item({ itemId: 7, status: 'moved' }),
        item({ itemId: 32, status: 'returned' }),
        item({ itemId: 40, status: 'kept', currentOwnerId: 3 }),
        item({ itemId: 41, status: 'kept', currentOwnerId: 9 }),
        item({ itemId: 42, status: 'kept' }),
        item({ itemId: 100, status: 'skipped', skipReason: 'closed' }),
        item({ kind: 'tasks', itemId: 5, status: 'failed', newOwnerId: 4, error: 'ACCESS_DENIED: no access' }),
      ],
      names,
    );

    expect(text.split('\n')).toEqual([
      'deals    7  moved     Boris Adams → Chloe Fischer                    Deal',
      'deals   32  returned  back to Boris Adams                            Deal',
      'deals   40  kept      kept by Chloe Fischer (changed by hand since)  Deal',
      'deals   41  kept      kept by user 9 (changed by hand since)         Deal',
      'deals   42  kept      changed by hand since; left as is              Deal',
      'deals  100  skipped   stays with Boris Adams (closed)                Deal',
      'tasks    5  failed    Boris Adams → user 4                           Deal  (ACCESS_DENIED: no access)',
      '',
    ]);
  });

  it('says where a lent item waits and when it comes home (the ledger)', () => {
    const text = renderItems(
      [
        {
          kind: 'deals',
          itemId: 8,
          title: 'Deal',
          originalOwnerId: 2,
          newOwnerId: 3,
          status: 'moved',
          currentOwnerId: 9,
          waitingFor: 'H-4',
        },
        { kind: 'deals', itemId: 9, title: 'Deal', originalOwnerId: 3, newOwnerId: 9, status: 'moved', via: 'H-1' },
      ],
      new Map([
        [2, 'Boris Adams'],
        [3, 'Chloe Fischer'],
        [9, 'Dana Li'],
      ]),
    );

    expect(text).toContain('with Dana Li until H-4 ends, then back to Boris Adams');
    expect(text).toContain('Chloe Fischer → Dana Li');
  });

  it('previews with receivers by name, counts right-aligned', () => {
    const text = renderPreview(
      {
        from: BORIS,
        mode: 'permanent',
        startAt: null,
        returnAt: null,
        dryRun: false,
        kinds: ['deals', 'tasks', 'quotes'],
        targets: {},
        countsByKind: { deals: 32, tasks: 129 },
        countsByTarget: [
          { kind: 'deals', userId: 3, name: 'Chloe Fischer', count: 32 },
          { kind: 'tasks', userId: 4, count: 129 },
        ],
        total: 161,
      },
      UTC,
    );

    expect(text.split('\n')).toEqual([
      "Preview: Boris Adams (2)'s work, permanent",
      '  deals    32  → Chloe Fischer (3)',
      '  tasks   129  → user 4',
      '  quotes    0',
      '  total   161',
      '',
    ]);
  });
});
