/**
 * The confirm token: a previewed plan, compact and signed, that fits a Slack button value (≤ 2000 characters,
 * reference/slack.md §2.4) and is re-validated when Start is pressed. Signed so that a crafted button value cannot
 * start a plan nobody previewed; checked again for expiry, speaker and tenant at Start.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { PortalUserId, TenantId } from '../engine/ids.js';
import { type EntityKind, EntityKindSchema, isEntityKind } from '../engine/kinds.js';
import type { Plan, Target } from '../engine/model.js';
import { fail, ok, problem, type Result } from './problems.js';

export const MAX_CONFIRM_TOKEN_LENGTH = 2000;

const TargetJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: PortalUserId }),
  z.object({ type: z.literal('head'), departmentId: z.number().int().positive().optional() }),
  z.object({ type: z.literal('department'), departmentId: z.number().int().positive() }),
]);

/** The signed body. Short keys keep the token small; instants are epoch milliseconds. */
export const ConfirmPayload = z.object({
  v: z.literal(1),
  /** tenant */
  t: TenantId,
  /** speaker portal user id (0 when unknown) and label */
  u: z.number().int().nonnegative(),
  l: z.string().max(200),
  /** from-user */
  f: PortalUserId,
  to: TargetJson,
  /** per-kind targets */
  tg: z
    .array(z.tuple([EntityKindSchema, TargetJson]))
    .max(1000)
    .optional(),
  k: z.array(EntityKindSchema).max(1000).optional(),
  s: z.number().int().positive().optional(),
  r: z.number().int().positive().optional(),
  /** options as flags: allItems, dryRun, forceReturn, notify, sweep */
  o: z.string().regex(/^[01]{5}$/),
  /** issued at */
  iat: z.number().int().positive(),
});
export type ConfirmPayload = z.infer<typeof ConfirmPayload>;

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`handoff-confirm:v1:${body}`).digest('base64url').slice(0, 32);
}

function toTargetJson(target: Target): z.infer<typeof TargetJson> {
  return target.type === 'head' && target.departmentId === undefined ? { type: 'head' } : target;
}

function fromTargetJson(json: z.infer<typeof TargetJson>): Target {
  return json.type === 'head' && json.departmentId === undefined ? { type: 'head' } : (json as Target);
}

/** Encodes a plan as a confirm token; throws only when the plan is too large to fit a button (a programmer error). */
export function toConfirmToken(plan: Plan, issuedAt: Date, secret: string): string {
  const o = [
    plan.options.allItems,
    plan.options.dryRun,
    plan.options.forceReturn,
    plan.options.notify,
    plan.options.sweep,
  ]
    .map((flag) => (flag ? '1' : '0'))
    .join('');
  const payload: ConfirmPayload = {
    v: 1,
    t: plan.tenantId,
    u: plan.initiator.portalUserId ?? 0,
    l: plan.initiator.label.slice(0, 200),
    f: plan.fromUserId,
    to: toTargetJson(plan.to),
    ...(plan.targets
      ? {
          tg: Object.entries(plan.targets).flatMap(([kind, target]) =>
            target && isEntityKind(kind) ? [[kind, toTargetJson(target)] satisfies [EntityKind, unknown]] : [],
          ),
        }
      : {}),
    ...(plan.kinds && plan.kinds.length > 0 ? { k: [...plan.kinds] } : {}),
    ...(plan.when.startAt ? { s: plan.when.startAt.getTime() } : {}),
    ...(plan.when.mode === 'temporary' ? { r: plan.when.returnAt.getTime() } : {}),
    o,
    iat: issuedAt.getTime(),
  };
  // Deflated: kind lists and per-kind targets repeat a lot, and a button value holds 2000 characters.
  const body = deflateRawSync(JSON.stringify(payload)).toString('base64url');
  const token = `${body}.${sign(body, secret)}`;
  if (token.length > MAX_CONFIRM_TOKEN_LENGTH) throw new Error(`confirm token too long (${token.length})`);
  return token;
}

export interface ConfirmCheck {
  readonly now: Date;
  readonly secret: string;
  readonly ttlMs: number;
}

/** Reads and verifies a confirm token; the plan comes back without origin (the Start click supplies it). */
export function parseConfirmToken(token: string, check: ConfirmCheck): Result<Plan> {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > MAX_CONFIRM_TOKEN_LENGTH) {
    return fail(problem('confirm_invalid'));
  }
  const expected = Buffer.from(sign(body, check.secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return fail(problem('confirm_invalid'));
  let json: unknown;
  try {
    json = JSON.parse(inflateRawSync(Buffer.from(body, 'base64url'), { maxOutputLength: 100_000 }).toString('utf8'));
  } catch {
    return fail(problem('confirm_invalid'));
  }
  const parsed = ConfirmPayload.safeParse(json);
  if (!parsed.success) return fail(problem('confirm_invalid'));
  const p = parsed.data;
  if (check.now.getTime() - p.iat > check.ttlMs || p.iat > check.now.getTime() + 60_000) {
    return fail(problem('confirm_expired'));
  }
  const [allItems, dryRun, forceReturn, notify, sweep] = [...p.o].map((c) => c === '1') as boolean[];
  const startAt = p.s !== undefined ? { startAt: new Date(p.s) } : {};
  return ok({
    tenantId: p.t,
    initiator: { label: p.l, ...(p.u > 0 ? { portalUserId: PortalUserId.parse(p.u) } : {}) },
    fromUserId: p.f,
    to: fromTargetJson(p.to),
    ...(p.tg ? { targets: Object.fromEntries(p.tg.map(([kind, t]) => [kind, fromTargetJson(t)])) } : {}),
    ...(p.k ? { kinds: p.k } : {}),
    when:
      p.r !== undefined
        ? { mode: 'temporary', returnAt: new Date(p.r), ...startAt }
        : { mode: 'permanent', ...startAt },
    options: {
      allItems: allItems ?? false,
      dryRun: dryRun ?? false,
      forceReturn: forceReturn ?? false,
      notify: notify ?? true,
      sweep: sweep ?? false,
    },
  });
}
