import { describe, expect, it } from 'vitest';
import { involves, participantsOf, receiverIds } from '../../../engine/participants.js';
import { handoffFixture, p } from '../bot/slack/handoff-fixture.js';

describe('participantsOf', () => {
  it('is the from-user, every receiver (department members too) and the initiator', () => {
    expect([...participantsOf(handoffFixture('running'))].sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6]);
  });
});

describe('receiverIds', () => {
  it('names each receiver once, in first-seen order, department members included', () => {
    const handoff = handoffFixture('running');

    const ids = receiverIds({ ...handoff.targets, leads: { type: 'user', userId: p(5), via: 'user' } });

    expect(ids).toEqual([3, 5, 6]);
  });
});

describe('involves', () => {
  it.each([
    ['the initiator', 1, true],
    ['the from-user', 2, true],
    ['a receiver', 3, true],
    ['a member of a receiving department', 6, true],
    ['anyone else', 9, false],
  ])('%s → %s', (_who, id, expected) => {
    expect(involves(handoffFixture('running'), p(id))).toBe(expected);
  });
});
