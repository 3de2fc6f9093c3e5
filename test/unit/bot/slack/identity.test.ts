import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebClient } from '../../../../bot/slack/clients.js';
import { createSlackClients } from '../../../../bot/slack/clients.js';
import { createSlackIdentity } from '../../../../bot/slack/identity.js';
import { toPortalUserId, toTenantId } from '../../../../engine/ids.js';
import type { Logger } from '../../../../engine/ports.js';
import { MemoryIdentityLinkStore } from '../../../../storage/identity-link-store.js';
import { MemoryWorkSystem } from '../../../fakes/memory-work-system.js';
import { type FakeSlackWebApi, startFakeSlackWebApi } from '../../../fakes/slack-web-api.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const tenantId = toTenantId('t1');
const clock = { now: () => new Date() };

let slack: FakeSlackWebApi;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlackWebApi();
  slack.addUser({ id: 'UANNA', email: 'anna@acme.test', tz: 'Europe/Kyiv', name: 'Anna' });
  slack.addUser({ id: 'UNOMAIL', tz: 'America/New_York' });
  slack.addUser({ id: 'UGONE', email: 'gone@acme.test', deleted: true });
  slack.addUser({ id: 'UBOTX', isBot: true });
  const clients = createSlackClients({
    auth: { mode: 'token', botToken: 'xoxb-t' },
    slackApiUrl: slack.apiUrl,
    logger: silent,
    retryConfig: { retries: 0 },
  });
  client = (await clients.interactive('T1')) as WebClient;
});
afterAll(async () => {
  await slack.close();
});

function world() {
  const workSystem = new MemoryWorkSystem();
  workSystem.addUser(12, { email: 'anna@acme.test', name: 'Anna P' });
  workSystem.addUser(30, { name: 'No Mail' });
  const links = new MemoryIdentityLinkStore();
  return { tenant: { tenantId, workSystem }, links, identity: createSlackIdentity({ links, clock }) };
}

describe('createSlackIdentity', () => {
  it('matches by e-mail, takes the IANA zone from tz, and caches users.info', async () => {
    const { tenant, identity } = world();
    slack.clear();

    const first = await identity.resolve(client, tenant, 'UANNA');
    const second = await identity.resolve(client, tenant, 'UANNA');

    expect(first.ok && first.value.user.id).toBe(12);
    expect(first.ok && first.value.profile.timeZone).toBe('Europe/Kyiv');
    expect(second).toEqual(first);
    expect(slack.callsOf('users.info')).toHaveLength(1);
  });

  it('says how to fix a user with no matching e-mail, and a link overrides', async () => {
    const { tenant, identity, links } = world();

    const before = await identity.resolve(client, tenant, 'UNOMAIL');
    await links.linkUser(tenantId, 'UNOMAIL', toPortalUserId(30));
    identity.forget('UNOMAIL');
    const after = await identity.resolve(client, tenant, 'UNOMAIL');

    expect(before).toEqual({ ok: false, problem: { code: 'person_not_linked', slackUserId: 'UNOMAIL' } });
    expect(after.ok && after.value.user.id).toBe(30);
  });

  it.each([
    ['a deactivated account', 'UGONE', 'inactive_user'],
    ['a bot', 'UBOTX', 'inactive_user'],
    ['an unknown Slack user', 'UNOBODY', 'person_not_found'],
  ])('refuses %s', async (_name, id, code) => {
    const { tenant, identity } = world();

    const result = await identity.resolve(client, tenant, id);

    expect(result.ok === false && result.problem.code).toBe(code);
  });

  it('finds the Slack user of a portal user by link, else by e-mail', async () => {
    const { tenant, identity } = world();

    expect(await identity.slackUserOf(client, tenant, toPortalUserId(12))).toBe('UANNA');
    expect(await identity.slackUserOf(client, tenant, toPortalUserId(30))).toBeNull();
  });
});
