/**
 * Reply buttons (Start, Dismiss, Cancel, Retry failed, Return now, Undo, Choose head, Status): acked at once, run
 * through commands/ by the person who pressed them. On an ephemeral preview the answer replaces the card (Start
 * disappears; a second press is also harmless: the confirm token is the idempotency key). On the progress
 * message the answer is a new ephemeral message (the progress message stays). On the Home tab it goes to the
 * user's DM and the tab is published again.
 * @module
 */
import type { App } from '@slack/bolt';
import { messageFor } from '../../../commands/messages.js';
import { REPLY_ACTION_IDS, type ReplyActionId } from '../../../commands/reply.js';
import type { BoundRunner } from '../command-runner.js';
import type { ListenerContext } from '../context.js';
import { parseReplyActionId, REPLY_ACTION_PREFIX } from '../render/blocks.js';
import { renderReply } from '../render/reply.js';
import { TEXTS } from '../texts.js';
import { publishHome } from './home.js';
import { runContextFor } from './speaker.js';

interface ActionBody {
  readonly team: { readonly id: string } | null;
  readonly user: { readonly id: string };
  readonly channel?: { readonly id: string };
  readonly container?: { readonly type?: string; readonly is_ephemeral?: boolean };
  readonly actions: readonly { readonly action_id: string; readonly value?: string }[];
}

function isReplyActionId(id: string | null): id is ReplyActionId {
  return id !== null && (REPLY_ACTION_IDS as readonly string[]).includes(id);
}

export function registerActions(app: App, ctx: ListenerContext, runner: BoundRunner): void {
  app.action(new RegExp(`^${REPLY_ACTION_PREFIX}`), async ({ ack, body, client, respond }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const action = b.actions[0];
    const id = parseReplyActionId(action?.action_id ?? '');
    const teamId = b.team?.id;
    if (action === undefined || !isReplyActionId(id) || teamId === undefined) return;
    const onHome = b.container?.type === 'view';
    const tenant = await ctx.tenants(teamId);
    if (tenant === null) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: TEXTS.notConnected });
      return;
    }
    let message: ReturnType<typeof renderReply>;
    try {
      const runCtx = await runContextFor(ctx, client, tenant, {
        teamId,
        userId: b.user.id,
        ...(b.channel?.id ? { channelId: b.channel.id } : {}),
      });
      const reply = await runner.runAction(
        { id, value: action.value ?? '' },
        runCtx,
        runner.deps(client, tenant, runCtx.speaker),
      );
      message = renderReply(reply);
    } catch (err) {
      ctx.logger.error({ err, action: id }, 'slack action failed');
      message = renderReply({ type: 'error', code: 'internal_error', text: messageFor('internal_error') });
    }
    if (onHome) {
      await client.chat.postMessage({ channel: b.user.id, text: message.text, blocks: message.blocks });
      await publishHome(ctx, client, tenant, b.user.id);
      return;
    }
    const replace = b.container?.is_ephemeral === true;
    await respond({
      response_type: 'ephemeral',
      replace_original: replace,
      text: message.text,
      blocks: message.blocks,
    });
  });
}
