/**
 * `createVacationService`: vacations as records over handoffs. Creating one creates (or finds again) the temporary
 * handoff that covers it, keyed by the HR system's `externalId`, so a retried request never makes a second; moving
 * its dates moves the handoff's (engine/reschedule.ts); cancelling it cancels the handoff before the start and
 * returns it after. The record keeps the HR view; the handoff's status says where the work is.
 * @module
 */
import { HandoffError } from './errors.js';
import { formatHandoffNo, type TenantId } from './ids.js';
import type { Initiator, Origin, Plan, Target } from './model.js';
import type { Clock, WorkSystemResolver } from './ports.js';
import type { RescheduleOutcome } from './reschedule.js';
import { parseRoleName, type RoleStore, resolveRole } from './roles.js';
import type { Actor, HandoffService, HandoffView } from './service-types.js';
import type { Vacation, VacationFilter, VacationStore } from './vacation-model.js';

/** A vacation as an HR system or a person asks for it: the record's own fields, and who asks from where. */
export interface VacationRequest
  extends Pick<Vacation, 'tenantId' | 'externalId' | 'employeeId' | 'backup' | 'startAt' | 'endAt' | 'kinds'> {
  readonly initiator: Initiator;
  readonly origin?: Origin;
}

/** How a vacation is named: by the HR system's id, or by the handoff that covers it (`H-3`). */
export type VacationRef = { readonly externalId: string } | { readonly handoffNo: number };

export interface VacationView {
  readonly vacation: Vacation;
  readonly handoff: HandoffView;
}

export interface VacationChange {
  readonly startAt?: Date;
  readonly endAt?: Date;
}

export interface VacationService {
  /** Creates the vacation and its handoff; the same externalId again answers the first (`created: false`). */
  create(request: VacationRequest): Promise<{ readonly view: VacationView; readonly created: boolean }>;
  /** Moves its dates: shortened → earlier return; extended → later; ended before the start → cancelled. */
  move(
    tenantId: TenantId,
    ref: VacationRef,
    change: VacationChange,
    actor: Actor,
  ): Promise<{ readonly view: VacationView; readonly outcome: RescheduleOutcome }>;
  /** Calls it off: cancelled before the start, returned now after it. Idempotent. */
  cancel(
    tenantId: TenantId,
    ref: VacationRef,
    actor: Actor,
  ): Promise<{ readonly view: VacationView; readonly outcome: RescheduleOutcome }>;
  get(tenantId: TenantId, ref: VacationRef): Promise<VacationView>;
  list(tenantId: TenantId, filter?: VacationFilter): Promise<readonly VacationView[]>;
}

export interface VacationDeps {
  readonly handoffs: HandoffService;
  readonly vacations: VacationStore;
  readonly clock: Clock;
  /** Named roles (engine/roles.ts) for a `role` backup, resolved when the vacation is created. Absent: no roles. */
  readonly roles?: { readonly store: RoleStore; readonly workSystems: WorkSystemResolver };
}

/** A start this close to now (or past) starts the handoff at once. */
const START_NOW_MS = 60_000;

const sameTime = (a: Date, b: Date) => a.getTime() === b.getTime();

function sameRequest(vacation: Vacation, request: VacationRequest): boolean {
  return (
    vacation.employeeId === request.employeeId &&
    JSON.stringify(vacation.backup) === JSON.stringify(request.backup) &&
    sameTime(vacation.startAt, request.startAt) &&
    sameTime(vacation.endAt, request.endAt) &&
    JSON.stringify(vacation.kinds ?? []) === JSON.stringify(request.kinds ?? [])
  );
}

/** The idempotency key of a vacation's handoff: a retry finds the handoff even if the record was never stored. */
export function vacationIdempotencyKey(externalId: string): string {
  return `vacation:${externalId}`;
}

