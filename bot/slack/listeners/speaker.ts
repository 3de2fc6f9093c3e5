/**
 * Builds the commands/ run context for a Slack user in a team: who speaks (portal user when matched), their zone
 * (users.info tz), now, and the origin the progress message will find again.
 * @module
 */
import type { RunContext } from '../../../commands/run-context.js';
import type { WebClient } from '../clients.js';
import type { ListenerContext } from '../context.js';
import type { SlackTenant } from '../ports.js';

export async function runContextFor(
  ctx: ListenerContext,
  client: WebClient,
  tenant: SlackTenant,
  where: { teamId: string; userId: string; channelId?: string },
): Promise<RunContext> {
  const found = await ctx.identity.resolve(client, tenant, where.userId);
  const profile = found.ok ? found.value.profile : await ctx.identity.profile(client, where.userId);
  const name = profile?.name ?? where.userId;
  return {
    tenantId: tenant.tenantId,
    speaker: {
      label: `slack:${where.userId} (${name})`,
      ...(found.ok ? { portalUserId: found.value.user.id } : {}),
    },
    timeZone: profile?.timeZone ?? 'UTC',
    now: ctx.clock.now(),
    origin: {
      surface: 'slack',
      ref: { teamId: where.teamId, userId: where.userId, ...(where.channelId ? { channelId: where.channelId } : {}) },
    },
  };
}
