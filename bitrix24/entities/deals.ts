/**
 * Deals (entityTypeId 2): open while not closed (§6.1). Recurring-deal templates are ordinary rows here and move
 * with their owner, so new deals made from them land with the new owner too.
 * @module
 */
import { createCrmItemModule } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const deals = createCrmItemModule({
  kind: 'deals',
  entityTypeId: CRM_ENTITY_TYPE_IDS.deals,
  label: 'Deal',
  titleFields: ['title'],
  openFilter: async () => ({ closed: 'N' }),
});
