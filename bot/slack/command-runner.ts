/**
 * The commands/ layer as the Slack surface calls it: command text or a pressed reply button in, a Reply out.
 * bot/main.ts passes commands/run.ts's functions; tests may pass the same.
 * @module
 */
import { SLACK_MENTIONS } from '../../commands/mentions.js';
import type { Reply, ReplyActionRequest } from '../../commands/reply.js';
import { runAction, runText } from '../../commands/run.js';
import type { RunContext, RunDeps, Speaker } from '../../commands/run-context.js';
import type { WebClient } from './clients.js';
import type { SlackTenant } from './ports.js';

export interface SlackCommandRunner {
  /** The text after `/handoff` (mentions escaped as `<@U…>`, should_escape: true). */
  runText(text: string, ctx: RunContext, deps: RunDeps): Promise<Reply>;
  /** A reply button pressed: its action id and the value we rendered, unchanged. */
  runAction(action: ReplyActionRequest, ctx: RunContext, deps: RunDeps): Promise<Reply>;
}

/** The runner plus the per-request RunDeps factory the listeners use (built in surface.ts). */
export interface BoundRunner extends SlackCommandRunner {
  deps(client: WebClient, tenant: SlackTenant, speaker: Speaker): RunDeps;
}

/** commands/run.ts reading Slack's escaped mentions (`<@U…|name>`). */
export const defaultCommandRunner: SlackCommandRunner = {
  runText: (text, ctx, deps) => runText(text, { mentions: [SLACK_MENTIONS] }, ctx, deps),
  runAction,
};
