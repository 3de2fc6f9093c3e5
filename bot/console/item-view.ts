/**
 * A Changed Entities row: the REST API's item JSON (bot/api/views.ts) plus what the console shows beside it — who
 * holds the item now, the action taken in words, and the link to the item in the portal.
 * @module
 */

import { formatHandoffNo } from '../../engine/ids.js';
import { type EntityKind, isStaticKind, staticKindLabel } from '../../engine/kinds.js';
import type { HandoffItem } from '../../engine/model.js';
import type { HandoffItemView } from '../../engine/service-types.js';
import type { NameBook } from '../api/people.js';
import type { ItemOut } from '../api/response-schemas.js';
import { toItemJson } from '../api/views.js';
import { itemUrl } from './portal-links.js';

export interface ConsoleItem extends ItemOut {
  /** "Deals", "Smart process 128". */
  readonly kindLabel: string;
  /** Who has the item now as far as the handoff knows; null when it was deleted. */
  readonly holderId: number | null;
  readonly holderName: string | null;
  readonly originalOwnerName: string;
  readonly newOwnerName: string;
  /**
   * "Moved to Ben Brown", "Kept by Carl Cole (changed by hand)"; the ledger's chain too: "Moved to Dora Diaz (came to
   * Ben Brown via H-1)", "Waiting with Dora Diaz until H-2 ends, then home to Anna Adams".
   */
  readonly action: string;
  readonly url: string | null;
}

function kindLabelOf(kind: EntityKind): string {
  return isStaticKind(kind) ? staticKindLabel(kind) : `Smart process ${kind.slice(4)}`;
}

/** Who holds an item after what the handoff did to it. */
export function holderOf(item: HandoffItem): number | null {
  switch (item.status) {
    case 'moved':
      // A lent item a later handoff still holds (the ledger): with that handoff's receiver.
      return item.onwardHandoffId === undefined ? item.newOwnerId : (item.currentOwnerId ?? item.newOwnerId);
    case 'kept':
      return item.currentOwnerId ?? item.newOwnerId;
    case 'skipped':
      return item.skipReason === 'already_with_target' ? item.newOwnerId : item.originalOwnerId;
    case 'gone':
      return null;
    case 'returned':
    case 'failed':
    case 'pending':
      return item.originalOwnerId;
    default: {
      const never: never = item.status;
      return never;
    }
  }
}

const SKIP_WORDS = {
  already_with_target: 'already with the receiver',
  dry_run: 'dry run: nothing changed',
  changed_since: 'changed by hand since',
  closed: 'closed',
} as const;

/** The ledger's chain in words: the earlier handoff the from-user held the item through. */
function cameVia(item: HandoffItemView, name: (id: number) => string): string {
  return item.viaHandoffNo === undefined
    ? ''
    : ` (came to ${name(item.originalOwnerId)} via ${formatHandoffNo(item.viaHandoffNo)})`;
}

function actionText(item: HandoffItemView, name: (id: number) => string): string {
  switch (item.status) {
    case 'moved':
      if (item.onwardHandoffNo !== undefined) {
        const holder = name(item.currentOwnerId ?? item.newOwnerId);
        return `Waiting with ${holder} until ${formatHandoffNo(item.onwardHandoffNo)} ends, then home to ${name(item.originalOwnerId)}`;
      }
      return `Moved to ${name(item.newOwnerId)}${cameVia(item, name)}`;
    case 'returned':
      return `Returned to ${name(item.originalOwnerId)}`;
    case 'kept':
      return `Kept by ${name(item.currentOwnerId ?? item.newOwnerId)} (changed by hand)`;
    case 'skipped':
      return `Skipped: ${item.skipReason === undefined ? 'nothing to do' : SKIP_WORDS[item.skipReason]}`;
    case 'failed':
      return `Failed: ${item.error ?? 'the portal refused the change'}`;
    case 'gone':
      return 'Deleted in the portal since';
    case 'pending':
      return `Waiting to move to ${name(item.newOwnerId)}`;
    default: {
      const never: never = item.status;
      return never;
    }
  }
}

export function toConsoleItem(item: HandoffItemView, names: NameBook, portalBase: string | null): ConsoleItem {
  const name = (id: number) => names.user(id)?.name ?? `user #${id}`;
  const holderId = holderOf(item);
  return {
    ...toItemJson(item),
    kindLabel: kindLabelOf(item.kind),
    holderId,
    holderName: holderId === null ? null : name(holderId),
    originalOwnerName: name(item.originalOwnerId),
    newOwnerName: name(item.newOwnerId),
    action: actionText(item, name),
    url: itemUrl(portalBase, item.kind, item.itemId, holderId ?? item.originalOwnerId),
  };
}
