/**
 * `GET /app/handoffs/:id/items.csv`: every item of a handoff (optionally of some statuses) as CSV, read from the
 * store in pages of 500 so a large handoff never sits in memory as objects, with names and portal links as the
 * Changed Entities table shows them.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import type { HandoffItem } from '../../engine/model.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { PeopleDirectory } from '../api/people.js';
import { toCsvRow } from './csv.js';
import type { ItemStatusFilter } from './item-status-filter.js';
import { toConsoleItem } from './item-view.js';

const PAGE = 500;

export const CSV_HEADER = [
  'kind',
  'item_id',
  'title',
  'status',
  'action',
  'original_owner_id',
  'original_owner',
  'new_owner_id',
  'new_owner',
  'holder_id',
  'holder',
  'error',
  'url',
] as const;

/** The CSV text, header first; throws what the service throws (not_found for an unknown handoff). */
export async function exportItemsCsv(input: {
  readonly service: Pick<HandoffService, 'items'>;
  readonly people: PeopleDirectory;
  readonly tenantId: TenantId;
  readonly no: number;
  /** Statuses asked for (`waiting` among them: bot/console/item-status-filter.ts); default every item. */
  readonly filter?: ItemStatusFilter;
  readonly portalBase: string | null;
}): Promise<string> {
  const chunks: string[] = [toCsvRow(CSV_HEADER)];
  let after: { kind: HandoffItem['kind']; itemId: number } | undefined;
  for (;;) {
    const page = await input.service.items(input.tenantId, input.no, {
      limit: PAGE,
      ...(input.filter?.statuses === undefined ? {} : { statuses: input.filter.statuses }),
      ...(after === undefined ? {} : { after }),
    });
    const users = new Set<number>();
    for (const item of page) {
      users.add(item.originalOwnerId);
      users.add(item.newOwnerId);
      if (item.currentOwnerId !== undefined) users.add(item.currentOwnerId);
    }
    const names = await input.people.names(input.tenantId, { users, departments: [] });
    for (const item of page) {
      if (input.filter !== undefined && !input.filter.keeps(item)) continue;
      const row = toConsoleItem(item, names, input.portalBase);
      chunks.push(
        toCsvRow([
          row.kind,
          row.itemId,
          row.title,
          row.status,
          row.action,
          row.originalOwnerId,
          row.originalOwnerName,
          row.newOwnerId,
          row.newOwnerName,
          row.holderId,
          row.holderName,
          row.error,
          row.url,
        ]),
      );
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) break;
    after = { kind: last.kind, itemId: last.itemId };
  }
  return chunks.join('');
}
