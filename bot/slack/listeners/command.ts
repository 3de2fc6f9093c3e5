/**
 * `/handoff`: alone it opens the dialog (views.open first: the trigger expires in ~3 s); with text it acks at once,
 * runs the command through commands/ and answers on the response_url with the rendered Reply (ephemeral).
 * @module
 */
import type { App } from '@slack/bolt';
import { messageFor } from '../../../commands/messages.js';
import type { BoundRunner } from '../command-runner.js';
import type { ListenerContext } from '../context.js';
import { newDraft } from '../dialog/draft.js';
import { whoView } from '../dialog/views.js';
import { renderReply } from '../render/reply.js';
import { TEXTS } from '../texts.js';
import { runContextFor } from './speaker.js';

export function registerCommand(app: App, ctx: ListenerContext, runner: BoundRunner): void {
  app.command('/handoff', async ({ command, ack, client, respond }) => {
    const text = command.text.trim();
    await ack();
    const tenant = await ctx.tenants(command.team_id);
    if (tenant === null) {
      await respond({ response_type: 'ephemeral', text: TEXTS.notConnected });
      return;
    }
    if (text === '') {
      // The trigger expires ~3 s after the command: open the dialog before any slow work (slack.md §2.2).
      const draft = newDraft({
        teamId: command.team_id,
        userId: command.user_id,
        channelId: command.channel_id,
        timeZone: 'UTC',
      });
      await client.views.open({ trigger_id: command.trigger_id, view: whoView(draft) });
      return;
    }
    let message: ReturnType<typeof renderReply>;
    try {
      const runCtx = await runContextFor(ctx, client, tenant, {
        teamId: command.team_id,
        userId: command.user_id,
        channelId: command.channel_id,
      });
      message = renderReply(await runner.runText(text, runCtx, runner.deps(client, tenant, runCtx.speaker)));
    } catch (err) {
      ctx.logger.error({ err }, 'slack command failed');
      message = renderReply({ type: 'error', code: 'internal_error', text: messageFor('internal_error') });
    }
    await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  });
}
