/**
 * The registry of entity-kind modules: one module per kind, keyed by kind; smart processes get theirs on demand.
 * Adding a kind means one file and one line here.
 * @module
 */
import { type EntityKind, isEntityKind, isSpaKind, type StaticKind } from '../../engine/kinds.js';
import { activities } from './activities.js';
import { companies } from './companies.js';
import { contacts } from './contacts.js';
import { deals } from './deals.js';
import { invoices } from './invoices.js';
import { leads } from './leads.js';
import { quotes } from './quotes.js';
import { createSpaModule } from './spa.js';
import { tasks } from './tasks.js';
import type { EntityModule } from './types.js';

export const ENTITY_MODULES: Readonly<Record<StaticKind, EntityModule>> = {
  tasks,
  activities,
  leads,
  deals,
  contacts,
  companies,
  quotes,
  invoices,
};

export type ModuleLookup =
  | { readonly ok: true; readonly value: EntityModule }
  | { readonly ok: false; readonly problem: string };

/** The module of a kind; never throws. */
export function parseEntityModule(kind: string): ModuleLookup {
  if (!isEntityKind(kind))
    return {
      ok: false,
      problem: `Unknown entity kind "${kind.slice(0, 60)}" (expected tasks, activities, leads, deals, contacts, companies, quotes, invoices or spa:<entityTypeId>)`,
    };
  return { ok: true, value: isSpaKind(kind) ? createSpaModule(kind) : ENTITY_MODULES[kind] };
}

/** The module of a kind known to be valid; throws an Error naming the kind otherwise. */
export function toEntityModule(kind: EntityKind | string): EntityModule {
  const found = parseEntityModule(kind);
  if (!found.ok) throw new Error(found.problem);
  return found.value;
}

export type { EntityContext, EntityModule } from './types.js';
