/** Smart invoices (entityTypeId 31; old invoices, type 5, are not supported by crm.item): open while not in a final stage (§6.3). @module */
import { createCrmItemModule, notInFinalStage } from './crm-item.js';

export const invoices = createCrmItemModule({
  kind: 'invoices',
  entityTypeId: 31,
  label: 'Invoice',
  titleFields: ['title'],
  openFilter: (context) => notInFinalStage(31, context),
});
