/** Leads (entityTypeId 1): open while the status semantic is "in progress" (`P`; `S` converted, `F` junk; §6.1). @module */
import { createCrmItemModule } from './crm-item.js';

export const leads = createCrmItemModule({
  kind: 'leads',
  entityTypeId: 1,
  label: 'Lead',
  titleFields: ['title'],
  openFilter: async () => ({ stageSemanticId: 'P' }),
});
