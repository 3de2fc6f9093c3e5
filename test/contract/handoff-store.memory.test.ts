/**
 * Runs the HandoffStore contract suite against MemoryHandoffStore.
 * @module
 */
import { MemoryHandoffStore } from '../../storage/memory-store.js';
import { handoffStoreContractSuite } from './handoff-store.suite.js';

handoffStoreContractSuite({
  name: 'memory',
  create: async (clock) => new MemoryHandoffStore({ clock }),
});
