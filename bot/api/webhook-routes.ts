/**
 * /api/v1/webhooks (issue 12): outgoing webhook subscriptions of the tenant. A subscription names a URL (https on a
 * public host, never an internal address: bitrix24/public-address.ts) and the events it wants; its secret is shown once, at creation, and signs every delivery
 * (bot/webhooks/sign.ts). Deliveries of a subscription can be read back to see what was sent and retried.
 * @module
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { isLoopbackHost } from '../../bitrix24/portal-config.js';
import { isPrivateLiteralHost } from '../../bitrix24/public-address.js';
import { WEBHOOK_EVENTS, type WebhookStore } from '../../storage/webhook-store.js';
import type { AuthVariables } from './auth.js';
import { ApiError } from './errors.js';
import { readJsonBody, readQuery } from './request.js';

/**
 * The subscription body. Production (`allowLoopback` unset) takes https only, on a public host: an IP literal or
 * `localhost` in a loopback, private, link-local or reserved range is refused here, and names are resolved and
 * checked again at every delivery (bot/webhooks/worker.ts). Tests may allow http on loopback explicitly.
 */
export function webhookInput(options: { allowLoopback?: boolean } = {}) {
  const allowLoopback = options.allowLoopback === true;
  return z.strictObject({
    url: z
      .url()
      .max(2000)
      .refine(
        (text) => {
          const url = new URL(text);
          return (
            url.protocol === 'https:' || (allowLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname))
          );
        },
        { message: 'must use https' },
      )
      .refine((text) => !isPrivateLiteralHost(new URL(text).hostname, { allowLoopback }), {
        message: 'must not point at a private, loopback or reserved address',
      })
      .refine((text) => new URL(text).username === '' && new URL(text).password === '', {
        message: 'must not carry a user name or password',
      })
      .meta({ description: 'Where deliveries are POSTed: https on a public host.' }),
    events: WebhookEvents,
  });
}

const WebhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .optional()
  .meta({ description: `Events to send; default all: ${WEBHOOK_EVENTS.join(', ')}.` });

/** Subscriptions per tenant. */
export const MAX_SUBSCRIPTIONS = 20;

/** The production body (for the OpenAPI document). */
export const WebhookInput = webhookInput();

const WebhookOut = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: z.iso.datetime(),
});
export const WebhookCreatedOut = WebhookOut.extend({
  secret: z.string().meta({ description: 'Signs every delivery (Handoff-Signature). Shown only here: store it.' }),
});
export const WebhookListOut = z.strictObject({ webhooks: z.array(WebhookOut) });
export const DeliveryListOut = z.strictObject({
  deliveries: z.array(
    z.strictObject({
      id: z.string(),
      event: z.enum(WEBHOOK_EVENTS),
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
      deliveredAt: z.iso.datetime().nullable(),
    }),
  ),
});
const DeliveryQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^(?:[1-9]\d?|100)$/, { message: 'expected 1 to 100' })
    .optional(),
});

export function registerWebhookRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { webhooks: WebhookStore; allowLoopback?: boolean },
) {
  const { webhooks } = deps;
  const input = webhookInput(deps.allowLoopback === true ? { allowLoopback: true } : {});

  app.post('/api/v1/webhooks', async (c) => {
    const body = await readJsonBody(c, input);
    // Each lifecycle event fans out to every subscription: a bound keeps one key from multiplying our requests.
    if ((await webhooks.listSubscriptions(c.var.tenantId)).length >= MAX_SUBSCRIPTIONS) {
      throw new ApiError(
        409,
        'too_many_webhooks',
        `A tenant has at most ${MAX_SUBSCRIPTIONS} webhooks: remove one before adding another.`,
      );
    }
    const { subscription, secret } = await webhooks.createSubscription(
      c.var.tenantId,
      body.url,
      body.events ?? WEBHOOK_EVENTS,
    );
    c.header('Location', `/api/v1/webhooks/${subscription.id}`);
    return c.json(
      {
        id: subscription.id,
        url: subscription.url,
        events: [...subscription.events],
        createdAt: subscription.createdAt.toISOString(),
        secret,
      } satisfies z.infer<typeof WebhookCreatedOut>,
      201,
    );
  });

  app.get('/api/v1/webhooks', async (c) => {
    const list = await webhooks.listSubscriptions(c.var.tenantId);
    return c.json({
      webhooks: list.map((s) => ({
        id: s.id,
        url: s.url,
        events: [...s.events],
        createdAt: s.createdAt.toISOString(),
      })),
    } satisfies z.infer<typeof WebhookListOut>);
  });

  app.delete('/api/v1/webhooks/:id', async (c) => {
    if (!(await webhooks.deleteSubscription(c.var.tenantId, c.req.param('id')))) {
      throw new ApiError(404, 'not_found', 'No such webhook here.');
    }
    return c.body(null, 204);
  });

  app.get('/api/v1/webhooks/:id/deliveries', async (c) => {
    const id = c.req.param('id');
    const query = readQuery(c, DeliveryQuery);
    if (!(await webhooks.listSubscriptions(c.var.tenantId)).some((s) => s.id === id)) {
      throw new ApiError(404, 'not_found', 'No such webhook here.');
    }
    const list = await webhooks.listDeliveries(
      c.var.tenantId,
      id,
      query.limit === undefined ? 20 : Number(query.limit),
    );
    return c.json({
      deliveries: list.map((d) => ({
        id: d.id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError ?? null,
        nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
      })),
    } satisfies z.infer<typeof DeliveryListOut>);
  });
}
