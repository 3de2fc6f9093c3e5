import { describe, expect, it } from 'vitest';
import type { BotApi } from '../../../../bot/bitrix24-chat/bot-api.js';
import { createBitrix24Notifier } from '../../../../bot/bitrix24-chat/notifier.js';
import { toTenantId } from '../../../../engine/ids.js';
import { MemoryHandoffStore } from '../../../../storage/memory-store.js';
import { MemoryTenantStore } from '../../../../storage/tenant-store.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { MemoryWorkSystem } from '../../../fakes/memory-work-system.js';
import { createRecordingLogger, plan } from '../../engine/harness.js';

const TENANT = toTenantId('t1');

describe('Bitrix24 date notices', () => {
  it('notifies the absent person and the backup, each in their zone, through im.notify', async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const tenants = new MemoryTenantStore({ clock });
    await tenants.ensureTenant({ id: TENANT, name: 'Acme' });
    await tenants.updateTenant(TENANT, {
      portal: {
        type: 'oauth',
        domain: 'acme.bitrix24.com',
        memberId: 'm1',
        accessToken: 'a',
        refreshToken: 'r',
        expiresAt: new Date('2027-01-01T00:00:00Z'),
      },
      app: { memberId: 'm1', domain: 'acme.bitrix24.com', applicationTokenHash: 'a'.repeat(64), botId: 5 },
    });
    const ws = new MemoryWorkSystem();
    ws.addUser(1, { name: 'Anna', timeZone: 'Europe/Kyiv' });
    ws.addUser(2, { name: 'Ben', timeZone: 'UTC' });
    const sent: { userId: number; text: string }[] = [];
    const bot: BotApi = {
      add: async () => 1,
      update: async () => {},
      removeKeyboard: async () => {},
      notify: async (_tenant, userId, text) => {
        sent.push({ userId, text });
      },
    };
    const notifier = createBitrix24Notifier({
      bot,
      tenants,
      store: new MemoryHandoffStore({ clock }),
      workSystems: async () => ws,
      clock,
      logger: createRecordingLogger(),
    });
    const when = {
      mode: 'temporary' as const,
      startAt: new Date('2026-12-21T07:00:00Z'),
      returnAt: new Date('2027-01-04T07:00:00Z'),
    };
    const handoff = {
      tenantId: TENANT,
      id: 'h-1',
      no: 3,
      status: 'scheduled',
      plan: { ...plan({ when }), tenantId: TENANT },
      targets: { deals: { type: 'user', userId: 2, via: 'user' } },
      kinds: ['deals'],
      createdAt: clock.now(),
      updatedAt: clock.now(),
      cancelRequested: false,
    } as never;

    await notifier.notice?.(handoff, { kind: 'scheduled', actor: 'api-key:hr' });

    expect(sent).toEqual([
      { userId: 1, text: expect.stringMatching(/^H-3: while you are away from .*21 Dec.*09:00.* Ben will cover/) },
      { userId: 2, text: expect.stringMatching(/^H-3: you will cover Anna's work from .*21 Dec.*07:00/) },
    ]);
  });
});
