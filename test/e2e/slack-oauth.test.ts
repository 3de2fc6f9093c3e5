import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_TEAM_ID, PEOPLE, type SlackWorld, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({ oauth: true });
});
afterAll(async () => {
  await world?.close();
});

const query = { teamId: OAUTH_TEAM_ID, enterpriseId: undefined, isEnterpriseInstall: false };

describe('multi-workspace install (OAuth v2)', () => {
  it('installs through /slack/install and /slack/oauth_redirect, then serves that workspace with its own token', async () => {
    const install = await fetch(`${world.url}/slack/install`, { redirect: 'manual' });
    const page = await install.text();
    const cookie = install.headers.get('set-cookie')?.split(';')[0] ?? '';
    const authorizeUrl = new URL(
      /href="(https:\/\/slack\.com[^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? 'http://invalid/',
    );
    expect(install.status).toBe(200);
    expect(authorizeUrl.searchParams.get('client_id')).toBe('cid.123');
    expect(authorizeUrl.searchParams.get('scope')).toBe(
      'commands,chat:write,chat:write.public,im:write,users:read,users:read.email',
    );

    const callback = await fetch(
      `${world.url}/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(authorizeUrl.searchParams.get('state') ?? '')}`,
      { headers: { cookie }, redirect: 'manual' },
    );
    await callback.text();
    const installation = await world.installationStore.fetchInstallation(query);

    expect(callback.status).toBe(200);
    expect(world.slack.callsOf('oauth.v2.access')).toHaveLength(1);
    expect(installation.bot?.token).toBe('xoxb-fake-installed');

    world.slack.clear();
    await world.command('', { team: OAUTH_TEAM_ID, user: PEOPLE.admin.slack });
    await expect.poll(() => world.slack.callsOf('views.open').length).toBe(1);
    expect(world.slack.callsOf('views.open')[0]?.authorization).toBe('Bearer xoxb-fake-installed');
  });

  it('refuses a callback without the state cookie, and forgets the installation on app_uninstalled', async () => {
    const forged = await fetch(`${world.url}/slack/oauth_redirect?code=code-2&state=forged`, { redirect: 'manual' });
    await forged.text();
    expect(world.slack.callsOf('oauth.v2.access').length).toBe(0);

    await world.event({ type: 'app_uninstalled', event_ts: '1' }, { eventId: 'EvUNINSTALL', team: OAUTH_TEAM_ID });

    await expect
      .poll(() =>
        world.installationStore.fetchInstallation(query).then(
          () => 'present',
          () => 'gone',
        ),
      )
      .toBe('gone');
  });
});
