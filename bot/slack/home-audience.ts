/**
 * Who has looked at the App Home tab: a bounded in-memory record of (team, Slack user) → portal user, written when
 * someone opens Home or presses a button on it. Re-publishing Home on a status change goes only to these people
 * (slack.md §6): publishing for everyone is allowed but spends the views.publish budget on tabs nobody looks at.
 * It lives in memory on purpose: after a restart a person's next visit re-publishes the tab anyway.
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { Handoff } from '../../engine/model.js';
import { participantsOf } from '../../engine/participants.js';

export interface HomeAudience {
  /** Records a visit; the newest visits are kept when the record is full. */
  remember(teamId: string, slackUserId: string, portalUserId: PortalUserId): void;
  /** The Slack users of `teamId` who opened Home and are the initiator, the from-user or a receiver of `handoff`. */
  viewersOf(teamId: string, handoff: Handoff): string[];
  readonly size: number;
}

export interface HomeAudienceOptions {
  /** Visits kept across all workspaces. Default 10 000. */
  readonly maxUsers?: number;
}

export function createHomeAudience(options: HomeAudienceOptions = {}): HomeAudience {
  const maxUsers = Math.max(1, options.maxUsers ?? 10_000);
  /** Keyed `team:user`; Map order is visit order, so the first key is the oldest visit. */
  const visits = new Map<string, { teamId: string; slackUserId: string; portalUserId: PortalUserId }>();

  return {
    remember(teamId, slackUserId, portalUserId) {
      const key = `${teamId}:${slackUserId}`;
      visits.delete(key);
      visits.set(key, { teamId, slackUserId, portalUserId });
      while (visits.size > maxUsers) {
        const oldest = visits.keys().next().value;
        if (oldest === undefined) break;
        visits.delete(oldest);
      }
    },
    viewersOf(teamId, handoff) {
      const involved = participantsOf(handoff);
      const initiatorSlackId = handoff.plan.origin?.surface === 'slack' ? handoff.plan.origin.ref?.userId : undefined;
      const found: string[] = [];
      for (const visit of visits.values()) {
        if (visit.teamId !== teamId) continue;
        if (involved.has(visit.portalUserId) || visit.slackUserId === initiatorSlackId) found.push(visit.slackUserId);
      }
      return found;
    },
    get size() {
      return visits.size;
    },
  };
}
