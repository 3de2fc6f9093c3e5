/** Leads (entityTypeId 1): open while the status semantic is "in progress" (`P`; `S` converted, `F` junk; §6.1). @module */
import { createCrmItemModule } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const leads = createCrmItemModule({
  kind: 'leads',
  entityTypeId: CRM_ENTITY_TYPE_IDS.leads,
  label: 'Lead',
  titleFields: ['title'],
  openFilter: async () => ({ stageSemanticId: 'P' }),
});
