/**
 * Serves a sandbox portal on 127.0.0.1 with an ephemeral port, for tests and benchmarks.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSandboxApp } from './app.js';
import { createSandboxPortal, type SandboxPortal } from './portal.js';
import type { SandboxOptions } from './types.js';

export interface RunningSandbox {
  /** 'http://127.0.0.1:<port>': the portal's original base address (also the OAuth server's). */
  readonly url: string;
  /** `${url}/rest/1/sandboxcode12345/` with the configured webhook. */
  readonly webhookUrl: string;
  readonly portal: SandboxPortal;
  close(): Promise<void>;
}

/**
 * Starts a portal on loopback.
 * @example const sandbox = await startSandbox({ rate: false }); await fetch(`${sandbox.webhookUrl}profile`);
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const portal = createSandboxPortal(options);
  const app = createSandboxApp(portal);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  const url = `http://127.0.0.1:${port}`;
  portal.origin = url;
  return {
    url,
    webhookUrl: portal.webhookUrl,
    portal,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
