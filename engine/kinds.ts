/**
 * Entity kinds: what a handoff can move. `spa:<entityTypeId>` names one smart process found by `crm.type.list`.
 * @module
 */
import { z } from 'zod';

export const STATIC_KINDS = [
  'tasks',
  'activities',
  'leads',
  'deals',
  'contacts',
  'companies',
  'quotes',
  'invoices',
] as const;
export type StaticKind = (typeof STATIC_KINDS)[number];
export type SpaKind = `spa:${number}`;
export type EntityKind = StaticKind | SpaKind;

/** Module groups (Uspacy's "by modules"): `tasks` = {tasks}; `crm` = every other kind. */
export const MODULES = ['tasks', 'crm'] as const;
export type Module = (typeof MODULES)[number];

const SPA_PATTERN = /^spa:(\d{3,6})$/;

export function isStaticKind(value: string): value is StaticKind {
  return (STATIC_KINDS as readonly string[]).includes(value);
}

export function isSpaKind(value: string): value is SpaKind {
  const match = SPA_PATTERN.exec(value);
  return match?.[1] !== undefined && Number(match[1]) >= 128;
}

export function isEntityKind(value: string): value is EntityKind {
  return isStaticKind(value) || isSpaKind(value);
}

/** The smart process entityTypeId of a `spa:<n>` kind. */
export function spaEntityTypeId(kind: SpaKind): number {
  return Number(kind.slice(4));
}

export function moduleOf(kind: EntityKind): Module {
  return kind === 'tasks' ? 'tasks' : 'crm';
}

export const EntityKindSchema = z.string().refine(isEntityKind, {
  message:
    'unknown entity kind (expected tasks, activities, leads, deals, contacts, companies, quotes, invoices or spa:<entityTypeId>)',
}) as unknown as z.ZodType<EntityKind>;

/** What a portal offers: every static kind plus its smart processes, with labels for people. */
export interface KindInfo {
  readonly kind: EntityKind;
  /** Plural label for people, e.g. "Deals" or the smart process title. */
  readonly label: string;
}

const STATIC_LABELS: Record<StaticKind, string> = {
  tasks: 'Tasks',
  activities: 'CRM activities',
  leads: 'Leads',
  deals: 'Deals',
  contacts: 'Contacts',
  companies: 'Companies',
  quotes: 'Quotes',
  invoices: 'Invoices',
};

export function staticKindLabel(kind: StaticKind): string {
  return STATIC_LABELS[kind];
}
