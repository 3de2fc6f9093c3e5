/**
 * App Home: on `app_home_opened` (tab home) publish the user's active and recent handoffs (slack.md §6).
 * @module
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '../clients.js';
import type { ListenerContext } from '../context.js';
import type { SlackTenant } from '../ports.js';
import { compact, section } from '../render/blocks.js';
import { renderHome } from '../render/home.js';
import { identityProblemText, TEXTS } from '../texts.js';

export async function publishHome(
  ctx: ListenerContext,
  client: WebClient,
  tenant: SlackTenant,
  userId: string,
): Promise<void> {
  const found = await ctx.identity.resolve(client, tenant, userId);
  if (!found.ok) {
    await client.views.publish({
      user_id: userId,
      view: { type: 'home', blocks: compact([section(identityProblemText(found.problem))]) },
    });
    return;
  }
  const views = await ctx.service.list(tenant.tenantId, { involvingUserId: found.value.user.id, limit: 20 });
  const names = new Map<number, string>();
  for (const id of new Set(views.map((v) => v.handoff.plan.fromUserId))) {
    names.set(id, (await tenant.workSystem.getUser(id))?.name ?? `user #${id}`);
  }
  await client.views.publish({ user_id: userId, view: renderHome(views, found.value.profile.timeZone, names) });
}

export function registerHome(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    const tenant = teamId === undefined ? null : await ctx.tenants(teamId);
    if (tenant === null) {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: compact([section(TEXTS.notConnected)]) },
      });
      return;
    }
    await publishHome(ctx, client, tenant, event.user);
  });
}
