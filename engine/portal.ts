/**
 * Reaching a tenant's portal at the start of a job. The resolver can refuse (the workspace is no longer connected:
 * HandoffError `portal_error`; the portal failed: PortalError); a job must handle that like any portal failure in
 * its run, not let it escape before its error handling and leave the handoff `running` or `returning` for good.
 * @module
 */
import type { EngineContext } from './context.js';
import { type HandoffError, isHandoffError, isPortalError, type PortalError } from './errors.js';
import type { TenantId } from './ids.js';
import type { WorkSystem } from './ports.js';

export type ReachedPortal =
  | { readonly ok: true; readonly workSystem: WorkSystem }
  | { readonly ok: false; readonly error: HandoffError | PortalError; readonly workSystem: WorkSystem };

/**
 * Resolves the tenant's portal. A domain refusal comes back as `ok: false` with a stand-in work system that rejects
 * every call with that error (so a run can still be built to record the failure); anything else (a bug, a store
 * failure) is thrown, as in the rest of a run.
 */
export async function reachPortal(ctx: EngineContext, tenantId: TenantId): Promise<ReachedPortal> {
  try {
    return { ok: true, workSystem: await ctx.workSystems(tenantId) };
  } catch (err) {
    if (!isPortalError(err) && !isHandoffError(err)) throw err;
    return { ok: false, error: err, workSystem: unreachable(err) };
  }
}

function unreachable(error: Error): WorkSystem {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return {
    maxBatchSize: 1,
    listKinds: fail,
    countItems: fail,
    listItems: () => ({
      [Symbol.asyncIterator]: () => ({ next: fail }),
    }),
    readOwners: fail,
    setOwners: fail,
    getUser: fail,
    findUserByEmail: fail,
    getDepartment: fail,
    findDepartments: fail,
    headsOf: fail,
    departmentMembers: fail,
    listUsers: fail,
    listDepartments: fail,
    readFacts: fail,
    ping: fail,
  };
}
