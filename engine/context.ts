/**
 * What every engine module is handed: the ports, the resolved options and the id factory. Built once in service.ts.
 * @module
 */
import type { Clock, HandoffStore, Logger, Notifier, Scheduler, WorkSystemResolver } from './ports.js';
import type { RoleStore } from './roles.js';
import type { EngineOptions } from './service-types.js';

/** The dependencies `createHandoffService` takes. */
export interface EngineDeps {
  readonly store: HandoffStore;
  readonly workSystems: WorkSystemResolver;
  readonly scheduler: Scheduler;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: Partial<EngineOptions>;
  /** Makes handoff ids; default `crypto.randomUUID`. */
  readonly newId?: () => string;
  /** Makes run lease owner ids, unique per job run across processes; default `crypto.randomUUID`. */
  readonly newRunId?: () => string;
  /** The tenants' named roles; robot handoffs that name a role need it (engine/roles.ts). */
  readonly roles?: RoleStore;
}

/** The dependencies with defaults filled in. */
export interface EngineContext {
  readonly store: HandoffStore;
  readonly workSystems: WorkSystemResolver;
  readonly scheduler: Scheduler;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options: EngineOptions;
  readonly newId: () => string;
  readonly newRunId: () => string;
  readonly roles?: RoleStore;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  progressIntervalMs: 3_000,
  sweepIntervalMs: 15 * 60_000,
  summaryBatchSize: 50,
  maxHorizonMs: 366 * 24 * 3_600_000,
  runLeaseMs: 2 * 60_000,
};
