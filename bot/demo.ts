/**
 * `npm run demo`: Handoff on its embedded default — SQLite, an in-process sandbox portal with sample people and a
 * few thousand items, no external services — and a printout of what to try next. Everything it starts is what
 * `npm start` starts; only the configuration differs (SANDBOX=1, a demo API key).
 * @module
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { installApp } from '../bitrix24/sandbox/app-events.js';
import { toPortalUserId } from '../engine/ids.js';
import { ConfigError, toConfig } from './config.js';
import { demoEnvironment } from './demo-environment.js';
import { demoEncryptionKey } from './demo-key.js';
import { applySlackEmails, demoPeople, parseSlackEmails, renderDemoPeople } from './demo-people.js';
import { createPinoLogger } from './logger.js';
import { createRuntime } from './main.js';

/** `npm run demo -- --slack-emails 1=you@acme.com`: sandbox people who are these Slack users (matched by e-mail). */
function slackEmailsOf(argv: readonly string[]): Map<number, string> {
  let spec: string | undefined;
  try {
    spec = parseArgs({ args: [...argv], options: { 'slack-emails': { type: 'string' } } }).values['slack-emails'];
  } catch (err) {
    process.stderr.write(
      `${err instanceof Error ? err.message : String(err)}\nUsage: npm run demo -- [--slack-emails 1=you@acme.com,3=bob@acme.com]\n`,
    );
    process.exit(2);
  }
  if (spec === undefined) return new Map();
  const parsed = parseSlackEmails(spec);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.problem}\n`);
    process.exit(2);
  }
  return parsed.value;
}

async function runDemo(): Promise<void> {
  const slackEmails = slackEmailsOf(process.argv.slice(2));
  let config: ReturnType<typeof toConfig>;
  try {
    const env = demoEnvironment(process.env);
    // The demo's own stable key (beside its database), so it starts without production's missing-key warning.
    if (env.ENCRYPTION_KEY === undefined) {
      env.ENCRYPTION_KEY = demoEncryptionKey(env.DATABASE_PATH ?? './data/demo.db');
    }
    config = toConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createPinoLogger(config.logLevel);
  const runtime = await createRuntime(config, { logger, sandboxItemsPerUser: 40 });
  const notEmployees = runtime.sandbox ? applySlackEmails(runtime.sandbox.portal, slackEmails) : [];
  for (const id of notEmployees) slackEmails.delete(id);
  if (notEmployees.length > 0) {
    process.stderr.write(
      `--slack-emails: no sandbox employee has the id ${notEmployees.join(', ')}; see the list below.\n`,
    );
  }
  const server = serve({ fetch: runtime.app.fetch, port: config.port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    void printDemo(info, config, runtime, slackEmails);
  });

  const shutdown = async () => {
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** Installs the Bitrix24 app into the sandbox (as a portal admin saving a local app would), then prints how to try it. */
async function printDemo(
  info: AddressInfo,
  config: ReturnType<typeof toConfig>,
  runtime: Awaited<ReturnType<typeof createRuntime>>,
  slackEmails: ReadonlyMap<number, string>,
): Promise<void> {
  // The demo's sandbox answers only on loopback; installing there is what an admin saving a local app does.
  const url = `http://127.0.0.1:${info.port}`;
  const portal = runtime.sandbox?.portal;
  let bot = '';
  if (portal) {
    const installed = await installApp(portal, { handlerUrl: `${url}/bitrix24/install` }).catch((err: unknown) => ({
      status: 0,
      body: err instanceof Error ? err.message : String(err),
    }));
    bot =
      installed.status === 200
        ? `
Or talk to the Handoff bot as a person in the sandbox portal (the app is installed; the sandbox posts real Bitrix24
bot events to this server, and the bot answers with buttons, a progress message and notifications):
  export HANDOFF_SANDBOX_URL=${runtime.sandbox?.url}
  node dist/bot/cli/main.js sandbox-chat --as 1 "@2 to @3 until next monday 9am only deals,tasks"
  node dist/bot/cli/main.js sandbox-chat --as 1 --press <message id>:Start
  node dist/bot/cli/main.js sandbox-chat --as 1          # your chat with the bot (progress edits, summaries)
  node dist/bot/cli/main.js sandbox-chat --as 3          # the receiver's (user 3's) notifications

The robot "Change Related Responsible" is registered too: a deal reaches a stage, and it and the records its
toggles choose go to a person or to whoever holds a role ("roles" needs HANDOFF_URL and HANDOFF_API_KEY exported above):
  node dist/bot/cli/main.js roles set paralegal 3
  node dist/bot/cli/main.js sandbox-robot --deal 1 --role paralegal --with document,activities,tasks,contacts
`
        : `\n(The Bitrix24 app could not be installed into the sandbox: ${installed.status} ${installed.body.slice(0, 200)})\n`;
  }
  const cli = 'node dist/bot/cli/main.js';
  process.stdout.write(`
Handoff demo is running at ${url}
  database: ${config.storage.mode === 'sqlite' ? config.storage.databasePath : 'MongoDB'} · portal: sandbox at ${runtime.sandbox?.url} (rate limit ${config.rate.burst} burst, ${config.rate.perSecond}/s, like a real portal)

People in the sandbox portal (id, name, e-mail, departments, open items as preview counts them):
${portal ? renderDemoPeople(demoPeople(portal)) : '    (none)'}
  (${cli} people [name] and ${cli} departments list them too.)

From Slack (SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN, or SLACK_APP_TOKEN for Socket Mode): Handoff matches a Slack user
to the portal user with the same e-mail. ${
    slackEmails.size > 0
      ? `Slack users with ${[...slackEmails].map(([id, email]) => `${email} are person ${id}`).join(', ')}.`
      : `Nobody here has your Slack e-mail yet: restart with
  npm run demo -- --slack-emails 1=<your Slack e-mail>[,3=<a colleague's>]
to be person 1 (the portal admin), who may also link others: /handoff link @colleague <id>.`
  }

Try it (in another terminal, from this folder):
  export HANDOFF_URL=${url} HANDOFF_API_KEY=${config.apiKey}
  ${cli} kinds
  ${cli} preview --from 2 --to 3
  ${cli} start --from 2 --to 3 --until "next monday 9am" --tz Europe/Kyiv --only deals,tasks
  ${cli} status
  ${cli} items H-1 --limit 10
  ${cli} return H-1
  ${cli} start --from 4 --to dept:2 --dry-run
  ${cli} history

Or look at it in the web console (signed in as the sandbox's admin; the link works for 15 minutes):
  ${runtime.issueConsoleLink(url, { tenantId: runtime.tenantId, portalUserId: toPortalUserId(1), label: 'demo (admin)' }).url}

Or with curl:
  curl -s -H "Authorization: Bearer ${config.apiKey}" -H 'content-type: application/json' \\
       -d '{"from":{"id":2},"to":{"type":"head"}}' ${url}/api/v1/handoffs/preview
  curl -s ${url}/api/v1/openapi.json | head -c 300

${bot}
Stop with Ctrl+C.
`);
}

await runDemo();
