/** Contacts (entityTypeId 3): no state, every contact counts as open (`opened` means "visible to all"; §6.1). @module */
import { createCrmItemModule } from './crm-item.js';

export const contacts = createCrmItemModule({
  kind: 'contacts',
  entityTypeId: 3,
  label: 'Contact',
  titleFields: ['name', 'lastName'],
  openFilter: async () => ({}),
});
