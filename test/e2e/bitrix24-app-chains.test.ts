/**
 * Two portals with the Bitrix24 app installed (issue 9), each running a chain of handoffs from its chat bot at the
 * same time (issue 8): in each, user 2's work is lent to 3, then 3's (with 2's) to 4; the returns come in opposite
 * orders in the two portals. The portals share user and item ids, so any crossing of tenants would show: every item
 * must end with its owner in its own portal, and each portal sees only its own H-1 and H-2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installApp, pressButton, sendToBot } from '../../bitrix24/sandbox/app-events.js';
import type { SandboxBotMessage } from '../../bitrix24/sandbox/im-state.js';
import type { RunningSandbox } from '../../bitrix24/sandbox/index.js';
import { toTenantId } from '../../engine/ids.js';
import { startAppWorld, startPortal } from './support/bitrix24-app-world.js';
import { waitFor } from './support/handoff-api.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const botMessages = (sandbox: RunningSandbox): SandboxBotMessage[] =>
  sandbox.portal.im.dialog('1').filter((m) => m.botId !== undefined);

const mention = (sandbox: RunningSandbox, id: number) => {
  const user = sandbox.portal.users.find((u) => u.id === id);
  return `[USER=${id}]${user?.name} ${user?.lastName}[/USER]`;
};

describe('Bitrix24 app: chained handoffs in two portals at once', () => {
  it('each portal’s chain returns within that portal, in either order', async () => {
    const a = await startPortal('member-chain-a', 3);
    cleanups.push(() => a.close());
    const b = await startPortal('member-chain-b', 3);
    cleanups.push(() => b.close());
    const app = await startAppWorld(a.url);
    cleanups.push(() => app.close());
    const wait = { timeoutMs: 30_000, intervalMs: 50, detail: () => app.logTail() };
    const tenants = { a: toTenantId('b24-member-chain-a'), b: toTenantId('b24-member-chain-b') };
    for (const p of [a, b]) {
      expect((await installApp(p.portal, { handlerUrl: `${app.url}/bitrix24/install` })).status).toBe(200);
    }
    // Same seed: the same ids name different records in each portal.
    const dealsOf = (p: RunningSandbox, userId: number) => p.portal.itemIdsOf('deals', userId, true);
    const annaDeals = dealsOf(a, 2);
    expect(annaDeals.length).toBeGreaterThan(0);
    expect(dealsOf(b, 2)).toEqual(annaDeals);
    const benDeals = dealsOf(a, 3);

    /** Asks the bot in both portals at once and presses Start on both previews. */
    async function handOffInBoth(text: (p: RunningSandbox) => string): Promise<void> {
      await Promise.all([a, b].map((p) => sendToBot(p.portal, { fromUserId: 1, text: text(p) })));
      // The preview is the one message with a Start button (a pressed one loses its buttons).
      const previews = await Promise.all(
        [a, b].map((p) =>
          waitFor(
            'a preview with Start',
            () => botMessages(p).findLast((m) => m.keyboard.some((k) => k.TEXT === 'Start')),
            wait,
          ),
        ),
      );
      await Promise.all(
        [a, b].map((p, i) => pressButton(p.portal, { messageId: previews[i]?.id ?? 0, button: 'Start', userId: 1 })),
      );
    }
    const statusOf = async (tenant: keyof typeof tenants, no: number) =>
      (await app.runtime.service.get(tenants[tenant], no)).handoff.status;

    await handOffInBoth((p) => `/handoff ${mention(p, 2)} to ${mention(p, 3)} until next monday 9am only deals`);
    await waitFor(
      'H-1 lent in both',
      async () =>
        (await statusOf('a', 1)) === 'return_scheduled' && (await statusOf('b', 1)) === 'return_scheduled'
          ? true
          : undefined,
      wait,
    );
    await handOffInBoth((p) => `/handoff ${mention(p, 3)} to ${mention(p, 4)} until next monday 9am only deals`);
    await waitFor(
      'H-2 lent on in both',
      async () =>
        (await statusOf('a', 2)) === 'return_scheduled' && (await statusOf('b', 2)) === 'return_scheduled'
          ? true
          : undefined,
      wait,
    );
    for (const p of [a, b]) {
      expect(annaDeals.map((d) => p.portal.ownerOf('deals', d))).toEqual(annaDeals.map(() => 4));
    }

    // Portal A: Anna back first (her deals wait with 4 until Ben is back). Portal B: Ben back first.
    await Promise.all([
      sendToBot(a.portal, { fromUserId: 1, text: '/handoff return H-1' }),
      sendToBot(b.portal, { fromUserId: 1, text: '/handoff return H-2' }),
    ]);
    await waitFor(
      'the first returns',
      async () =>
        (await statusOf('a', 1)) === 'returned' && (await statusOf('b', 2)) === 'returned' ? true : undefined,
      wait,
    );
    expect(annaDeals.map((d) => a.portal.ownerOf('deals', d))).toEqual(annaDeals.map(() => 4));
    expect(annaDeals.map((d) => b.portal.ownerOf('deals', d))).toEqual(annaDeals.map(() => 3));

    await Promise.all([
      sendToBot(a.portal, { fromUserId: 1, text: '/handoff return H-2' }),
      sendToBot(b.portal, { fromUserId: 1, text: '/handoff return H-1' }),
    ]);
    await waitFor(
      'the second returns',
      async () =>
        (await statusOf('a', 2)) === 'returned' && (await statusOf('b', 1)) === 'returned' ? true : undefined,
      wait,
    );
    for (const p of [a, b]) {
      expect(annaDeals.map((d) => p.portal.ownerOf('deals', d))).toEqual(annaDeals.map(() => 2));
      expect(benDeals.map((d) => p.portal.ownerOf('deals', d))).toEqual(benDeals.map(() => 3));
    }
    for (const tenant of Object.values(tenants)) {
      const views = await app.runtime.service.list(tenant);
      expect(views.map((v) => [v.handoff.no, v.handoff.status])).toEqual([
        [2, 'returned'],
        [1, 'returned'],
      ]);
    }
  }, 120_000);
});
