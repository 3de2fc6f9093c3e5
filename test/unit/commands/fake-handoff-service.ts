/** A hand-written HandoffService for commands/ tests: records calls, keeps handoffs in memory, fails on request. */
import { HandoffError } from '../../../engine/errors.js';
import { toHandoffId, toPortalUserId } from '../../../engine/ids.js';
import { type EntityKind, type KindInfo, STATIC_KINDS, staticKindLabel } from '../../../engine/kinds.js';
import {
  emptyStatusCounts,
  type Handoff,
  type HandoffItem,
  type HandoffStatus,
  type ItemCounts,
  type Plan,
  type Preview,
  type StatusCounts,
} from '../../../engine/model.js';
import type { HandoffFilter, ItemFilter } from '../../../engine/ports.js';
import type {
  Actor,
  DateChange,
  HandoffService,
  HandoffView,
  RescheduleResult,
} from '../../../engine/service-types.js';

export const PROJECTS: KindInfo = { kind: 'spa:130', label: 'Projects' };
export const KINDS: readonly KindInfo[] = [
  ...STATIC_KINDS.map((kind) => ({ kind, label: staticKindLabel(kind) })),
  PROJECTS,
];

/** Items the from-user holds per kind in every preview. */
export const OPEN_ITEMS: Partial<Record<EntityKind, number>> = { deals: 12, tasks: 30, leads: 5, 'spa:130': 2 };

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

export class FakeHandoffService implements HandoffService {
  readonly calls: Call[] = [];
  readonly handoffs = new Map<number, { handoff: Handoff; counts: ItemCounts; failed: HandoffItem[] }>();
  /** Thrown by the next call of the named method. */
  readonly failNext = new Map<string, unknown>();
  /** Heads returned by `ambiguous_head` for a head target without a department. */
  heads: { departmentId: number; departmentName: string; userId: number; name: string }[] = [];
  /** The head of the from-user when there is only one. */
  headUserId = toPortalUserId(90);
  private readonly keys = new Map<string, number>();
  private next = 1;

