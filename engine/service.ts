/**
 * `createHandoffService`: the engine behind every surface. Validates and previews plans, creates handoffs (the store
 * numbers them and refuses a second active one per from-user), answers status queries, takes cancel / retry / return
 * / undo, and exposes the job handlers the scheduler runs.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { cancelHandoff, mustGet, requestReturn, retryHandoff, viewOf } from './actions.js';
import { DEFAULT_ENGINE_OPTIONS, type EngineContext, type EngineDeps } from './context.js';
import { HandoffError } from './errors.js';
import { recordEvent } from './events.js';
import type { PlanReader } from './facts.js';
import { formatHandoffNo, type HandoffId, type TenantId, toHandoffId } from './ids.js';
import { createHandoffCache } from './ledger.js';
import { refOf } from './lifecycle.js';
import type { Handoff, HandoffItem, Plan } from './model.js';
import { sendNotice } from './notices.js';
import { checkPlan, type ValidatedPlan } from './plan.js';
import type { WorkSystem } from './ports.js';
import { buildPreview } from './preview.js';
import { EARLY_JOB_TOLERANCE_MS, endHandoffEarly, moveHandoff } from './reschedule.js';
import { runReturnJob } from './return.js';
import type { HandoffItemView, HandoffService, HandoffView } from './service-types.js';
import { runSweepJob } from './sweep.js';
import { runTransferJob } from './transfer.js';

export type { EngineDeps } from './context.js';
export { DEFAULT_ENGINE_OPTIONS } from './context.js';

/** Refuses a handoff that starts now and has nothing to move (a temporary one with sweep may still catch items). */
async function ensureSomethingToMove(
  validated: ValidatedPlan,
  workSystem: Pick<WorkSystem, 'countItems'>,
): Promise<void> {
  const { plan, kinds } = validated;
  if (plan.when.startAt || (plan.when.mode === 'temporary' && plan.options.sweep)) return;
  const scope = plan.options.allItems ? 'all' : 'open';
  for (const kind of kinds) {
    if ((await workSystem.countItems(kind, plan.fromUserId, scope)) > 0) return;
  }
  throw new HandoffError('empty_selection', 'The from-user has nothing to hand off in the selected kinds.', {
    field: 'kinds',
    userId: plan.fromUserId,
    reason: 'nothing_to_move',
  });
}

/** The ledger's links on a page of items, as the H-numbers people know (one read per distinct handoff). */
async function withChainNumbers(
  ctx: EngineContext,
  tenantId: TenantId,
  items: readonly HandoffItem[],
): Promise<readonly HandoffItemView[]> {
  const handoffs = createHandoffCache(ctx.store, tenantId);
  const noOf = async (id: HandoffId | undefined) => (id === undefined ? undefined : (await handoffs.get(id))?.no);
  return Promise.all(
    items.map(async (item) => {
      const [via, onward] = [await noOf(item.viaHandoffId), await noOf(item.onwardHandoffId)];
      return {
        ...item,
        ...(via === undefined ? {} : { viaHandoffNo: via }),
        ...(onward === undefined ? {} : { onwardHandoffNo: onward }),
      };
    }),
  );
}

