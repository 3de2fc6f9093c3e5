/**
 * Multi-workspace install (OAuth v2, slack.md §5): `GET /slack/install` and `GET /slack/oauth_redirect` served by
 * @slack/oauth's InstallProvider on the Node request/response that @hono/node-server exposes; installations go to
 * our store. Bolt gets `installer.authorize` so each request is bound to its workspace's token.
 * @module
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { InstallProvider } from '@slack/oauth';
import type { Context } from 'hono';
import type { Logger } from '../../engine/ports.js';
import { createBoltLogger } from './bolt-logger.js';
import { BOT_SCOPES, type SlackAuth } from './ports.js';

type OAuthAuth = Extract<SlackAuth, { mode: 'oauth' }>;

export function createInstaller(auth: OAuthAuth, logger: Logger, slackApiUrl?: string): InstallProvider {
  return new InstallProvider({
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    stateSecret: auth.stateSecret,
    installationStore: auth.installationStore,
    logger: createBoltLogger(logger.child({ component: 'slack-oauth' })),
    installUrlOptions: {
      scopes: [...BOT_SCOPES],
      ...(auth.redirectUri === undefined ? {} : { redirectUri: auth.redirectUri }),
    },
    ...(slackApiUrl === undefined ? {} : { clientOptions: { slackApiUrl } }),
  });
}

interface NodeBindings {
  incoming: Parameters<InstallProvider['handleInstallPath']>[0];
  outgoing: Parameters<InstallProvider['handleInstallPath']>[1];
}

function bindings(c: Context): NodeBindings | null {
  const env = c.env as Partial<NodeBindings> | undefined;
  return env?.incoming !== undefined && env.outgoing !== undefined
    ? { incoming: env.incoming, outgoing: env.outgoing }
    : null;
}

/** Runs an InstallProvider handler on the Node request; 501 when not served by @hono/node-server. */
export async function runInstallerHandler(
  c: Context,
  handler: (node: NodeBindings) => Promise<void>,
): Promise<Response> {
  const node = bindings(c);
  if (node === null) return c.text('The Slack install needs the Node HTTP server.', 501);
  await handler(node);
  return RESPONSE_ALREADY_SENT;
}