  constructor(private readonly now: () => Date) {}

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.failNext.get(method);
    if (error !== undefined) {
      this.failNext.delete(method);
      throw error;
    }
  }

  callsOf(method: string): readonly (readonly unknown[])[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async listKinds(): Promise<readonly KindInfo[]> {
    this.record('listKinds');
    return KINDS;
  }

  async preview(plan: Plan): Promise<Preview> {
    this.record('preview', plan);
    if (plan.to.type === 'head' && plan.to.departmentId === undefined && this.heads.length > 1) {
      throw new HandoffError('ambiguous_head', 'several heads', { userId: plan.fromUserId, heads: this.heads });
    }
    const kinds = plan.kinds ?? KINDS.map((k) => k.kind);
    const countsByKind = Object.fromEntries(kinds.map((kind) => [kind, OPEN_ITEMS[kind] ?? 0]));
    const receiver = (kind: EntityKind) => {
      const target = plan.targets?.[kind] ?? plan.to;
      return target.type === 'user' ? target.userId : this.headUserId;
    };
    const countsByTarget = kinds
      .filter((kind) => (OPEN_ITEMS[kind] ?? 0) > 0)
      .map((kind) => ({ userId: receiver(kind), kind, count: OPEN_ITEMS[kind] ?? 0 }));
    const total = countsByTarget.reduce((sum, row) => sum + row.count, 0);
    const to = plan.to;
    const head =
      to.type === 'head'
        ? {
            type: 'user' as const,
            userId: toPortalUserId(
              this.heads.find((h) => h.departmentId === to.departmentId)?.userId ?? this.headUserId,
            ),
            via: 'head' as const,
          }
        : undefined;
    const targets = head ? Object.fromEntries(kinds.map((kind) => [kind, head])) : {};
    return { plan, kinds, targets, countsByKind, countsByTarget, total };
  }

  async create(plan: Plan, options?: { readonly idempotencyKey?: string }) {
    this.record('create', plan, options);
    const key = options?.idempotencyKey;
    const existing = key !== undefined ? this.keys.get(key) : undefined;
    if (existing !== undefined) return { view: await this.get(plan.tenantId, existing), created: false };
    const no = this.next++;
    const status: HandoffStatus = plan.when.startAt ? 'scheduled' : 'running';
    this.put(no, plan, status, { pending: 10 });
    if (key !== undefined) this.keys.set(key, no);
    return { view: await this.get(plan.tenantId, no), created: true };
  }

  /** Stores a handoff directly (arrange step of status tests). */
  put(no: number, plan: Plan, status: HandoffStatus, counts: Partial<StatusCounts>, failed: HandoffItem[] = []): void {
    const byStatus = { ...emptyStatusCounts(), ...counts };
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const at = this.now();
    this.handoffs.set(no, {
      handoff: {
        tenantId: plan.tenantId,
        id: toHandoffId(`h-${no}`),
        no,
        status,
        plan,
        targets: {},
        kinds: plan.kinds ?? ['deals'],
        createdAt: at,
        updatedAt: at,
        cancelRequested: false,
      },
      counts: { total, byStatus, byKind: { deals: byStatus } },
      failed,
    });
  }

  async get(_tenantId: unknown, no: number): Promise<HandoffView> {
    this.record('get', no);
    const stored = this.handoffs.get(no);
    if (!stored) throw new HandoffError('not_found', 'no such handoff', { handoffNo: no });
    return { handoff: stored.handoff, counts: stored.counts };
  }

  async list(_tenantId: unknown, filter?: HandoffFilter): Promise<readonly HandoffView[]> {
    this.record('list', filter);
    return [...this.handoffs.values()]
      .filter((h) => !filter?.statuses || filter.statuses.includes(h.handoff.status))
      .sort((a, b) => b.handoff.no - a.handoff.no)
      .slice(0, filter?.limit ?? 20)
      .map((h) => ({ handoff: h.handoff, counts: h.counts }));
  }

  async items(_tenantId: unknown, no: number, filter?: ItemFilter): Promise<readonly HandoffItem[]> {
    this.record('items', no, filter);
    return (this.handoffs.get(no)?.failed ?? []).slice(0, filter?.limit ?? 100);
  }

  async events() {
    return [];
  }

  private transition(no: number, status: HandoffStatus, patch: Partial<Handoff> = {}): HandoffView {
    const stored = this.handoffs.get(no);
    if (!stored) throw new HandoffError('not_found', 'no such handoff', { handoffNo: no });
    stored.handoff = { ...stored.handoff, status, ...patch };
    return { handoff: stored.handoff, counts: stored.counts };
  }

  async cancel(_tenantId: unknown, no: number, actor: Actor): Promise<HandoffView> {
    this.record('cancel', no, actor);
    return this.transition(no, this.handoffs.get(no)?.handoff.status ?? 'running', { cancelRequested: true });
  }

  async retry(_tenantId: unknown, no: number, actor: Actor): Promise<HandoffView> {
    this.record('retry', no, actor);
    return this.transition(no, 'running');
  }

  async returnNow(_tenantId: unknown, no: number, actor: Actor, options?: { readonly force?: boolean }) {
    this.record('returnNow', no, actor, options);
    return this.transition(no, 'returning');
  }

  async undo(_tenantId: unknown, no: number, actor: Actor, options?: { readonly force?: boolean }) {
    this.record('undo', no, actor, options);
    return this.transition(no, 'returning');
  }

  async move(_tenantId: unknown, no: number, change: DateChange, actor: Actor): Promise<RescheduleResult> {
    this.record('move', no, actor, change);
    return { view: this.transition(no, this.handoffs.get(no)?.handoff.status ?? 'scheduled'), outcome: 'moved' };
  }

  async endEarly(_tenantId: unknown, no: number, actor: Actor): Promise<RescheduleResult> {
    this.record('endEarly', no, actor);
    return { view: this.transition(no, 'cancelled'), outcome: 'cancelled' };
  }

  readonly jobs = {
    start: async () => {},
    return: async () => {},
    sweep: async () => {},
  };
}
