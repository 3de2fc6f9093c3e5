import { describe, expect, it } from 'vitest';
import { createHomeAudience } from '../../../../bot/slack/home-audience.js';
import { handoffFixture, p } from './handoff-fixture.js';

describe('createHomeAudience', () => {
  it('forgets the oldest visits beyond its bound and keeps a returning visitor', () => {
    const audience = createHomeAudience({ maxUsers: 2 });

    audience.remember('T1', 'UANNA', p(2));
    audience.remember('T1', 'UBOB', p(3));
    audience.remember('T1', 'UANNA', p(2));
    audience.remember('T1', 'UEVE', p(4));

    expect(audience.size).toBe(2);
    expect(audience.viewersOf('T1', handoffFixture('running'))).toEqual(['UANNA']);
    expect(audience.viewersOf('T2', handoffFixture('running'))).toEqual([]);
  });

  it('counts the initiator by the Slack user who started it, even without a portal match', () => {
    const audience = createHomeAudience();

    audience.remember('T1', 'U1', p(99));
    audience.remember('T1', 'UEVE', p(4));

    expect(audience.viewersOf('T1', handoffFixture('running'))).toEqual(['U1']);
  });
});