export function createHandoffService(deps: EngineDeps): HandoffService {
  const ctx: EngineContext = {
    store: deps.store,
    workSystems: deps.workSystems,
    scheduler: deps.scheduler,
    notifier: deps.notifier,
    clock: deps.clock,
    logger: deps.logger,
    options: { ...DEFAULT_ENGINE_OPTIONS, ...deps.options },
    newId: deps.newId ?? randomUUID,
    newRunId: deps.newRunId ?? randomUUID,
    ...(deps.roles ? { roles: deps.roles } : {}),
  };

  /** The first handoff of an idempotency key, again. Still scheduled: schedule again (replaces; heals a crash between). */
  async function replay(first: Handoff): Promise<{ view: HandoffView; created: false }> {
    if (first.status === 'scheduled') {
      await ctx.scheduler.schedule('handoff.start', refOf(first), first.plan.when.startAt ?? ctx.clock.now());
    }
    return { view: await viewOf(ctx, first), created: false };
  }

  /** The checked plan and what the check read of the portal (`reader`: counts and people, asked together). */
  async function validate(plan: Plan): Promise<{ validated: ValidatedPlan; reader: PlanReader }> {
    const workSystem = await ctx.workSystems(plan.tenantId);
    return checkPlan(plan, {
      workSystem,
      store: ctx.store,
      clock: ctx.clock,
      maxHorizonMs: ctx.options.maxHorizonMs,
    });
  }

  return {
    async listKinds(tenantId) {
      return (await ctx.workSystems(tenantId)).listKinds();
    },

    async preview(plan) {
      const { validated, reader } = await validate(plan);
      return buildPreview(validated, reader);
    },

    async create(plan, options = {}) {
      // A retried request gets its first handoff back as it is now, before validation: by now that handoff may have
      // moved everything (empty_selection) or its start may be past (in_the_past).
      if (options.idempotencyKey !== undefined) {
        const first = await ctx.store.findByIdempotencyKey(plan.tenantId, options.idempotencyKey);
        if (first) return replay(first);
      }
      const { validated, reader } = await validate(plan);
      await ensureSomethingToMove(validated, reader);
      const now = ctx.clock.now();
      const { handoff, created } = await ctx.store.createHandoff(
        {
          tenantId: plan.tenantId,
          id: toHandoffId(ctx.newId()),
          status: 'scheduled',
          plan: validated.plan,
          targets: validated.targets,
          kinds: validated.kinds,
          createdAt: now,
        },
        options.idempotencyKey,
      );
      // Two requests with one key racing past the lookup: the store hands the second the first one's handoff.
      if (!created) return replay(handoff);
      const log = ctx.logger.child({
        tenantId: handoff.tenantId,
        handoffId: handoff.id,
        handoffNo: formatHandoffNo(handoff.no),
      });
      await recordEvent({ ...ctx, logger: log }, handoff, 'handoff.created', plan.initiator.label, {
        kinds: validated.kinds,
        mode: plan.when.mode,
        dryRun: plan.options.dryRun,
        ...(options.requestHash === undefined ? {} : { requestHash: options.requestHash }),
        ...(plan.when.startAt ? { startAt: plan.when.startAt.toISOString() } : {}),
        ...(plan.when.mode === 'temporary' ? { returnAt: plan.when.returnAt.toISOString() } : {}),
      });
      if (options.approval) {
        await recordEvent({ ...ctx, logger: log }, handoff, 'handoff.approved', options.approval.approvedBy, {
          approvalId: options.approval.id,
          requestedBy: plan.initiator.label,
        });
      }
      await ctx.scheduler.schedule('handoff.start', refOf(handoff), handoff.plan.when.startAt ?? now);
      const { startAt } = handoff.plan.when;
      if (startAt && startAt.getTime() - now.getTime() > EARLY_JOB_TOLERANCE_MS) {
        await sendNotice({ ...ctx, logger: log }, handoff, { kind: 'scheduled', actor: plan.initiator.label });
      }
      return { view: await viewOf(ctx, handoff), created: true };
    },

    async get(tenantId, no) {
      return viewOf(ctx, await mustGet(ctx, tenantId, no));
    },

    async list(tenantId, filter) {
      const handoffs = await ctx.store.listHandoffs(tenantId, filter);
      return Promise.all(handoffs.map((h) => viewOf(ctx, h)));
    },

    async items(tenantId, no, filter) {
      const handoff = await mustGet(ctx, tenantId, no);
      return withChainNumbers(ctx, tenantId, await ctx.store.listItems(tenantId, handoff.id, filter));
    },

    async events(tenantId, no) {
      const handoff = await mustGet(ctx, tenantId, no);
      return ctx.store.listEvents(tenantId, handoff.id);
    },

    cancel: (tenantId, no, actor) => cancelHandoff(ctx, tenantId, no, actor),
    retry: (tenantId, no, actor) => retryHandoff(ctx, tenantId, no, actor),
    returnNow: (tenantId, no, actor, options) =>
      requestReturn(ctx, tenantId, no, actor, { by: 'return_now', force: options?.force ?? false }),
    undo: (tenantId, no, actor, options) =>
      requestReturn(ctx, tenantId, no, actor, { by: 'undo', force: options?.force ?? false }),
    move: (tenantId, no, change, actor) => moveHandoff(ctx, tenantId, no, change, actor),
    endEarly: (tenantId, no, actor) => endHandoffEarly(ctx, tenantId, no, actor),

    jobs: {
      start: (ref, signal) => runTransferJob(ctx, ref, signal),
      return: (ref, signal) => runReturnJob(ctx, ref, signal),
      sweep: (ref, signal) => runSweepJob(ctx, ref, signal),
    },
  };
}
