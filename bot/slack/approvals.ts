/**
 * Approvals for Slack (RunDeps.approvals, issue 12): stores a request and DMs the from-user's heads (or, without
 * one, the tenant's HR people) the plan with Approve / Decline; tells the requester the outcome by DM. The decision
 * itself is commands/run-approval.ts.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../commands/notices.js';
import { fail, ok, problem } from '../../commands/problems.js';
import type { ApprovalDeps } from '../../commands/run-context.js';
import type { Logger } from '../../engine/ports.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { approversOf } from '../approvers.js';
import { slackUserOfLabel } from '../hr-access.js';
import type { WebClient } from './clients.js';
import type { SlackIdentity } from './identity.js';
import type { SlackTenant } from './ports.js';
import { actions, type Block, compact, context, escapeMrkdwn, section } from './render/blocks.js';

export interface SlackApprovalsInput {
  readonly store: ApprovalStore;
  readonly hrPeople?: HrPeopleStore | undefined;
  readonly client: WebClient;
  readonly tenant: SlackTenant;
  readonly identity: SlackIdentity;
  readonly logger: Logger;
  readonly newId?: () => string;
}

export function createSlackApprovals(input: SlackApprovalsInput): ApprovalDeps {
  const { store, client, tenant, identity } = input;
  const ws = tenant.workSystem;
  const logger = input.logger.child({ component: 'slack-approvals' });

  async function dm(slackUser: string, text: string, blocks?: Block[]): Promise<void> {
    await client.chat.postMessage({ channel: slackUser, text, ...(blocks ? { blocks } : {}) });
  }

  return {
    async request(plan, summary) {
      const approverIds = await approversOf(
        { workSystem: ws, hrPeople: input.hrPeople },
        tenant.tenantId,
        plan.fromUserId,
        plan.initiator.portalUserId,
      );
      if (approverIds.length === 0) return fail(problem('no_approver'));
      const approval = await store.createApproval({
        tenantId: tenant.tenantId,
        id: (input.newId ?? randomUUID)(),
        plan,
        requestedBy: plan.initiator.label,
        approverIds,
      });
      const names: string[] = [];
      for (const id of approverIds) {
        const person = await ws.getUser(id);
        names.push(person?.name ?? `user #${id}`);
        const slackUser = await identity.slackUserOf(client, tenant, id);
        if (slackUser === null) continue;
        const blocks = compact([
          section(escapeMrkdwn(summary)),
          context('It starts only if you approve. Whoever decides first decides.'),
          actions([action('approve', approval.id, 'Approve'), action('decline', approval.id, 'Decline')]),
        ]);
        try {
          await dm(slackUser, summary, blocks);
        } catch (err) {
          logger.warn({ err, portalUserId: id }, 'approval request DM failed');
        }
      }
      return ok({ approverNames: names });
    },
    get: (id) => store.getApproval(tenant.tenantId, id),
    decide: (id, decision, decidedBy) => store.decideApproval(tenant.tenantId, id, decision, decidedBy),
    recordHandoff: (id, handoffId) => store.setApprovalHandoff(tenant.tenantId, id, handoffId),
    async tellRequester(approval, text) {
      const slackUser =
        slackUserOfLabel(approval.requestedBy) ??
        (approval.plan.initiator.portalUserId === undefined
          ? null
          : await identity.slackUserOf(client, tenant, approval.plan.initiator.portalUserId));
      if (!slackUser) return;
      try {
        await dm(slackUser, text);
      } catch (err) {
        logger.warn({ err, approvalId: approval.id }, 'approval outcome DM failed');
      }
    },
  };
}
