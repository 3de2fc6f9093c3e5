/**
 * The /handoff dialog on Bolt: view submissions for Who → When → What → Review (errors shown on the field with
 * `response_action: errors`, next step with `update`), the date echo on Enter, and Start. Anything slower than a
 * lookup (counting, creating) runs after the ack and lands with views.update (slack.md §2.2).
 * @module
 */
import type { App } from '@slack/bolt';
import { checkHandoffPermission } from '../../../commands/handoff-permission.js';
import { messageFor } from '../../../commands/messages.js';
import { formatInstant } from '../../../commands/time-zone.js';
import { isHandoffError } from '../../../engine/errors.js';
import { formatHandoffNo, toPortalUserId } from '../../../engine/ids.js';
import type { KindInfo } from '../../../engine/kinds.js';
import { isHrSpeaker } from '../../hr-access.js';
import type { WebClient } from '../clients.js';
import type { ListenerContext } from '../context.js';
import { type Draft, parseMetadata } from '../dialog/draft.js';
import { toPlanFromDraft, toReviewContent } from '../dialog/plan.js';
import type { ViewState } from '../dialog/state.js';
import { textValue } from '../dialog/state.js';
import { echoOf, readWhen, submitReview, submitWhat, submitWhen, submitWho } from '../dialog/steps.js';
import { CALLBACKS, messageView, reviewView, whatView, whenView } from '../dialog/views.js';
import type { SlackTenant } from '../ports.js';
import { identityProblemText, notAllowedText, TEXTS } from '../texts.js';

const EXPIRED = messageView('Handoff', 'This dialog has expired. Type `/handoff` again.');

interface SubmissionBody {
  readonly team: { readonly id: string } | null;
  readonly user: { readonly id: string };
  readonly view: { readonly id: string; readonly private_metadata: string; readonly state: { values: unknown } };
}

function stateOf(body: SubmissionBody): ViewState {
  return body.view.state.values as ViewState;
}

/** The error sentence for anything a background step throws. */
function problemText(err: unknown): string {
  if (isHandoffError(err)) return messageFor(err.code, { details: err.details });
  return messageFor('internal_error');
}

