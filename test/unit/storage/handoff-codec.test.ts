/**
 * The plan and targets codecs round-trip exactly (Dates, branded ids, optional fields) and reject corrupt rows.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { decodePlan, decodeTargets, encodePlan, encodeTargets } from '../../../storage/handoff-codec.js';
import { newHandoff, richHandoff } from '../../contract/handoff-store.fixtures.js';

describe('handoff codec', () => {
  it.each([
    ['temporary with every field', richHandoff()],
    ['minimal permanent', newHandoff()],
  ])('round-trips a %s plan through JSON text exactly', (_name, handoff) => {
    const text = JSON.stringify(encodePlan(handoff.plan));

    const plan = decodePlan(JSON.parse(text));

    expect(plan).toStrictEqual(handoff.plan);
  });

  it('stores Dates as ISO strings', () => {
    const json = encodePlan(richHandoff().plan);

    expect(json.when).toEqual({
      mode: 'temporary',
      startAt: '2026-12-20T09:00:00.123Z',
      returnAt: '2027-01-05T09:00:00.000Z',
    });
  });

  it('round-trips resolved targets', () => {
    const { targets } = richHandoff();

    expect(decodeTargets(JSON.parse(JSON.stringify(encodeTargets(targets))))).toStrictEqual(targets);
  });

  it.each([
    ['a negative user id', { ...encodePlan(newHandoff().plan), fromUserId: -1 }],
    ['an unknown kind', { ...encodePlan(newHandoff().plan), kinds: ['boats'] }],
    ['a bad date', { ...encodePlan(newHandoff().plan), when: { mode: 'permanent', startAt: 'tomorrow' } }],
  ])('refuses a stored plan with %s', (_name, json) => {
    expect(() => decodePlan(json)).toThrow();
  });
});
