import { describe, expect, it } from 'vitest';
import { readableActor } from '../../../../bot/console/event-words.js';
import { ENGINE_ACTOR } from '../../../../engine/events.js';

describe('audit trail actors in words', () => {
  it.each([
    [ENGINE_ACTOR, 'Handoff'],
    ['robot:user 1', 'The robot'],
    ['api-key:hr', 'API key “hr”'],
    ['slack:U0123ABC (Anna Petrenko)', 'Anna Petrenko'],
    ['bitrix24:12 (Anna Garcia)', 'Anna Garcia'],
    ['demo (admin)', 'demo (admin)'],
  ])('%s reads as %s', (actor, words) => {
    expect(readableActor(actor)).toBe(words);
  });
});
