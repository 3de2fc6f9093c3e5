/** Smart invoices (entityTypeId 31; old invoices, type 5, are not supported by crm.item): open while not in a final stage (§6.3). @module */
import { createCrmItemModule, notInFinalStage } from './crm-item.js';
import { CRM_ENTITY_TYPE_IDS } from './crm-types.js';

export const invoices = createCrmItemModule({
  kind: 'invoices',
  entityTypeId: CRM_ENTITY_TYPE_IDS.invoices,
  label: 'Invoice',
  titleFields: ['title'],
  openFilter: (context) => notInFinalStage(CRM_ENTITY_TYPE_IDS.invoices, context),
});