export function createVacationService(deps: VacationDeps): VacationService {
  const { handoffs, vacations, clock } = deps;

  async function find(tenantId: TenantId, ref: VacationRef): Promise<Vacation> {
    if ('externalId' in ref) {
      const found = await vacations.getVacation(tenantId, ref.externalId);
      if (found) return found;
      throw new HandoffError('unknown_vacation', `No vacation ${ref.externalId}.`, { externalId: ref.externalId });
    }
    const view = await handoffs.get(tenantId, ref.handoffNo);
    const found = await vacations.findVacationByHandoff(tenantId, view.handoff.id);
    if (found) return found;
    throw new HandoffError('unknown_vacation', `${formatHandoffNo(ref.handoffNo)} is not a vacation.`, {
      handoffNo: ref.handoffNo,
    });
  }

  async function viewOf(vacation: Vacation): Promise<VacationView> {
    return { vacation, handoff: await handoffs.get(vacation.tenantId, vacation.handoffNo) };
  }

  /** A role names whoever holds it now; the handoff then keeps those people even if the role changes later. */
  async function targetOf(request: VacationRequest): Promise<Target> {
    const { backup } = request;
    if (backup.type !== 'role') return backup;
    if (!deps.roles) {
      throw new HandoffError('unknown_role', `Role "${backup.name}" is not defined.`, {
        field: 'backup',
        reason: backup.name,
      });
    }
    const workSystem = await deps.roles.workSystems(request.tenantId);
    const parsed = parseRoleName(backup.name);
    const name = parsed.ok ? parsed.value : backup.name;
    return (await resolveRole({ roles: deps.roles.store, workSystem }, request.tenantId, name, 'backup')).target;
  }

  function planOf(request: VacationRequest, to: Target): Plan {
    const startsNow = request.startAt.getTime() - clock.now().getTime() <= START_NOW_MS;
    return {
      tenantId: request.tenantId,
      initiator: request.initiator,
      fromUserId: request.employeeId,
      to,
      ...(request.kinds && request.kinds.length > 0 ? { kinds: request.kinds } : {}),
      when: { mode: 'temporary', ...(startsNow ? {} : { startAt: request.startAt }), returnAt: request.endAt },
      // What lands on the absent person while away goes to the backup too.
      options: { allItems: false, dryRun: false, forceReturn: false, notify: true, sweep: true },
      ...(request.origin ? { origin: request.origin } : {}),
    };
  }

  return {
    async create(request) {
      const existing = await vacations.getVacation(request.tenantId, request.externalId);
      if (existing) {
        if (!sameRequest(existing, request)) {
          throw new HandoffError(
            'vacation_conflict',
            `Vacation ${request.externalId} exists with other details; move it instead.`,
            { externalId: request.externalId, handoffNo: existing.handoffNo, field: 'externalId' },
          );
        }
        return { view: await viewOf(existing), created: false };
      }
      const { view } = await handoffs.create(planOf(request, await targetOf(request)), {
        idempotencyKey: vacationIdempotencyKey(request.externalId),
      });
      const { vacation, created } = await vacations.insertVacation({
        tenantId: request.tenantId,
        externalId: request.externalId,
        employeeId: request.employeeId,
        backup: request.backup,
        startAt: request.startAt,
        endAt: request.endAt,
        ...(request.kinds && request.kinds.length > 0 ? { kinds: request.kinds } : {}),
        handoffId: view.handoff.id,
        handoffNo: view.handoff.no,
        state: 'active',
        createdBy: request.initiator.label,
      });
      return {
        view: { vacation, handoff: created ? view : await handoffs.get(request.tenantId, vacation.handoffNo) },
        created,
      };
    },

    async move(tenantId, ref, change, actor) {
      const vacation = await find(tenantId, ref);
      if (vacation.state === 'cancelled') {
        throw new HandoffError('wrong_status', `Vacation ${vacation.externalId} is cancelled.`, {
          handoffNo: vacation.handoffNo,
          status: 'cancelled',
          externalId: vacation.externalId,
        });
      }
      const { view, outcome } = await handoffs.move(
        tenantId,
        vacation.handoffNo,
        {
          ...(change.startAt ? { startAt: change.startAt } : {}),
          ...(change.endAt ? { returnAt: change.endAt } : {}),
        },
        actor,
      );
      const updated = await vacations.updateVacation(tenantId, vacation.externalId, {
        ...(change.startAt ? { startAt: change.startAt } : {}),
        ...(change.endAt ? { endAt: change.endAt } : {}),
        ...(outcome === 'cancelled' ? { state: 'cancelled' as const } : {}),
      });
      return { view: { vacation: updated ?? vacation, handoff: view }, outcome };
    },

    async cancel(tenantId, ref, actor) {
      const vacation = await find(tenantId, ref);
      const { view, outcome } = await handoffs.endEarly(tenantId, vacation.handoffNo, actor);
      const now = clock.now();
      const updated = await vacations.updateVacation(tenantId, vacation.externalId, {
        state: 'cancelled',
        // Cut short after it started: it ended now.
        ...(vacation.startAt <= now && vacation.endAt > now ? { endAt: now } : {}),
      });
      return { view: { vacation: updated ?? vacation, handoff: view }, outcome };
    },

    async get(tenantId, ref) {
      return viewOf(await find(tenantId, ref));
    },

    async list(tenantId, filter) {
      const found = await vacations.listVacations(tenantId, filter);
      return Promise.all(found.map(viewOf));
    },
  };
}
