/** Companies (entityTypeId 4): no state; the portal's own legal entities (`isMyCompany`) are never moved (§6.1). @module */
import { createCrmItemModule } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const companies = createCrmItemModule({
  kind: 'companies',
  entityTypeId: CRM_ENTITY_TYPE_IDS.companies,
  label: 'Company',
  titleFields: ['title'],
  openFilter: async () => ({}),
  alwaysFilter: { isMyCompany: 'N' },
});
