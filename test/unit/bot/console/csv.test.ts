import { describe, expect, it } from 'vitest';
import { toCsvCell, toCsvRow } from '../../../../bot/console/csv.js';
import { itemUrl } from '../../../../bot/console/portal-links.js';

describe('console CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('%j → %j', (value, cell) => {
    expect(toCsvCell(value)).toBe(cell);
  });

  it('writes numbers as they are (ids are never formulas), nothing for null, and ends rows with CRLF', () => {
    expect(toCsvRow([-3, null, undefined, 'x'])).toBe('-3,,,x\r\n');
  });
});

describe('links to items in the portal', () => {
  it.each([
    ['deals', 'https://acme.bitrix24.com/crm/deal/details/42/'],
    ['leads', 'https://acme.bitrix24.com/crm/lead/details/42/'],
    ['quotes', 'https://acme.bitrix24.com/crm/type/7/details/42/'],
    ['invoices', 'https://acme.bitrix24.com/crm/type/31/details/42/'],
    ['spa:128', 'https://acme.bitrix24.com/crm/type/128/details/42/'],
    ['tasks', 'https://acme.bitrix24.com/company/personal/user/7/tasks/task/view/42/'],
    ['activities', null],
  ] as const)('%s → %s', (kind, url) => {
    expect(itemUrl('https://acme.bitrix24.com', kind, 42, 7)).toBe(url);
  });

  it('links nowhere when the portal address is unknown', () => {
    expect(itemUrl(null, 'deals', 1, 1)).toBeNull();
  });
});
