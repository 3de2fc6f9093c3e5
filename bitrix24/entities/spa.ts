/**
 * Smart processes (`spa:<entityTypeId>`, found by crm.type.list): open while not in a final stage; without stages
 * every item counts as open (§6.1, §6.3).
 * @module
 */
import { type SpaKind, spaEntityTypeId } from '../../engine/kinds.js';
import { createCrmItemModule, notInFinalStage } from './crm-item.js';
import type { EntityModule } from './types.js';

export function createSpaModule(kind: SpaKind): EntityModule {
  const entityTypeId = spaEntityTypeId(kind);
  return createCrmItemModule({
    kind,
    entityTypeId,
    label: 'Item',
    titleFields: ['title'],
    openFilter: async (context) =>
      (await context.stagesEnabled(entityTypeId)) ? notInFinalStage(entityTypeId, context) : {},
  });
}
