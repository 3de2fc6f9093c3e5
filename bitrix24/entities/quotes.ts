/** Quotes (estimates, entityTypeId 7) through crm.item, as the frozen crm.quote.* asks: open while not closed (§6.1). @module */
import { createCrmItemModule } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const quotes = createCrmItemModule({
  kind: 'quotes',
  entityTypeId: CRM_ENTITY_TYPE_IDS.quotes,
  label: 'Quote',
  titleFields: ['title'],
  openFilter: async () => ({ closed: 'N' }),
});
