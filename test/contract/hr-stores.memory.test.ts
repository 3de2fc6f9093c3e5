/**
 * Runs the HR stores contract suite against the in-memory adapters.
 * @module
 */
import { MemoryVacationStore } from '../../storage/vacation-store.js';
import { hrStoresContractSuite } from './hr-stores.suite.js';

hrStoresContractSuite({
  name: 'memory',
  create: async (clock) => ({
    vacations: new MemoryVacationStore({ clock }),
  }),
});
