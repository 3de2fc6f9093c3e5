/**
 * The shared shape of an entity-kind module: how to list an owner's items, read owners by id, and change an
 * owner, as plain call descriptions. The work system runs them through the client (cursor, batch, retries).
 * @module
 */
import type { PortalUserId } from '../../engine/ids.js';
import type { EntityKind } from '../../engine/kinds.js';
import type { ItemScope, WorkItem } from '../../engine/ports.js';
import type { BatchCommand } from '../batch.js';
import type { ListQuery } from '../listing.js';
import type { QueryValue } from '../query-string.js';

/** What a module may need to know about the portal (stage directories, smart-process types), cached by the caller. */
export interface EntityContext {
  /** Final (success or failure) stage ids of every pipeline of a crm.item type, from crm.status.list (§6.3). */
  finalStageIds(entityTypeId: number): Promise<readonly string[]>;
  /** Whether a smart process uses stages; without them every item counts as open (§6.1). */
  stagesEnabled(entityTypeId: number): Promise<boolean>;
}

export interface EntityModule {
  readonly kind: EntityKind;
  /** The list of an owner's items within a scope (the cursor keys, order and start are added by the lister). */
  ownerQuery(ownerId: PortalUserId, scope: ItemScope, context: EntityContext): Promise<ListQuery>;
  /**
   * A list of the kind's items matching `filter` (a relation such as `OWNER_ID`, `UF_CRM_TASK` or `parentId2`) within
   * a scope, whoever owns them; the robot reads a document's related records with it (reference §7).
   */
  scopedQuery(
    filter: Readonly<Record<string, QueryValue>>,
    scope: ItemScope,
    context: EntityContext,
  ): Promise<ListQuery>;
  /** A list of the given items whoever owns them (at most 50 ids: one page). */
  idsQuery(itemIds: readonly number[]): ListQuery;
  /** The command that makes `ownerId` responsible for the item. */
  updateCommand(itemId: number, ownerId: PortalUserId): BatchCommand;
  /** A listed row as an item, or null when the row is not one (malformed). */
  toWorkItem(row: Readonly<Record<string, unknown>>): WorkItem | null;
}
