import { describe, expect, it } from 'vitest';
import { createBitrix24Approvals } from '../../../../bot/bitrix24-chat/approvals.js';
import type { BotApi } from '../../../../bot/bitrix24-chat/bot-api.js';
import type { BotMessage } from '../../../../bot/bitrix24-chat/render.js';
import { createBitrix24RunDeps } from '../../../../bot/bitrix24-chat/run-deps.js';
import { BITRIX24_MENTIONS } from '../../../../commands/mentions.js';
import type { Reply } from '../../../../commands/reply.js';
import { runAction, runText } from '../../../../commands/run.js';
import { toPortalUserId } from '../../../../engine/ids.js';
import { MemoryApprovalStore } from '../../../../storage/approval-store.js';
import { createHarness, createRecordingLogger, TENANT } from '../../engine/harness.js';

const SECRET = 'test-secret-0123456789';

/** Anna (1) sits in Sales, headed by Dora (5); Eve (4) covers for her but may not hand off her work. */
function world() {
  const h = createHarness();
  h.ws.addDepartment(9, 'Sales', { headId: 5 });
  h.ws.addUser(1, { name: 'Anna', departmentIds: [9] });
  h.ws.addUser(4, { name: 'Eve' });
  h.ws.addUser(5, { name: 'Dora', departmentIds: [9] });
  h.ws.addItems('deals', 1, 3);
  const sent: { dialogId: string; message: BotMessage }[] = [];
  const bot: BotApi = {
    add: async (_tenant, dialogId, message) => {
      sent.push({ dialogId, message });
      return sent.length;
    },
    update: async () => {},
    removeKeyboard: async () => {},
    notify: async () => {},
  };
  const store = new MemoryApprovalStore({ clock: h.clock });
  const as = (userId: number) => {
    const speaker = { portalUserId: toPortalUserId(userId), label: `bitrix24:${userId}` };
    const deps = createBitrix24RunDeps({
      service: h.service,
      workSystem: h.ws,
      confirmSecret: SECRET,
      tenantId: TENANT,
      speaker,
      approvals: createBitrix24Approvals({
        store,
        bot,
        tenantId: TENANT,
        workSystem: h.ws,
        logger: createRecordingLogger(),
      }),
    });
    const ctx = { tenantId: TENANT, speaker, timeZone: 'UTC', now: h.clock.now() };
    return { deps, ctx };
  };
  return { h, sent, store, as };
}

function buttonParams(message: BotMessage | undefined): string[] {
  return (message?.keyboard ?? []).map((k) => String(k.COMMAND_PARAMS));
}

const actionValue = (reply: Reply, id: string) =>
  (reply.type === 'preview' ? reply.actions : []).find((a) => a.id === id)?.value ?? '';

describe('approvals in the Bitrix24 chat', () => {
  it('Eve asks, Dora (Anna’s head) gets Approve / Decline in her chat with the bot, and Approve starts it', async () => {
    const w = world();
    const eve = w.as(4);
    const preview = await runText(
      '[USER=1]Anna[/USER] to [USER=4]Eve[/USER] only deals',
      { mentions: [BITRIX24_MENTIONS] },
      eve.ctx,
      eve.deps,
    );

    expect(preview.type).toBe('preview');
    expect(actionValue(preview, 'start')).toBe('');
    const asked = await runAction(
      { id: 'request_approval', value: actionValue(preview, 'request_approval') },
      eve.ctx,
      eve.deps,
    );
    expect(asked).toMatchObject({ type: 'text', text: expect.stringContaining('Sent to Dora for approval') });
    const request = w.sent.find((s) => s.dialogId === '5');
    const [approve = '', decline = ''] = buttonParams(request?.message);
    expect(approve).toMatch(/^approve /);
    expect(decline).toMatch(/^decline /);

    const stranger = await runAction(
      { id: 'approve', value: approve.slice('approve '.length) },
      w.as(2).ctx,
      w.as(2).deps,
    );
    const dora = w.as(5);
    const approved = await runAction({ id: 'approve', value: approve.slice('approve '.length) }, dora.ctx, dora.deps);
    await w.h.runDue();

    expect(stranger.type).toBe('error');
    expect(approved).toMatchObject({ type: 'status', notice: expect.stringContaining('Approved: H-1') });
    const view = await w.h.service.get(TENANT, 1);
    expect(view.handoff.plan.initiator.label).toBe('bitrix24:4');
    expect(view.counts.byStatus.moved).toBe(3);
    expect(w.sent.find((s) => s.dialogId === '4')?.message.text).toContain('approved your request');
  });

  it('Decline moves nothing and tells Eve', async () => {
    const w = world();
    const eve = w.as(4);
    const preview = await runText(
      '[USER=1]Anna[/USER] to [USER=4]Eve[/USER]',
      { mentions: [BITRIX24_MENTIONS] },
      eve.ctx,
      eve.deps,
    );
    await runAction({ id: 'request_approval', value: actionValue(preview, 'request_approval') }, eve.ctx, eve.deps);
    const [, decline = ''] = buttonParams(w.sent.find((s) => s.dialogId === '5')?.message);
    const dora = w.as(5);

    const declined = await runAction({ id: 'decline', value: decline.slice('decline '.length) }, dora.ctx, dora.deps);

    expect(declined).toMatchObject({ type: 'text', text: expect.stringContaining('Declined') });
    expect(await w.h.service.list(TENANT)).toEqual([]);
    expect(w.sent.find((s) => s.dialogId === '4')?.message.text).toContain('declined your request');
  });
});
