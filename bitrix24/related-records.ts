/**
 * Reads a deal or lead and the records related to it (reference §7) in one batch request: the document itself
 * (`crm.item.get`: owner, title, `contactIds`, `companyId`), its open activities (`OWNER_TYPE_ID`/`OWNER_ID`), open
 * tasks (`UF_CRM_TASK` = `D_12`), open quotes (`dealId` / `leadId`) and invoices (`parentId2` / `parentId1`); then
 * its contacts and company by id in a second one. A relation with more than one page of records is read on by ID
 * cursor. Only the asked relations are read.
 * @module
 */
import type { DocumentRef, RelatedRecords, Relation } from '../engine/documents.js';
import type { EntityKind } from '../engine/kinds.js';
import type { WorkItem } from '../engine/ports.js';
import { chunk } from './batch.js';
import type { Bitrix24Client } from './client.js';
import { CRM_ENTITY_TYPE_IDS } from './entities/crm-types.js';
import { ENTITY_MODULES, type EntityContext } from './entities/index.js';
import { positiveInt, text, workItemOf } from './entities/row.js';
import type { TransportError } from './errors.js';
import { isGone, toPortalError } from './errors.js';
import { type ListQuery, listByCursor, PAGE_SIZE, pageParams, rowsOf } from './listing.js';
import type { QueryValue } from './query-string.js';

const NO_RESULT: TransportError = { kind: 'network', message: 'no result in the batch answer', timeout: false };

const DOCUMENT_TYPE = {
  deals: { entityTypeId: CRM_ENTITY_TYPE_IDS.deals, symbol: 'D', label: 'Deal' },
  leads: { entityTypeId: CRM_ENTITY_TYPE_IDS.leads, symbol: 'L', label: 'Lead' },
} as const;

/** The relations read by a filter on the related kind (the others come from the document's own fields). */
type ListedRelation = Exclude<Relation, 'contacts' | 'company'>;

const LISTED_KIND: Readonly<Record<ListedRelation, EntityKind & keyof typeof ENTITY_MODULES>> = {
  activities: 'activities',
  tasks: 'tasks',
  quotes: 'quotes',
  invoices: 'invoices',
};

/** The filter that finds a document's records of one relation (reference §7). */
export function relationFilter(document: DocumentRef, relation: ListedRelation): Record<string, QueryValue> {
  const { entityTypeId, symbol } = DOCUMENT_TYPE[document.kind];
  switch (relation) {
    case 'activities':
      return { OWNER_TYPE_ID: entityTypeId, OWNER_ID: document.itemId };
    case 'tasks':
      return { UF_CRM_TASK: `${symbol}_${document.itemId}` };
    case 'quotes':
      return document.kind === 'deals' ? { dealId: document.itemId } : { leadId: document.itemId };
    case 'invoices':
      return { [`parentId${entityTypeId}`]: document.itemId };
    default: {
      const never: never = relation;
      throw new Error(`unknown relation ${String(never)}`);
    }
  }
}

function toItems(kind: keyof typeof ENTITY_MODULES, rows: readonly Record<string, unknown>[]): WorkItem[] {
  const module = ENTITY_MODULES[kind];
  return rows.map((row) => module.toWorkItem(row)).filter((item): item is WorkItem => item !== null);
}

function idsOf(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];
  return [...new Set(list.map(positiveInt).filter((id): id is number => id !== undefined))];
}

/** Every row of a query by ID cursor (the rare relation with more than one page). */
async function readAll(client: Bitrix24Client, query: ListQuery): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const page of listByCursor(client, query)) rows.push(...page);
  return rows;
}

/**
 * The document and its related records of the asked relations.
 * @example await readRelatedRecords(client, catalog, { kind: 'deals', itemId: 12 }, ['contacts', 'tasks'])
 */
export async function readRelatedRecords(
  client: Bitrix24Client,
  context: EntityContext,
  document: DocumentRef,
  relations: readonly Relation[],
): Promise<RelatedRecords> {
  const type = DOCUMENT_TYPE[document.kind];
  const asked = new Set(relations);
  const listed: { relation: ListedRelation; query: ListQuery }[] = [];
  for (const relation of ['activities', 'tasks', 'quotes', 'invoices'] as const) {
    if (!asked.has(relation)) continue;
    const module = ENTITY_MODULES[LISTED_KIND[relation]];
    listed.push({ relation, query: await module.scopedQuery(relationFilter(document, relation), 'open', context) });
  }
  const getDocument = { method: 'crm.item.get', params: { entityTypeId: type.entityTypeId, id: document.itemId } };
  const results = await client.batch([
    getDocument,
    ...listed.map(({ query }) => ({ method: query.method, params: pageParams(query, 0, -1) })),
  ]);
  const first = results[0];
  if (!first?.ok) {
    if (first && isGone(first.error)) return { document: null, related: new Map() };
    throw toPortalError('crm.item.get', first ? first.error : NO_RESULT);
  }
  const item = (first.result as { item?: Record<string, unknown> } | null)?.item ?? {};
  const related = new Map<Relation, WorkItem[]>();
  for (const [index, { relation, query }] of listed.entries()) {
    const result = results[index + 1];
    if (!result?.ok) throw toPortalError(query.method, result ? result.error : NO_RESULT);
    let rows = rowsOf(query, result.result);
    if (rows.length >= PAGE_SIZE) rows = await readAll(client, query);
    related.set(relation, toItems(LISTED_KIND[relation], rows));
  }

  const byId: { relation: 'contacts' | 'company'; kind: 'contacts' | 'companies'; query: ListQuery }[] = [];
  if (asked.has('contacts')) {
    for (const ids of chunk(idsOf(item.contactIds), PAGE_SIZE)) {
      byId.push({ relation: 'contacts', kind: 'contacts', query: ENTITY_MODULES.contacts.idsQuery(ids) });
    }
    related.set('contacts', []);
  }
  if (asked.has('company')) {
    const companyId = positiveInt(item.companyId);
    // The portal's own legal entity never changes hands (the companies module's scoped filter leaves it out).
    if (companyId !== undefined) {
      const query = await ENTITY_MODULES.companies.scopedQuery({ '@id': [companyId] }, 'all', context);
      byId.push({ relation: 'company', kind: 'companies', query });
    }
    related.set('company', []);
  }
  if (byId.length > 0) {
    const answers = await client.batch(
      byId.map(({ query }) => ({ method: query.method, params: pageParams(query, 0, -1) })),
    );
    byId.forEach(({ relation, kind, query }, index) => {
      const answer = answers[index];
      if (!answer?.ok) throw toPortalError(query.method, answer ? answer.error : NO_RESULT);
      related.set(relation, [...(related.get(relation) ?? []), ...toItems(kind, rowsOf(query, answer.result))]);
    });
  }
  return {
    document: workItemOf(item, { id: 'id', owner: 'assignedById' }, text(item.title), type.label),
    related,
  };
}
