/**
 * What a portal offers, cached briefly: its smart processes (crm.type.list) and the final stages of every
 * pipeline (crm.status.list), which decide "open" for invoices and smart processes (reference §6.2, §6.3).
 * @module
 */
import { type EntityKind, type KindInfo, STATIC_KINDS, staticKindLabel } from '../engine/kinds.js';
import type { Bitrix24Client } from './client.js';
import type { EntityContext } from './entities/index.js';
import { listAllByOffset } from './listing.js';
import { parseRows, SpaTypeRow, StatusRow } from './schemas.js';

interface Cached<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

export class PortalCatalog implements EntityContext {
  private types: Cached<readonly SpaTypeRow[]> | undefined;
  private statuses: Cached<readonly StatusRow[]> | undefined;

  constructor(
    private readonly client: Bitrix24Client,
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
  ) {}

  /** Static kinds in their fixed order, then one `spa:<id>` per smart process by entityTypeId. */
  async listKinds(): Promise<readonly KindInfo[]> {
    const statics: KindInfo[] = STATIC_KINDS.map((kind) => ({ kind, label: staticKindLabel(kind) }));
    const spas = [...(await this.spaTypes())]
      .filter((t) => t.entityTypeId >= 128)
      .sort((a, b) => a.entityTypeId - b.entityTypeId)
      .map((t): KindInfo => ({ kind: `spa:${t.entityTypeId}`, label: t.title || `Smart process ${t.entityTypeId}` }));
    return [...statics, ...spas];
  }

  /** Whether the portal has this kind (static kinds always; a smart process when crm.type.list lists it). */
  async hasKind(kind: EntityKind): Promise<boolean> {
    return (await this.listKinds()).some((info) => info.kind === kind);
  }

  async stagesEnabled(entityTypeId: number): Promise<boolean> {
    return (await this.spaTypes()).find((t) => t.entityTypeId === entityTypeId)?.isStagesEnabled ?? true;
  }

  async finalStageIds(entityTypeId: number): Promise<readonly string[]> {
    // Directory ids: SMART_INVOICE_STAGE_{category} for invoices, DYNAMIC_{type}_STAGE_{category} for SPAs (§6.3).
    const pattern =
      entityTypeId === 31 ? /^SMART_INVOICE_STAGE_\d+$/ : new RegExp(`^DYNAMIC_${entityTypeId}_STAGE_\\d+$`);
    return (await this.allStatuses())
      .filter((s) => pattern.test(s.ENTITY_ID) && (s.SEMANTICS === 'S' || s.SEMANTICS === 'F'))
      .map((s) => s.STATUS_ID);
  }

  /** Whether the smart-process types were read within the lifetime (a facts batch need not ask again). */
  typesFresh(): boolean {
    return this.types !== undefined && this.now() - this.types.at <= this.ttlMs;
  }

  /** Every crm.type.list row, read elsewhere (a facts batch), kept as if this catalog had listed them. */
  seedTypes(rows: readonly unknown[]): void {
    this.types = { at: this.now(), value: Promise.resolve(parseRows(SpaTypeRow, [...rows])) };
  }

  private spaTypes(): Promise<readonly SpaTypeRow[]> {
    this.types = this.fresh(this.types, async () =>
      parseRows(SpaTypeRow, await listAllByOffset(this.client, 'crm.type.list', {}, 'types')),
    );
    return this.types.value;
  }

  private allStatuses(): Promise<readonly StatusRow[]> {
    this.statuses = this.fresh(this.statuses, async () =>
      parseRows(StatusRow, await listAllByOffset(this.client, 'crm.status.list', {})),
    );
    return this.statuses.value;
  }

  private fresh<T>(cached: Cached<T> | undefined, load: () => Promise<T>): Cached<T> {
    if (cached && this.now() - cached.at <= this.ttlMs) return cached;
    const value = load();
    const entry = { at: this.now(), value };
    // A failed load is not cached: the next caller tries again.
    value.catch(() => {
      if (this.types === (entry as unknown)) this.types = undefined;
      if (this.statuses === (entry as unknown)) this.statuses = undefined;
    });
    return entry;
  }
}
