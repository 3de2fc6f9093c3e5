/**
 * Whether a speaker is an HR person of the tenant (issue 12): the surface-neutral half of the permission check, used
 * by the Slack and Bitrix24 chat surfaces before `checkHandoffPermission` (commands/handoff-permission.ts). A speaker is
 * known by their portal user id and, in Slack, their Slack user id; either may be on the list.
 * @module
 */
import type { PortalUserId, TenantId } from '../engine/ids.js';
import type { HrPeopleStore, HrPersonRef } from '../storage/hr-people-store.js';

export interface HrSpeaker {
  readonly portalUserId?: PortalUserId | undefined;
  readonly slackUserId?: string | undefined;
}

/** The refs a speaker may be listed under. */
export function hrRefsOf(speaker: HrSpeaker): HrPersonRef[] {
  return [
    ...(speaker.portalUserId === undefined ? [] : [{ kind: 'portal' as const, userId: speaker.portalUserId }]),
    ...(speaker.slackUserId === undefined ? [] : [{ kind: 'slack' as const, userId: speaker.slackUserId }]),
  ];
}

/** False without a store (a surface built without HR people). */
export async function isHrSpeaker(
  store: HrPeopleStore | undefined,
  tenantId: TenantId,
  speaker: HrSpeaker,
): Promise<boolean> {
  if (store === undefined) return false;
  const refs = hrRefsOf(speaker);
  return refs.length > 0 && store.isHrPerson(tenantId, refs);
}

/**
 * The Slack user id in a speaker label as bot/slack/listeners/speaker.ts writes it (`slack:U123 (Maria)`).
 * @example slackUserOfLabel('slack:U0ANNA (Anna)') // 'U0ANNA'
 */
export function slackUserOfLabel(label: string): string | undefined {
  return /^slack:([UW][A-Z0-9]{2,})\b/.exec(label)?.[1];
}
