/**
 * The HandoffStore contract suite (STYLE.md §7): one function each adapter's runner calls. It tests the sentences of
 * engine/ports.ts `HandoffStore`, split over the handoff and item halves of the port and its run lease.
 * @module
 */
import { afterAll, beforeEach, describe } from 'vitest';
import type { HandoffStore } from '../../engine/ports.js';
import { ManualClock } from './handoff-store.fixtures.js';
import { registerHandoffCases } from './handoff-store.handoffs.js';
import { registerItemCases } from './handoff-store.items.js';
import { registerLedgerCases } from './handoff-store.ledger.js';
import { registerRobotCases } from './handoff-store.robot.js';
import { registerRunCases } from './handoff-store.runs.js';

export interface HandoffStoreSuiteOptions {
  readonly name: string;
  /** A fresh, empty store stamping `updatedAt` from `clock`. Called before every test. */
  readonly create: (clock: ManualClock) => Promise<HandoffStore>;
  /** Releases what `create` opened (connections, temp files); called after every test. */
  readonly cleanup?: (store: HandoffStore) => Promise<void>;
  /** Called once after the suite (drop databases, remove folders). */
  readonly clear?: () => Promise<void>;
  readonly skip?: boolean;
}

/** What the case files see: the store and clock of the current test. */
export interface SuiteContext {
  readonly store: () => HandoffStore;
  readonly clock: () => ManualClock;
}

export function handoffStoreContractSuite(options: HandoffStoreSuiteOptions): void {
  describe.skipIf(options.skip === true)(`HandoffStore contract: ${options.name}`, () => {
    let store: HandoffStore | undefined;
    let clock = new ManualClock();

    beforeEach(async () => {
      clock = new ManualClock();
      store = await options.create(clock);
      return async () => {
        if (store && options.cleanup) await options.cleanup(store);
        store = undefined;
      };
    });

    afterAll(async () => {
      await options.clear?.();
    });

    const context: SuiteContext = {
      store: () => {
        if (!store) throw new Error('store used outside a test');
        return store;
      },
      clock: () => clock,
    };

    registerHandoffCases(context);
    registerItemCases(context);
    registerRunCases(context);
    registerLedgerCases(context);
    registerRobotCases(context);
  });
}
