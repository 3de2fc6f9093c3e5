/**
 * A CRM document (a deal or a lead) and the records related to it (reference §7), as the robot "Change Related
 * Responsible" moves them: which relations exist, which entity kind each one is, and what a portal answers.
 * @module
 */
import type { EntityKind } from './kinds.js';
import type { WorkItem } from './ports.js';

export const DOCUMENT_KINDS = ['deals', 'leads'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** One deal or lead. */
export interface DocumentRef {
  readonly kind: DocumentKind;
  readonly itemId: number;
}

/** What may go with a document: its open activities and tasks, its contacts and company, its quotes and invoices. */
export const RELATIONS = ['activities', 'tasks', 'contacts', 'company', 'quotes', 'invoices'] as const;
export type Relation = (typeof RELATIONS)[number];

/** The entity kind of each relation's records. */
export const RELATION_KINDS: Readonly<Record<Relation, EntityKind>> = {
  activities: 'activities',
  tasks: 'tasks',
  contacts: 'contacts',
  company: 'companies',
  quotes: 'quotes',
  invoices: 'invoices',
};

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export function isRelation(value: string): value is Relation {
  return (RELATIONS as readonly string[]).includes(value);
}

/**
 * A document as read from the portal with its related records. `document` is null when it no longer exists. Related
 * records are open ones only (completed activities and tasks, closed quotes and final-stage invoices stay as they
 * are; the portal's own company never moves); each record appears once.
 */
export interface RelatedRecords {
  readonly document: WorkItem | null;
  readonly related: ReadonlyMap<Relation, readonly WorkItem[]>;
}

/** Human text for a document: "deal 12", "lead 4". */
export function describeDocument(document: DocumentRef): string {
  return `${document.kind === 'deals' ? 'deal' : 'lead'} ${document.itemId}`;
}

/** The parts of a robot source that decide which kinds it moves. */
export interface RobotSourceLike {
  readonly document: DocumentRef;
  readonly includeDocument: boolean;
  readonly relations: readonly Relation[];
}