export function registerDialog(app: App, ctx: ListenerContext): void {
  // Which step each open dialog is on, so a late background update never overwrites a later step.
  const stages = new Map<string, string>();
  const setStage = (draft: Draft, stage: string) => {
    if (stages.size > 10_000) stages.clear();
    stages.set(draft.id, stage);
  };

  async function load(body: SubmissionBody): Promise<{ draft: Draft; tenant: SlackTenant } | null> {
    const draft = parseMetadata(body.view.private_metadata);
    if (draft === null || draft.userId !== body.user.id) return null;
    const tenant = await ctx.tenants(draft.teamId);
    return tenant === null ? null : { draft, tenant };
  }

  function background(name: string, work: () => Promise<void>): void {
    work().catch((err: unknown) => ctx.logger.error({ err, step: name }, 'slack dialog step failed'));
  }

  app.view(CALLBACKS.who, async ({ ack, body, client }) => {
    const loaded = await load(body as SubmissionBody);
    if (loaded === null) return void (await ack({ response_action: 'update', view: EXPIRED }));
    const result = await submitWho(ctx, client, loaded.tenant, loaded.draft, stateOf(body as SubmissionBody));
    if (!result.ok) return void (await ack({ response_action: 'errors', errors: result.errors }));
    setStage(result.draft, 'when');
    await ack({ response_action: 'update', view: whenView(result.draft, echoOf(result.draft)) });
  });

  app.view(CALLBACKS.when, async ({ ack, body, client }) => {
    const b = body as SubmissionBody;
    const loaded = await load(b);
    if (loaded === null) return void (await ack({ response_action: 'update', view: EXPIRED }));
    const result = submitWhen(ctx, loaded.draft, stateOf(b));
    if (!result.ok) return void (await ack({ response_action: 'errors', errors: result.errors }));
    const draft = result.draft;
    const kinds = await ctx.service.listKinds(loaded.tenant.tenantId);
    setStage(draft, 'what');
    await ack({ response_action: 'update', view: whatView(draft, kinds) });
    background('count', () => showCounts(client, b.view.id, draft, kinds, loaded.tenant));
  });

  async function showCounts(
    client: WebClient,
    viewId: string,
    draft: Draft,
    kinds: readonly KindInfo[],
    tenant: SlackTenant,
  ) {
    const plan = toPlanFromDraft(
      { ...draft, kinds: kinds.map((k) => k.kind) },
      await planContext(client, tenant, draft),
    );
    if (plan === null) return;
    let counts: Map<string, number>;
    try {
      const preview = await ctx.service.preview(plan);
      counts = new Map(Object.entries(preview.countsByKind).map(([k, n]) => [k, n ?? 0]));
    } catch (err) {
      // Nothing open at all is an answer too; anything else leaves the view without counts.
      if (!isHandoffError(err) || err.code !== 'empty_selection') throw err;
      counts = new Map(kinds.map((k) => [k.kind, 0]));
    }
    if (stages.get(draft.id) !== 'what') return;
    await client.views.update({ view_id: viewId, view: whatView(draft, kinds, counts) });
  }

  async function planContext(client: WebClient, tenant: SlackTenant, draft: Draft) {
    const actor = await ctx.identity.resolve(client, tenant, draft.userId);
    if (!actor.ok) throw new Error('initiator not linked');
    return {
      tenantId: tenant.tenantId,
      initiator: { portalUserId: actor.value.user.id, label: `slack:${draft.userId} (${actor.value.profile.name})` },
    };
  }

  app.view(CALLBACKS.what, async ({ ack, body, client }) => {
    const b = body as SubmissionBody;
    const loaded = await load(b);
    if (loaded === null) return void (await ack({ response_action: 'update', view: EXPIRED }));
    const result = submitWhat(loaded.draft, stateOf(b));
    if (!result.ok) return void (await ack({ response_action: 'errors', errors: result.errors }));
    const draft = result.draft;
    setStage(draft, 'review');
    await ack({ response_action: 'update', view: reviewView(draft, 'counting') });
    background('review', async () => {
      let view: ReturnType<typeof reviewView>;
      try {
        const plan = toPlanFromDraft(draft, await planContext(client, loaded.tenant, draft));
        if (plan === null) return;
        const [preview, kinds] = await Promise.all([
          ctx.service.preview(plan),
          ctx.service.listKinds(loaded.tenant.tenantId),
        ]);
        view = reviewView(draft, await toReviewContent(preview, plan, draft, kinds, loaded.tenant.workSystem));
      } catch (err) {
        if (!isHandoffError(err)) ctx.logger.error({ err }, 'slack dialog preview failed');
        view = reviewView(draft, { problem: problemText(err) });
      }
      if (stages.get(draft.id) === 'review') await client.views.update({ view_id: b.view.id, view });
    });
  });

  app.view(CALLBACKS.review, async ({ ack, body, client }) => {
    const b = body as SubmissionBody;
    const loaded = await load(b);
    if (loaded === null) return void (await ack({ response_action: 'update', view: EXPIRED }));
    const draft = submitReview(loaded.draft, stateOf(b));
    setStage(draft, 'start');
    await ack({ response_action: 'update', view: messageView('Handoff', 'Starting…') });
    background('start', async () => {
      const text = await start(client, loaded.tenant, draft);
      await client.views.update({ view_id: b.view.id, view: messageView('Handoff', text) });
    });
  });

  /** Creates the handoff once per draft (the draft id is the idempotency key); returns the sentence to show. */
  async function start(client: WebClient, tenant: SlackTenant, draft: Draft): Promise<string> {
    try {
      const actor = await ctx.identity.resolve(client, tenant, draft.userId);
      if (!actor.ok) return identityProblemText(actor.problem);
      if (draft.from === undefined) return 'This dialog has expired.';
      const fromId = toPortalUserId(draft.from.portalUserId);
      const fromUser = await tenant.workSystem.getUser(fromId);
      const hr = await isHrSpeaker(ctx.hrPeople, tenant.tenantId, {
        portalUserId: actor.value.user.id,
        slackUserId: draft.userId,
      });
      const permission = await checkHandoffPermission(tenant.workSystem, actor.value.user, fromId, { hr });
      if (!permission.ok) return notAllowedText(fromUser?.name ?? 'this person', permission.heads);
      const plan = toPlanFromDraft(draft, await planContext(client, tenant, draft));
      if (plan === null) return 'This dialog has expired.';
      const { view } = await ctx.service.create(plan, { idempotencyKey: `slack-dialog:${draft.id}` });
      const ref = formatHandoffNo(view.handoff.no);
      if (view.handoff.status === 'scheduled' && draft.startAt !== undefined) {
        return TEXTS.scheduled(ref, formatInstant(new Date(draft.startAt), draft.timeZone));
      }
      const where = draft.channelId === undefined ? 'in a direct message' : `in <#${draft.channelId}>`;
      return TEXTS.started(ref, where);
    } catch (err) {
      if (!isHandoffError(err)) ctx.logger.error({ err }, 'slack dialog start failed');
      return problemText(err);
    }
  }

  // Enter in a date field: echo the phrase as a date in the user's zone under the field.
  app.action({ type: 'block_actions', action_id: /^(until|start_phrase)$/ }, async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as SubmissionBody & { view: { hash?: string; callback_id?: string } };
    const draft = parseMetadata(b.view.private_metadata);
    if (draft === null || b.view.callback_id !== CALLBACKS.when) return;
    const state = stateOf(b);
    const echo: { start?: string; until?: string } = {};
    for (const [block, key] of [
      ['start_phrase', 'start'],
      ['until', 'until'],
    ] as const) {
      const phrase = textValue(state, block);
      if (phrase === null) continue;
      const read = readWhen(phrase, draft, ctx.clock.now());
      echo[key] = typeof read === 'string' ? `:warning: ${read}` : read.echo;
    }
    await client.views.update({
      view_id: b.view.id,
      ...(b.view.hash === undefined ? {} : { hash: b.view.hash }),
      view: whenView(draft, echo),
    });
  });
}
