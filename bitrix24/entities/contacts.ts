/** Contacts (entityTypeId 3): no state, every contact counts as open (`opened` means "visible to all"; §6.1). @module */
import { createCrmItemModule } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const contacts = createCrmItemModule({
  kind: 'contacts',
  entityTypeId: CRM_ENTITY_TYPE_IDS.contacts,
  label: 'Contact',
  titleFields: ['name', 'lastName'],
  openFilter: async () => ({}),
});
