/**
 * Stage directories (crm.status.list) and the "open" rule of each entity kind, per reference §6.1 and §6.3:
 * leads STATUS_SEMANTIC_ID 'P', deals and quotes CLOSED 'N', invoices and smart processes a stage that is not final,
 * tasks REAL_STATUS 1–4 or 6 (deferred), activities not COMPLETED; contacts and companies have no state.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { SpaType } from './types.js';

export type Semantic = 'P' | 'S' | 'F';

export interface StageDef {
  readonly statusId: string;
  readonly name: string;
  /** As crm.status.list gives it: 'S' success, 'F' failure, null in progress. */
  readonly semantics: 'S' | 'F' | null;
  readonly sort: number;
}

export interface StageDirectory {
  /** ENTITY_ID of the directory: STATUS, DEAL_STAGE, QUOTE_STATUS, SMART_INVOICE_STAGE_{c}, DYNAMIC_{t}_STAGE_{c}. */
  readonly entityId: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly entityTypeId: number;
  readonly categoryId: number | null;
  readonly stages: readonly StageDef[];
}

/** The category (pipeline) of smart invoices in the sandbox; real portals use a non-zero default category too. */
export const INVOICE_CATEGORY_ID = 2;

function stages(defs: readonly [string, string, 'S' | 'F' | null][]): StageDef[] {
  return defs.map(([statusId, name, semantics], i) => ({ statusId, name, semantics, sort: (i + 1) * 10 }));
}

function pipelineStages(prefix: string): StageDef[] {
  return stages([
    [`${prefix}:NEW`, 'New', null],
    [`${prefix}:PREPARATION`, 'Preparation', null],
    [`${prefix}:CLIENT`, 'Client review', null],
    [`${prefix}:SUCCESS`, 'Success', 'S'],
    [`${prefix}:FAIL`, 'Failed', 'F'],
  ]);
}

/** Every stage directory of a portal with these smart-process types. */
export function buildDirectories(spaTypes: readonly SpaType[]): StageDirectory[] {
  const dirs: StageDirectory[] = [
    {
      entityId: 'STATUS',
      name: 'Lead statuses',
      kind: 'leads',
      entityTypeId: 1,
      categoryId: null,
      stages: stages([
        ['NEW', 'Unassigned', null],
        ['IN_PROCESS', 'In progress', null],
        ['PROCESSED', 'Processed', null],
        ['CONVERTED', 'Good lead', 'S'],
        ['JUNK', 'Junk lead', 'F'],
      ]),
    },
    {
      entityId: 'DEAL_STAGE',
      name: 'Deal stages',
      kind: 'deals',
      entityTypeId: 2,
      categoryId: 0,
      stages: stages([
        ['NEW', 'New', null],
        ['PREPARATION', 'Preparing documents', null],
        ['EXECUTING', 'In progress', null],
        ['WON', 'Deal won', 'S'],
        ['LOSE', 'Deal lost', 'F'],
      ]),
    },
    {
      entityId: 'QUOTE_STATUS',
      name: 'Estimate statuses',
      kind: 'quotes',
      entityTypeId: 7,
      categoryId: null,
      stages: stages([
        ['DRAFT', 'New', null],
        ['SENT', 'Sent to client', null],
        ['APPROVED', 'Approved', 'S'],
        ['DECLAINED', 'Declined', 'F'],
      ]),
    },
    {
      entityId: `SMART_INVOICE_STAGE_${INVOICE_CATEGORY_ID}`,
      name: 'Invoice stages',
      kind: 'invoices',
      entityTypeId: 31,
      categoryId: INVOICE_CATEGORY_ID,
      stages: stages([
        [`DT31_${INVOICE_CATEGORY_ID}:N`, 'New', null],
        [`DT31_${INVOICE_CATEGORY_ID}:S`, 'Sent', null],
        [`DT31_${INVOICE_CATEGORY_ID}:P`, 'Paid', 'S'],
        [`DT31_${INVOICE_CATEGORY_ID}:D`, 'Declined', 'F'],
      ]),
    },
  ];
  for (const type of spaTypes) {
    if (!type.isStagesEnabled) continue;
    for (const categoryId of type.categoryIds) {
      dirs.push({
        entityId: `DYNAMIC_${type.entityTypeId}_STAGE_${categoryId}`,
        name: `${type.title} stages (${categoryId})`,
        kind: `spa:${type.entityTypeId}`,
        entityTypeId: type.entityTypeId,
        categoryId,
        stages: pipelineStages(`DT${type.entityTypeId}_${categoryId}`),
      });
    }
  }
  return dirs;
}

/** Answers "which stage is open/closed" and "what is the semantic of this stage" for one portal. */
export class StageCatalog {
  private readonly semantics = new Map<string, Semantic>();
  private readonly byKindCategory = new Map<string, StageDirectory>();
  /** Memoised stage choices and categories: seeding 100,000 items must not filter directories per item. */
  private readonly choices = new Map<string, readonly string[]>();
  private readonly categories = new Map<EntityKind, number[]>();

  constructor(readonly directories: readonly StageDirectory[]) {
    for (const dir of directories) {
      this.byKindCategory.set(`${dir.kind}|${dir.categoryId ?? 0}`, dir);
      for (const stage of dir.stages) this.semantics.set(`${dir.kind}|${stage.statusId}`, stage.semantics ?? 'P');
    }
  }

  /** 'P' in progress, 'S' success, 'F' failure; kinds without stages are always 'P'. */
  semanticOf(kind: EntityKind, stageId: string): Semantic {
    // Tasks (reference §6.6): 1–4 in progress and 6 deferred are still the person's work; 5 completed, 7 declined.
    if (kind === 'tasks') return Number(stageId) === 5 ? 'S' : Number(stageId) === 7 ? 'F' : 'P';
    if (kind === 'activities') return stageId === '1' ? 'P' : 'S';
    return this.semantics.get(`${kind}|${stageId}`) ?? 'P';
  }

  isOpen(kind: EntityKind, stageId: string): boolean {
    return this.semanticOf(kind, stageId) === 'P';
  }

  hasStage(kind: EntityKind, stageId: string): boolean {
    return this.semantics.has(`${kind}|${stageId}`);
  }

  /** The stage a new item gets: the first open one, or a final one when `open` is false. */
  stageFor(kind: EntityKind, categoryId: number, open: boolean, pick = 0): string {
    if (kind === 'tasks') return open ? (['2', '3', '6'][pick % 3] ?? '2') : '5';
    if (kind === 'activities') return open ? '1' : '2';
    const key = `${kind}|${categoryId}|${open}`;
    let wanted = this.choices.get(key);
    if (!wanted) {
      const dir = this.byKindCategory.get(`${kind}|${categoryId}`);
      wanted = (dir?.stages ?? []).filter((s) => (s.semantics === null) === open).map((s) => s.statusId);
      this.choices.set(key, wanted);
    }
    return wanted[pick % wanted.length] ?? '';
  }

  /** The categories a kind has (one default pipeline when it has no directory). */
  categoriesOf(kind: EntityKind): readonly number[] {
    let ids = this.categories.get(kind);
    if (!ids) {
      ids = this.directories.filter((d) => d.kind === kind).map((d) => d.categoryId ?? 0);
      if (ids.length === 0) ids.push(0);
      this.categories.set(kind, ids);
    }
    return ids;
  }
}
