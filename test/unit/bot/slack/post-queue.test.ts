import { describe, expect, it } from 'vitest';
import { createPostQueue } from '../../../../bot/slack/post-queue.js';
import { manualTime } from './manual-time.js';

function setup(options: { postsPerMinute?: number; burst?: number } = {}) {
  const time = manualTime(1_000_000);
  const queue = createPostQueue({ clock: time.clock, timers: time.timers, gapMs: 1100, ...options });
  const sent: { at: number; channel: string; label: string }[] = [];
  const post = (channel: string, label: string) =>
    queue.run(channel, async () => {
      sent.push({ at: time.now - 1_000_000, channel, label });
      return label;
    });
  return { time, queue, sent, post };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });

describe('createPostQueue', () => {
  it('keeps ≥ 1.1 s between posts to one channel and lets another channel go at once', async () => {
    const { time, sent, post } = setup();

    const thread = [post('C1', 's1'), post('C1', 's2'), post('C1', 's3')];
    const dm = post('U1', 'dm');
    await time.advance(5_000);

    await expect(Promise.all([...thread, dm])).resolves.toEqual(['s1', 's2', 's3', 'dm']);
    expect(sent.map((s) => `${s.label}@${s.at}`)).toEqual(['s1@0', 'dm@0', 's2@1100', 's3@2200']);
  });

  it('holds every channel to the workspace budget, the post queued first going first', async () => {
    const { time, sent, post } = setup({ postsPerMinute: 60, burst: 2 });

    for (const channel of ['C1', 'C2', 'C3', 'C4', 'C5']) void post(channel, channel);
    await time.advance(10_000);

    expect(sent.map((s) => `${s.label}@${s.at}`)).toEqual(['C1@0', 'C2@0', 'C3@1000', 'C4@2000', 'C5@3000']);
  });

  it('waits out a 429 in its own channel and tries again, while other channels keep posting', async () => {
    const { time, queue, sent, post } = setup();
    let calls = 0;

    const limited = queue.run('C1', async () => {
      calls += 1;
      if (calls === 1) throw rateLimited(3);
      sent.push({ at: time.now - 1_000_000, channel: 'C1', label: 'retried' });
      return 'retried';
    });
    const other = post('C2', 'other');
    await time.advance(1_000);
    const later = post('C2', 'later');
    await time.advance(5_000);

    await expect(Promise.all([limited, other, later])).resolves.toEqual(['retried', 'other', 'later']);
    expect(sent.map((s) => `${s.label}@${s.at}`)).toEqual(['other@0', 'later@1100', 'retried@3000']);
  });

  it('rejects a failed post and goes on with the next one in that channel after the gap', async () => {
    const { time, queue, sent, post } = setup();

    const failed = queue
      .run('C1', async () => {
        throw new Error('channel_not_found');
      })
      .catch((err: unknown) => err);
    const next = post('C1', 'next');
    await time.advance(2_000);

    expect(await failed).toMatchObject({ message: 'channel_not_found' });
    await expect(next).resolves.toBe('next');
    expect(sent.map((s) => `${s.label}@${s.at}`)).toEqual(['next@1100']);
  });

  it('gives up on a channel that stays rate-limited after the allowed retries', async () => {
    const { time, queue } = setup();
    let calls = 0;

    const result = queue.run('C1', async () => {
      calls += 1;
      throw rateLimited(1);
    });
    const settled = result.catch((err: unknown) => err);
    await time.advance(10_000);

    expect(await settled).toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(calls).toBe(4);
  });
});
