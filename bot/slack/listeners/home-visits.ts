/**
 * Global Bolt middleware that notes who looks at App Home: `app_home_opened` (tab home) and button presses on the
 * Home tab. It runs after the listeners (the tab is published by then) and tells the Home refresher, which from
 * then on re-publishes that person's tab when one of their handoffs changes status (slack.md §6).
 * Registered by integration.ts next to the surface's own listeners, which it leaves alone.
 * @module
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import type { HomeRefresher } from '../home-refresher.js';
import type { SlackIdentity } from '../identity.js';
import type { SlackTenantResolver } from '../ports.js';

const HomeOpened = z.object({
  type: z.literal('event_callback'),
  team_id: z.string(),
  event: z.object({ type: z.literal('app_home_opened'), user: z.string(), tab: z.literal('home') }),
});

const HomeAction = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: z.string() }),
  user: z.object({ id: z.string() }),
  container: z.object({ type: z.literal('view') }),
  // Modal buttons come in as views too; only the Home tab counts (a payload without the view is the tab's).
  view: z.object({ type: z.literal('home') }).optional(),
});

/** The team and Slack user of a Home visit; null for any other payload. */
export function parseHomeVisit(body: unknown): { teamId: string; slackUserId: string } | null {
  const opened = HomeOpened.safeParse(body);
  if (opened.success) return { teamId: opened.data.team_id, slackUserId: opened.data.event.user };
  const action = HomeAction.safeParse(body);
  if (action.success) return { teamId: action.data.team.id, slackUserId: action.data.user.id };
  return null;
}

export interface HomeVisitDeps {
  readonly refresher: HomeRefresher;
  readonly identity: SlackIdentity;
  readonly tenants: SlackTenantResolver;
}

export function createHomeVisitMiddleware(deps: HomeVisitDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, client, logger, next }) => {
    await next();
    const visit = parseHomeVisit(body);
    if (visit === null) return;
    try {
      const tenant = await deps.tenants(visit.teamId);
      if (tenant === null) return;
      // users.info comes from the identity cache the Home listener just filled; the portal is asked for the user.
      const found = await deps.identity.resolve(client, tenant, visit.slackUserId);
      if (found.ok) deps.refresher.visited(visit.teamId, visit.slackUserId, found.value.user.id);
    } catch (err) {
      logger.warn('home visit not recorded', err);
    }
  };
}
