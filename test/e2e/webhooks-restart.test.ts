import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../bot/webhooks/sign.js';
import { createWebhookWorker } from '../../bot/webhooks/worker.js';
import { toTenantId } from '../../engine/ids.js';
import { createCipher } from '../../storage/crypto.js';
import { openSqliteDatabase } from '../../storage/sqlite.js';
import { SqliteWebhookStore } from '../../storage/sqlite-webhook-store.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { silentLogger } from './api-harness.js';

const TENANT = toTenantId('t1');

describe('webhook outbox across a restart (SQLite file)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'webhooks-restart-'));
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    rmSync(folder, { recursive: true, force: true });
  });

  it('a delivery queued (and failed once) before the process stopped is sent by the next process', async () => {
    const bodies: { body: string; signature: string }[] = [];
    const answers = [500];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        bodies.push({ body, signature: String(req.headers['handoff-signature']) });
        res.statusCode = answers.shift() ?? 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const key = randomBytes(32);
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const path = join(folder, 'handoff.db');

    const first = openSqliteDatabase(path);
    const before = new SqliteWebhookStore(first, { cipher: createCipher(key), clock });
    const { secret } = await before.createSubscription(TENANT, url, ['handoff.started']);
    await before.enqueue(TENANT, 'handoff.started', '{"type":"handoff.started"}');
    await createWebhookWorker({ allowLoopback: true, store: before, fetch, clock, logger: silentLogger }).deliverDue();
    first.close();

    clock.advance(10_000);
    const second = openSqliteDatabase(path);
    const after = new SqliteWebhookStore(second, { cipher: createCipher(key), clock });
    const sent = await createWebhookWorker({
      allowLoopback: true,
      store: after,
      fetch,
      clock,
      logger: silentLogger,
    }).deliverDue();
    const [delivery] = await after.listDeliveries(TENANT, (await after.listSubscriptions(TENANT))[0]?.id ?? '', 5);
    second.close();

    expect(sent).toBe(1);
    expect(bodies).toHaveLength(2);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(verifyWebhookSignature(secret, bodies[1]?.signature, bodies[1]?.body ?? '', now)).toBe(true);
  });
});
