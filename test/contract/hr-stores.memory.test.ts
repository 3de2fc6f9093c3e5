/**
 * Runs the HR stores contract suite against the in-memory adapters.
 * @module
 */

import { MemoryApprovalStore } from '../../storage/approval-store.js';
import { MemoryHrPeopleStore } from '../../storage/hr-people-store.js';
import { MemoryVacationStore } from '../../storage/vacation-store.js';
import { MemoryWebhookStore } from '../../storage/webhook-store.js';
import { hrStoresContractSuite } from './hr-stores.suite.js';

hrStoresContractSuite({
  name: 'memory',
  create: async (clock, cipher) => ({
    webhooks: new MemoryWebhookStore({ clock, cipher }),
    vacations: new MemoryVacationStore({ clock }),
    hrPeople: new MemoryHrPeopleStore({ clock }),
    approvals: new MemoryApprovalStore({ clock }),
  }),
});
