/**
 * Approvals in the Bitrix24 chat (RunDeps.approvals, issue 12): as in Slack (bot/slack/approvals.ts), but the request
 * goes as a bot message with Approve / Decline buttons to each approver's private chat with the bot, and the outcome
 * to the requester's.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../commands/notices.js';
import { fail, ok, problem } from '../../commands/problems.js';
import type { ApprovalDeps } from '../../commands/run-context.js';
import type { TenantId } from '../../engine/ids.js';
import type { Logger, WorkSystem } from '../../engine/ports.js';
import type { ApprovalStore } from '../../storage/approval-store.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import { approversOf } from '../approvers.js';
import type { BotApi } from './bot-api.js';
import { renderReply } from './render.js';

export interface Bitrix24ApprovalsInput {
  readonly store: ApprovalStore;
  readonly hrPeople?: HrPeopleStore | undefined;
  readonly bot: BotApi;
  readonly tenantId: TenantId;
  readonly workSystem: WorkSystem;
  readonly logger: Logger;
  readonly newId?: () => string;
}

export function createBitrix24Approvals(input: Bitrix24ApprovalsInput): ApprovalDeps {
  const { store, bot, tenantId, workSystem } = input;
  return {
    async request(plan, summary) {
      const approverIds = await approversOf(input, tenantId, plan.fromUserId, plan.initiator.portalUserId);
      if (approverIds.length === 0) return fail(problem('no_approver'));
      const approval = await store.createApproval({
        tenantId,
        id: (input.newId ?? randomUUID)(),
        plan,
        requestedBy: plan.initiator.label,
        approverIds,
      });
      const message = renderReply({
        type: 'text',
        tone: 'info',
        text: `${summary}\nIt starts only if you approve. Whoever decides first decides.`,
        actions: [action('approve', approval.id, 'Approve'), action('decline', approval.id, 'Decline')],
      });
      const names: string[] = [];
      for (const id of approverIds) {
        names.push((await workSystem.getUser(id))?.name ?? `user #${id}`);
        try {
          await bot.add(tenantId, String(id), message);
        } catch (err) {
          input.logger.warn({ err, tenantId, portalUserId: id }, 'approval request message failed');
        }
      }
      return ok({ approverNames: names });
    },
    get: (id) => store.getApproval(tenantId, id),
    decide: (id, decision, decidedBy) => store.decideApproval(tenantId, id, decision, decidedBy),
    recordHandoff: (id, handoffId) => store.setApprovalHandoff(tenantId, id, handoffId),
    async tellRequester(approval, text) {
      const requester = approval.plan.initiator.portalUserId;
      if (requester === undefined) return;
      try {
        await bot.add(tenantId, String(requester), renderReply({ type: 'text', tone: 'info', text }));
      } catch (err) {
        input.logger.warn({ err, tenantId, approvalId: approval.id }, 'approval outcome message failed');
      }
    },
  };
}
