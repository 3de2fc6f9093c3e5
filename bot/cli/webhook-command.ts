/**
 * `handoff webhooks …` (issue 12): outgoing webhook subscriptions through /api/v1/webhooks.
 *   webhooks [list]
 *   webhooks add <url> [--only handoff.started,handoff.failed]   prints the secret once
 *   webhooks remove <id>
 *   webhooks deliveries <id>
 * @module
 */
import type { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../storage/webhook-store.js';
import type { DeliveryListOut, WebhookCreatedOut, WebhookListOut } from '../api/webhook-routes.js';
import type { ApiClient } from './api-client.js';
import { CliUsageError } from './plan-flags.js';
import type { TextSink } from './progress.js';

export interface WebhookRun {
  readonly args: readonly string[];
  readonly flags: { readonly only?: string | undefined };
  readonly stderr: TextSink;
  api(): ApiClient;
  print(json: unknown, text: string): void;
}

type Created = z.infer<typeof WebhookCreatedOut>;
type List = z.infer<typeof WebhookListOut>;
type Deliveries = z.infer<typeof DeliveryListOut>;

function eventsOf(only: string | undefined): string[] | undefined {
  if (only === undefined) return undefined;
  const events = only.split(',').map((e) => e.trim());
  const bad = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (bad !== undefined) throw new CliUsageError(`--only: "${bad}" is not an event (${WEBHOOK_EVENTS.join(', ')}).`);
  return events;
}

export async function runWebhookCommand(run: WebhookRun): Promise<void> {
  const [sub = 'list', arg] = run.args;
  switch (sub) {
    case 'list': {
      const list = await run.api().get<List>('/api/v1/webhooks');
      const text =
        list.webhooks.length === 0
          ? 'No webhooks yet: handoff webhooks add <url>.\n'
          : list.webhooks.map((w) => `${w.id}  ${w.url}  ${w.events.join(',')}\n`).join('');
      return run.print(list, text);
    }
    case 'add': {
      if (arg === undefined) throw new CliUsageError('webhooks add: expected the URL to send events to.');
      const events = eventsOf(run.flags.only);
      const created = await run.api().post<Created>('/api/v1/webhooks', { url: arg, ...(events ? { events } : {}) });
      run.stderr.write('The secret signs every delivery (Handoff-Signature); it is shown only now:\n');
      return run.print(created, `${created.id}\n${created.secret}\n`);
    }
    case 'remove': {
      if (arg === undefined) throw new CliUsageError('webhooks remove: expected a webhook id (handoff webhooks list).');
      await run.api().delete<null>(`/api/v1/webhooks/${encodeURIComponent(arg)}`);
      return run.print({ removed: arg }, `Removed ${arg}.\n`);
    }
    case 'deliveries': {
      if (arg === undefined) throw new CliUsageError('webhooks deliveries: expected a webhook id.');
      const list = await run.api().get<Deliveries>(`/api/v1/webhooks/${encodeURIComponent(arg)}/deliveries`);
      const text = list.deliveries
        .map(
          (d) =>
            `${d.createdAt}  ${d.event.padEnd(18)} ${d.status.padEnd(9)} ${d.attempts} attempt(s)${d.lastError ? `  ${d.lastError}` : ''}\n`,
        )
        .join('');
      return run.print(list, text || 'No deliveries yet.\n');
    }
    default:
      throw new CliUsageError(`webhooks: unknown subcommand "${sub}" (list, add, remove, deliveries).`);
  }
}
