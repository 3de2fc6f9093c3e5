/**
 * `/readyz`: whether this process should get traffic. Unlike `/healthz` (is it alive), readiness asks the parts it
 * depends on: the database takes a write, the job runner is running, and each tenant's portal answers. Every check
 * has a time budget, and the whole report is reused for a few seconds, so a load balancer polling every replica
 * costs each portal at most one request per `cacheMs` (a portal request counts against its bucket, reference §5).
 * @module
 */

export type CheckResult = 'ok' | string;

export interface ReadinessReport {
  readonly ok: boolean;
  /** `database`, `scheduler`, and `portal:<tenantId>` per tenant; 'ok' or the problem in a few words. */
  readonly checks: Readonly<Record<string, CheckResult>>;
  /** When the checks ran (ISO); a cached report says so by its age. */
  readonly checkedAt: string;
}

export interface ReadinessDeps {
  /** Proves a write goes through (e.g. a write in a transaction that is rolled back). */
  readonly databaseWritable: () => Promise<void>;
  readonly schedulerRunning: () => boolean;
  /** Tenants whose portal is checked, each with a ping (one cheap request). */
  readonly portals: () => Promise<readonly { readonly tenantId: string; readonly ping: () => Promise<void> }[]>;
  readonly now: () => number;
  /** Budget per check, ms. Default 2 000. */
  readonly timeoutMs?: number;
  /** How long a report is reused, ms. Default 10 000. */
  readonly cacheMs?: number;
  /** Portals checked at most (the rest are not probed; a big multi-tenant install probes a sample). Default 50. */
  readonly maxPortals?: number;
}

/** The problem in a few words: the error's kind or code, never its message (a portal's may quote a URL). */
function describe(err: unknown): string {
  if (err instanceof Error && err.message === 'timed out') return 'timed out';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w.-]{1,60}$/.test(code)) return `failed (${code})`;
  return err instanceof Error ? `failed (${err.name})` : 'failed';
}

async function withTimeout(check: () => Promise<void>, ms: number): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
    timer.unref?.();
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (err) {
    return describe(err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @example const readiness = createReadiness({ databaseWritable, schedulerRunning, portals, now: Date.now });
 *          const report = await readiness(); // { ok, checks: { database: 'ok', scheduler: 'ok', 'portal:default': 'ok' } }
 */
export function createReadiness(deps: ReadinessDeps): () => Promise<ReadinessReport> {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const cacheMs = deps.cacheMs ?? 10_000;
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;

  async function check(): Promise<ReadinessReport> {
    const at = deps.now();
    const [database, portals] = await Promise.all([
      withTimeout(deps.databaseWritable, timeoutMs),
      deps.portals().then(
        (list) => list.slice(0, deps.maxPortals ?? 50),
        () => null,
      ),
    ]);
    const checks: Record<string, CheckResult> = {
      database,
      scheduler: deps.schedulerRunning() ? 'ok' : 'stopped',
    };
    if (portals === null) {
      checks.portals = 'failed (tenant list)';
    } else {
      const results = await Promise.all(portals.map((p) => withTimeout(p.ping, timeoutMs)));
      portals.forEach((p, i) => {
        checks[`portal:${p.tenantId}`] = results[i] ?? 'failed';
      });
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    return { ok, checks, checkedAt: new Date(at).toISOString() };
  }

  return () => {
    const now = deps.now();
    if (cached === undefined || now - cached.at >= cacheMs) {
      const report = check();
      cached = { at: now, report };
      // A check that throws (it should not) is not kept.
      report.catch(() => {
        cached = undefined;
      });
    }
    return cached.report;
  };
}
