/** Quotes (estimates, entityTypeId 7) through crm.item, as the frozen crm.quote.* asks: open while not closed (§6.1). @module */
import { createCrmItemModule } from './crm-item.js';

export const quotes = createCrmItemModule({
  kind: 'quotes',
  entityTypeId: 7,
  label: 'Quote',
  titleFields: ['title'],
  openFilter: async () => ({ closed: 'N' }),
});
