import { describe, expect, it } from 'vitest';
import { dateNoticeText } from '../../../commands/date-notices.js';

const base = {
  ref: 'H-3',
  fromName: 'Anna',
  toNames: ['Ben'],
  startText: 'Mon 21 Dec, 09:00',
  returnText: 'Mon 4 Jan, 09:00',
};

describe('date notices', () => {
  it.each([
    [
      'scheduled',
      'from',
      'H-3: while you are away from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00, Ben will cover your work. Nothing moves before then.',
    ],
    [
      'scheduled',
      'to',
      "H-3: you will cover Anna's work from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00. Nothing moves before then.",
    ],
    [
      'cancelled',
      'from',
      'H-3: the cover for your absence from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00 is cancelled. Nothing moved.',
    ],
    [
      'cancelled',
      'to',
      "H-3: you no longer cover Anna's work from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00: it is cancelled. Nothing moved.",
    ],
  ] as const)('%s, for the %s side', (kind, role, expected) => {
    expect(dateNoticeText({ ...base, kind, role })).toBe(expected);
  });

  it('says what a move changed, keeping the unchanged start in the old span', () => {
    const text = dateNoticeText({ ...base, kind: 'moved', role: 'to', previousReturnText: 'Fri 1 Jan, 09:00' });

    expect(text).toBe(
      'H-3: the dates you cover Anna changed: now from Mon 21 Dec, 09:00 until Mon 4 Jan, 09:00 (was from Mon 21 Dec, 09:00 until Fri 1 Jan, 09:00).',
    );
  });
});
