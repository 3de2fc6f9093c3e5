/**
 * What commands/run.ts needs from its caller: who speaks, where and when, and the few surface-supplied functions
 * (person resolution, authorization, department lookup). Everything is injected, nothing is a module singleton.
 * @module
 */
import type { HandoffId, PortalUserId, TenantId } from '../engine/ids.js';
import type { Origin, Plan } from '../engine/model.js';
import type { Logger } from '../engine/ports.js';
import type { RoleService } from '../engine/role-service.js';
import type { HandoffService } from '../engine/service-types.js';
import type { VacationService } from '../engine/vacations.js';
import type { DateLocale } from './dates.js';
import type { PersonRef } from './person-ref.js';
import type { Result } from './problems.js';
import type { ReplyPerson } from './reply.js';

/** The person giving the command. */
export interface Speaker {
  /** Known when the surface could map the speaker to a portal user. */
  readonly portalUserId?: PortalUserId;
  /** For the audit trail and replies, e.g. "slack:U123 (Maria)". */
  readonly label: string;
}

export interface RunContext {
  readonly tenantId: TenantId;
  readonly speaker: Speaker;
  /** The speaker's IANA zone (Slack `users.info().tz`, the portal profile, then the workspace default, then UTC). */
  readonly timeZone: string;
  readonly locale?: DateLocale;
  /** The reference instant for dates and token expiry. */
  readonly now: Date;
  /** Where the command came from; carried into the plan so the surface finds its progress message. */
  readonly origin?: Origin;
}

/** What commands/ sees of an approval request. */
export interface ApprovalView {
  readonly id: string;
  readonly plan: Plan;
  readonly requestedBy: string;
  readonly approverIds: readonly PortalUserId[];
  readonly status: 'pending' | 'approved' | 'declined';
  /** The handoff the approval started, once recorded (absent: approved but not started yet, e.g. a full disk). */
  readonly handoffId?: HandoffId;
}

export interface ApprovalDeps {
  /**
   * Stores the request and sends `summary` with Approve / Decline to the from-user's heads (or, without one, the
   * HR people); the names of who was asked, or `no_approver`.
   */
  request(plan: Plan, summary: string): Promise<Result<{ readonly approverNames: readonly string[] }>>;
  get(id: string): Promise<ApprovalView | null>;
  /** Decides a pending request once (compare-and-set); null when it was decided already. */
  decide(id: string, decision: 'approved' | 'declined', decidedBy: string): Promise<ApprovalView | null>;
  recordHandoff(id: string, handoffId: HandoffId): Promise<void>;
  /** A message to whoever asked (a DM in Slack). Never throws. */
  tellRequester(approval: ApprovalView, text: string): Promise<void>;
}

export interface RunDeps {
  readonly service: HandoffService;
  /** The surface maps a mention/email to a portal user, or says why it can't (`person_not_linked`, …). */
  resolvePerson(ref: PersonRef): Promise<Result<PortalUserId>>;
  /**
   * Whether the speaker may hand off `fromUserId`'s work (and act on their handoffs): a portal admin, the head of
   * one of the from-user's departments, or the from-user themself. Refusal makes the reply say who can.
   */
  mayHandOff(speaker: Speaker, fromUserId: PortalUserId): Promise<boolean>;
  /** Departments whose name contains `name` (the portal's directory). */
  findDepartments(name: string): Promise<readonly { readonly id: number; readonly name: string }[]>;
  /** A person for replies (name, native mention). Default: "user #12". */
  describePerson?(id: PortalUserId): Promise<ReplyPerson>;
  /** Named roles (`roles`, `role set …`, `role remove …`); absent: those commands answer "not supported here". */
  readonly roles?: RoleService;
  /** Whether the speaker may change roles (portal admins); absent means nobody may. */
  mayManageRoles?(speaker: Speaker): Promise<boolean>;
  /** `link @user <id>`: stores the mapping; absent on surfaces that link people elsewhere. */
  linkPerson?(ref: PersonRef, portalUserId: PortalUserId): Promise<Result<void>>;
  /** Vacation records (issue 12): `vacation H-3 until …` moves a record's handoff through it. Absent: handoffs only. */
  readonly vacations?: VacationService;
  /**
   * `hr …`: the tenant's HR people (issue 12). The surface checks that the speaker is a portal admin (throwing
   * `not_allowed` otherwise) and names people its own way. Absent on surfaces without HR people.
   */
  readonly hr?: {
    list(): Promise<readonly string[]>;
    add(ref: PersonRef): Promise<Result<{ readonly name: string; readonly added: boolean }>>;
    remove(ref: PersonRef): Promise<Result<{ readonly name: string; readonly removed: boolean }>>;
  };
  /**
   * Approvals (issue 12): a plan asked for by someone who may not start it goes to the from-user's head (or HR) in
   * chat. The surface stores the request and sends the Approve / Decline message; commands/run-approval.ts decides.
   * Absent: such a speaker is simply told who can.
   */
  readonly approvals?: ApprovalDeps;
  /** Key for signing confirm tokens (derived from ENCRYPTION_KEY by the composition root). ≥ 16 characters. */
  readonly confirmSecret: string;
  /**
   * `console`: a signed link to the web console for the speaker (bot/console/links.ts); absent where the console
   * is not configured (no PUBLIC_URL), and the command then says it isn't available.
   */
  consoleLink?(request: { readonly tenantId: TenantId; readonly portalUserId: PortalUserId; readonly label: string }): {
    readonly url: string;
    readonly expiresAt: Date;
  };
  /** How long a preview can be started. Default 1 hour. */
  readonly confirmTtlMs?: number;
  readonly logger?: Logger;
}
