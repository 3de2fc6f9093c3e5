/** Companies (entityTypeId 4): no state; the portal's own legal entities (`isMyCompany`) are never moved (§6.1). @module */
import { createCrmItemModule } from './crm-item.js';

export const companies = createCrmItemModule({
  kind: 'companies',
  entityTypeId: 4,
  label: 'Company',
  titleFields: ['title'],
  openFilter: async () => ({}),
  alwaysFilter: { isMyCompany: 'N' },
});
