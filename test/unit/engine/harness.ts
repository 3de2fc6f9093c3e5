/**
 * Shared setup for engine unit tests: a memory store, an in-memory portal, a manual scheduler, a recording notifier
 * and a fake clock wired into a real HandoffService, plus a plan builder.
 * @module
 */
import { toPortalUserId, toTenantId } from '../../../engine/ids.js';
import type { Plan, PlanOptions, Target, When } from '../../../engine/model.js';
import type { HandoffStore, Logger } from '../../../engine/ports.js';
import { createHandoffService } from '../../../engine/service.js';
import type { EngineOptions, HandoffService } from '../../../engine/service-types.js';
import { MemoryHandoffStore } from '../../../storage/memory-store.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { ManualScheduler } from '../../fakes/manual-scheduler.js';
import { MemoryWorkSystem, type MemoryWorkSystemOptions } from '../../fakes/memory-work-system.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';

export const TENANT = toTenantId('t1');
export const ACTOR = { label: 'test:admin' };

export interface LogLine {
  readonly level: string;
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

export function createRecordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger {
  const log =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createRecordingLogger(lines, { ...bindings, ...more }),
  };
}

export interface Harness {
  readonly clock: FakeClock;
  readonly store: MemoryHandoffStore;
  readonly ws: MemoryWorkSystem;
  readonly scheduler: ManualScheduler;
  readonly notifier: RecordingNotifier;
  readonly logs: LogLine[];
  readonly service: HandoffService;
  /** Runs every due job (the clock decides what is due). */
  runDue(): Promise<string[]>;
  /** Makes the work-system resolver throw `error` from now on (a disconnected workspace, a dead portal); null heals it. */
  failPortal(error: Error | null): void;
}

/** Users 1..6 active; 1 is the usual from-user and 2 the usual receiver. */
export function createHarness(
  options: {
    ws?: MemoryWorkSystemOptions;
    engine?: Partial<EngineOptions>;
    users?: number;
    /** What the engine sees of the store (e.g. a fake that fails some calls); `h.store` stays the real one. */
    wrapStore?: (store: MemoryHandoffStore) => HandoffStore;
  } = {},
): Harness {
  const clock = new FakeClock();
  const store = new MemoryHandoffStore({ clock });
  const ws = new MemoryWorkSystem(options.ws);
  for (let id = 1; id <= (options.users ?? 6); id += 1) ws.addUser(id);
  const scheduler = new ManualScheduler(clock);
  const notifier = new RecordingNotifier();
  const logs: LogLine[] = [];
  let seq = 0;
  let portalError: Error | null = null;
  const service = createHandoffService({
    store: options.wrapStore ? options.wrapStore(store) : store,
    workSystems: async () => {
      if (portalError) throw portalError;
      return ws;
    },
    scheduler,
    notifier,
    clock,
    logger: createRecordingLogger(logs),
    options: options.engine ?? {},
    newId: () => `h-${++seq}`,
  });
  return {
    clock,
    store,
    ws,
    scheduler,
    notifier,
    logs,
    service,
    runDue: () => scheduler.runDue(service.jobs),
    failPortal: (error) => {
      portalError = error;
    },
  };
}

const DEFAULT_OPTIONS: PlanOptions = { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: false };

export function plan(
  overrides: {
    from?: number;
    to?: Target;
    targets?: Plan['targets'];
    kinds?: Plan['kinds'];
    when?: When;
    options?: Partial<PlanOptions>;
  } = {},
): Plan {
  return {
    tenantId: TENANT,
    initiator: { label: 'test:admin' },
    fromUserId: toPortalUserId(overrides.from ?? 1),
    to: overrides.to ?? user(2),
    ...(overrides.targets ? { targets: overrides.targets } : {}),
    ...(overrides.kinds ? { kinds: overrides.kinds } : {}),
    when: overrides.when ?? { mode: 'permanent' },
    options: { ...DEFAULT_OPTIONS, ...overrides.options },
  };
}

export function user(id: number): Target {
  return { type: 'user', userId: toPortalUserId(id) };
}

/** A temporary `when` returning `days` after the clock's now. */
export function until(clock: FakeClock, days: number): When {
  return { mode: 'temporary', returnAt: new Date(clock.now().getTime() + days * 86_400_000) };
}
