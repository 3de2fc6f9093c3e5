/**
 * The sandbox portal served on loopback in the test process, with a hook that runs after the portal has handled a
 * request and before the response leaves: a test can SIGKILL the runtime at the exact moment a batch of owner changes
 * has reached the portal but not its caller (the "sent, never recorded" crash). Plus small helpers to seed and read it.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createSandboxApp,
  createSandboxPortal,
  type SandboxOptions,
  type SandboxPortal,
} from '../../../bitrix24/sandbox/index.js';
import type { EntityKind } from '../../../engine/kinds.js';

export interface ServedPortal {
  readonly url: string;
  readonly webhookUrl: string;
  readonly portal: SandboxPortal;
  /** Runs after each REST request was handled, before its response is sent; `undefined` removes it. */
  afterRequest(hook: (() => void) | undefined): void;
  close(): Promise<void>;
}

/** Starts a sandbox portal on 127.0.0.1, port 0. */
export async function servePortal(options: SandboxOptions): Promise<ServedPortal> {
  const portal = createSandboxPortal(options);
  const app = createSandboxApp(portal);
  let hook: (() => void) | undefined;
  const fetch = async (request: Request): Promise<Response> => {
    const response = await app.fetch(request);
    hook?.();
    return response;
  };
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  portal.origin = `http://127.0.0.1:${port}`;
  return {
    url: portal.origin,
    webhookUrl: portal.webhookUrl,
    portal,
    afterRequest: (next) => {
      hook = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Adds `count` open items of `kind` owned by `ownerId`; returns their ids. */
export function addItems(portal: SandboxPortal, kind: EntityKind, ownerId: number, count: number): number[] {
  return Array.from({ length: count }, () => portal.addItem(kind, { ownerId }));
}

/** How many of `ids` the portal shows with `ownerId`. */
export function ownedBy(portal: SandboxPortal, kind: EntityKind, ids: readonly number[], ownerId: number): number {
  let n = 0;
  for (const id of ids) if (portal.ownerOf(kind, id) === ownerId) n += 1;
  return n;
}

/** Items of `ids` whose API update count is not `expected`, as `kind#id×n` (empty when all match). */
export function updateCountsOtherThan(
  portal: SandboxPortal,
  kind: EntityKind,
  ids: readonly number[],
  expected: number,
): string[] {
  const off: string[] = [];
  for (const id of ids) {
    const n = portal.updateCount(kind, id);
    if (n !== expected) off.push(`${kind}#${id}×${n}`);
  }
  return off;
}
