import { describe, expect, it } from 'vitest';
import { createHomeAudience } from '../../../../bot/slack/home-audience.js';
import { createHomeRefresher } from '../../../../bot/slack/home-refresher.js';
import type { HandoffStatus } from '../../../../engine/model.js';
import type { Logger } from '../../../../engine/ports.js';
import { handoffFixture, p, TEAM } from './handoff-fixture.js';
import { manualTime } from './manual-time.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function setup(options: { publishesPerMinute?: number; fail?: (user: string) => unknown } = {}) {
  const time = manualTime();
  const published: { at: number; user: string; status: HandoffStatus }[] = [];
  /** What the store says now: a publish renders the state of its moment. */
  let current: HandoffStatus = 'scheduled';
  const refresher = createHomeRefresher({
    async publish(teamId, user) {
      expect(teamId).toBe(TEAM);
      const err = options.fail?.(user);
      if (err !== undefined) throw err;
      published.push({ at: time.now, user, status: current });
    },
    clock: time.clock,
    timers: time.timers,
    logger: silent,
    audience: createHomeAudience(),
    minIntervalMs: 10_000,
    ...(options.publishesPerMinute === undefined ? {} : { publishesPerMinute: options.publishesPerMinute }),
  });
  const change = (status: HandoffStatus) => {
    current = status;
    refresher.handoffChanged(TEAM, handoffFixture(status));
  };
  return { time, refresher, published, change };
}

describe('createHomeRefresher', () => {
  it('publishes for the involved people who opened Home, on a status change and not on a progress tick', async () => {
    const { time, refresher, published, change } = setup();
    refresher.visited(TEAM, 'UANNA', p(2));
    refresher.visited(TEAM, 'UDEPT', p(6));
    refresher.visited(TEAM, 'U1', p(99));
    refresher.visited(TEAM, 'UEVE', p(4));
    refresher.visited('T2', 'UBOB', p(3));
    await time.advance(10_000);

    change('running');
    await time.advance(1);
    change('running');
    await time.advance(30_000);

    expect(published.map((x) => x.user).sort()).toEqual(['U1', 'UANNA', 'UDEPT']);
    expect(published.every((x) => x.at === 10_000)).toBe(true);
  });

  it('sends at most one publish per user per 10 s, counting the visit, and the coalesced one shows the latest state', async () => {
    const { time, refresher, published, change } = setup();
    refresher.visited(TEAM, 'UANNA', p(2));

    await time.advance(1_000);
    change('running');
    await time.advance(1_000);
    change('return_scheduled');
    await time.advance(1_000);
    change('returning');
    await time.advance(10_000);
    change('returned');
    await time.advance(20_000);

    expect(published.map((x) => `${x.status}@${x.at}`)).toEqual(['returning@10000', 'returned@20000']);
  });

  it('keeps background publishes of a workspace within its budget, oldest request first', async () => {
    const { time, refresher, published, change } = setup({ publishesPerMinute: 6 });
    for (const [user, portal] of [
      ['UANNA', 2],
      ['UBOB', 3],
      ['UDEPT', 5],
    ] as const) {
      refresher.visited(TEAM, user, p(portal));
    }
    await time.advance(10_000);

    change('running');
    await time.advance(60_000);

    // Capacity 1 and one token per 10 s: the three go out 10 s apart.
    expect(published.map((x) => `${x.user}@${x.at}`)).toEqual(['UANNA@10000', 'UBOB@20000', 'UDEPT@30000']);
  });

  it('waits out a 429 and publishes again', async () => {
    let refusals = 1;
    const { time, refresher, published, change } = setup({
      fail: () => {
        if (refusals === 0) return undefined;
        refusals -= 1;
        return Object.assign(new Error('limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
      },
    });
    refresher.visited(TEAM, 'UANNA', p(2));
    await time.advance(10_000);

    change('running');
    await time.advance(60_000);

    expect(published.map((x) => `${x.user}@${x.at}`)).toEqual(['UANNA@40000']);
  });

  it('drops what still waits for its turn once stopped', async () => {
    const { time, refresher, published, change } = setup();
    refresher.visited(TEAM, 'UANNA', p(2));

    change('running');
    refresher.stop();
    await time.advance(60_000);
    await refresher.idle();

    expect(published).toEqual([]);
  });
});
