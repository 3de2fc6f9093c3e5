/**
 * crm.deal.contact.items.get / crm.lead.contact.items.get (reference §7): the contacts bound to a deal or lead as
 * `[{CONTACT_ID, SORT, ROLE_ID, IS_PRIMARY}]`; a missing item answers the legacy empty-code "Not found".
 * @module
 */
import { legacyError } from '../api-error.js';
import { requiredInt } from '../params.js';
import { contactItems } from '../relations.js';
import type { MethodHandler } from './context.js';

function contactItemsGet(kind: 'deals' | 'leads'): MethodHandler {
  return ({ portal }, params) => {
    const item = portal.store.get(kind, requiredInt(params, 'id'));
    if (!item) throw legacyError('Not found');
    return { result: contactItems(item) };
  };
}

export const dealContactItemsGet = contactItemsGet('deals');
export const leadContactItemsGet = contactItemsGet('leads');
