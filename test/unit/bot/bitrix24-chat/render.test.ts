import { describe, expect, it } from 'vitest';
import { commandText } from '../../../../bot/bitrix24-chat/chat.js';
import {
  escapeBb,
  parseButtonParams,
  personBb,
  renderConfirm,
  renderReply,
} from '../../../../bot/bitrix24-chat/render.js';
import { renderItemSummary } from '../../../../bot/bitrix24-chat/render-progress.js';
import { helpReply } from '../../../../commands/help.js';
import { action } from '../../../../commands/notices.js';
import { toPortalUserId } from '../../../../engine/ids.js';
import type { Handoff } from '../../../../engine/model.js';
import type { ItemSummary } from '../../../../engine/ports.js';

describe('Bitrix24 render', () => {
  it('turns reply actions into COMMAND buttons that come back as the same action', () => {
    const message = renderReply({
      type: 'status',
      handoff: {
        no: 3,
        ref: 'H-3',
        status: 'running',
        statusText: 'running',
        from: { name: 'Anna [USER=1]boss[/USER]', portalUserId: toPortalUserId(12) },
        toText: 'Ben',
        mode: 'permanent',
        dryRun: false,
        createdAt: { iso: '2026-11-23T10:00:00.000Z', text: 'Mon 23 Nov', timeZone: 'UTC' },
        total: 5,
        done: 2,
      },
      counts: { pending: 3, moved: 2, skipped: 0, failed: 0, returned: 0, kept: 0, gone: 0 },
      byKind: [],
      failures: [],
      actions: [action('cancel', 'H-3'), action('status', 'H-3')],
    });

    expect(message.text).toContain('[USER=12]Anna ⁅USER=1⁆boss⁅/USER⁆[/USER]');
    expect(message.keyboard.map((b) => [b.TEXT, b.COMMAND, b.COMMAND_PARAMS, b.BG_COLOR_TOKEN])).toEqual([
      ['Cancel handoff', 'handoff', 'ask cancel H-3', 'alert'],
      ['Status', 'handoff', 'status H-3', 'secondary'],
    ]);
    expect(parseButtonParams('ask cancel H-3')).toEqual({ id: 'cancel', value: 'H-3', ask: true });
    expect(parseButtonParams('start eyJ.abc')).toEqual({ id: 'start', value: 'eyJ.abc', ask: false });
    expect(parseButtonParams('dismiss')).toEqual({ id: 'dismiss', value: '', ask: false });
    expect(parseButtonParams('drop tables')).toBeNull();
  });

  it('asks before a destructive action with Yes (the action) and No (dismiss)', () => {
    const undo = action('undo', 'H-4');
    const question = renderConfirm(
      { id: 'undo', value: 'H-4' },
      undo.confirm ?? { title: '', text: '', yes: '', no: '' },
    );
    expect(question.text).toContain('Undo H-4?');
    expect(question.keyboard.map((b) => [b.TEXT, b.COMMAND_PARAMS])).toEqual([
      ['Undo', 'undo H-4'],
      ['Keep', 'dismiss'],
    ]);
  });

  it('escapes BB codes in portal text and names people natively', () => {
    expect(escapeBb('[B]x[/B]')).toBe('⁅B⁆x⁅/B⁆');
    expect(personBb({ name: 'Eve', portalUserId: toPortalUserId(9) })).toBe('[USER=9]Eve[/USER]');
    expect(personBb({ name: 'Nobody' })).toBe('[B]Nobody[/B]');
    expect(renderReply({ type: 'error', code: 'bad_handoff_no', text: 'No [URL]x[/URL]' }).text).toBe(
      '⚠ No ⁅URL⁆x⁅/URL⁆',
    );
  });

  it('reads command text with or without /handoff, dropping the bot mention in a group chat', () => {
    expect(commandText('/handoff [USER=2]Anna[/USER] to me', 1001)).toBe('[USER=2]Anna[/USER] to me');
    expect(commandText('[USER=1001]Handoff[/USER], status H-2', 1001)).toBe('status H-2');
    expect(commandText('  help ', undefined)).toBe('help');
    expect(commandText('[USER=2]Anna[/USER] to [USER=3]Ben[/USER]', 1001)).toBe(
      '[USER=2]Anna[/USER] to [USER=3]Ben[/USER]',
    );
  });
});

describe('Bitrix24 item summaries', () => {
  const handoff = { no: 6 } as unknown as Handoff;
  const item = (itemId: number): ItemSummary => ({
    kind: 'deals',
    itemId,
    title: `Deal ${itemId}`,
    status: 'moved',
    newOwnerId: toPortalUserId(9),
    originalOwnerId: toPortalUserId(8),
  });

  it('heads a first summary with its count, and a later one with how many more and the total so far', () => {
    const first = renderItemSummary(handoff, [item(1), item(2)]);
    const later = renderItemSummary(handoff, [item(3), item(4)], 50);

    expect(first.text.split('\n')[0]).toBe('[I]H-6: 2 items[/I]');
    expect(later.text.split('\n')[0]).toBe('[I]H-6: 2 more items (52 so far)[/I]');
  });

  it('says lent items a later handoff holds come home when it ends, and who has them (as the Slack thread does)', () => {
    const waiting = { ...item(1), waitingForNo: 9, currentOwnerId: toPortalUserId(7) };

    const text = renderItemSummary(handoff, [waiting, item(2)]).text;

    expect(text).toContain('[B]Deals home when H-9 ends[/B] (1): Deal 1 #1 (with [USER=7]user #7[/USER])');
    expect(text).toContain('[B]Deals moved[/B] (1): Deal 2 #2');
  });
});

describe('Bitrix24 help', () => {
  it('lists commands as they are written to the bot: no slash command, no dialog', () => {
    const text = renderReply(helpReply()).text;

    expect(text).not.toContain('/handoff @');
    expect(text).not.toContain('open the dialog');
    expect(text).toMatch(/^status \S+ — progress of a handoff/m);
    expect(text).toContain('@anna to @bob until next Monday 9am');
  });
});
