import { describe, expect, it } from 'vitest';
import { renderPeople } from '../../../../bot/cli/render-directory.js';

describe('handoff people as text', () => {
  it('keeps the departments column aligned when an e-mail is longer than the usual width', () => {
    const person = (id: number, name: string, email: string) => ({
      id,
      name,
      email,
      active: true,
      departments: [{ id: 3, name: 'Support' }],
      headOf: [],
    });
    const text = renderPeople(
      {
        people: [
          person(2, 'Boris Adams', 'boris.adams.2@sandbox.example'),
          person(3, 'Chloe Fischer', 'chloe.fischer.3@sandbox.example'),
        ],
      },
      undefined,
    );

    const columns = text
      .trimEnd()
      .split('\n')
      .map((line) => line.search(/departments|Support/));
    expect(new Set(columns).size).toBe(1);
  });
});
