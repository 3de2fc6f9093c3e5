/**
 * Deterministic sample data: people in a department tree (heads, some people in two departments, some inactive,
 * admins), items of every kind per person, open and closed, and smart-process types with stages including final
 * ones. The same options always give the same portal.
 * @module
 */
import type { EntityKind } from '../../engine/kinds.js';
import type { Directory } from './directory.js';
import type { ItemStore, NewStoredItem } from './item-store.js';
import type { StageCatalog } from './stages.js';
import type { SeedOptions, SpaType } from './types.js';

/** A fixed epoch so timestamps are deterministic too (2026-01-05T09:00:00Z). */
export const SEED_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

const FIRST_NAMES = [
  'Anna',
  'Boris',
  'Chloe',
  'Dmytro',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
];
const LAST_NAMES = ['Adams', 'Berg', 'Costa', 'Dietrich', 'Evans', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jensen'];
const DEPARTMENT_NAMES = [
  'Company',
  'Sales',
  'Support',
  'Marketing',
  'Field sales',
  'Key accounts',
  'Finance',
  'Logistics',
];
const SPA_TITLES = ['Projects', 'Service requests', 'Contracts', 'Repairs', 'Tenders'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent'];
const KIND_TITLES: Record<string, string> = {
  leads: 'Lead',
  deals: 'Deal',
  contacts: 'Contact',
  companies: 'Company',
  quotes: 'Quote',
  invoices: 'Invoice',
  activities: 'Call',
  tasks: 'Task',
};

/** mulberry32: a tiny, fast, seedable PRNG. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** The smart-process types a seed creates: entityTypeIds 128, 130, …; the first one has two pipelines. */
export function seedSpaTypes(options: SeedOptions = {}): SpaType[] {
  const count = options.spaTypes ?? 2;
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    entityTypeId: 128 + 2 * i,
    title: SPA_TITLES[i % SPA_TITLES.length] ?? `Process ${i + 1}`,
    isStagesEnabled: true,
    categoryIds: i === 0 ? [10, 11] : [10 + 2 * i],
  }));
}

/** Every kind a seeded portal holds items of. */
export function seedKinds(spaTypes: readonly SpaType[]): EntityKind[] {
  const kinds: EntityKind[] = ['leads', 'deals', 'contacts', 'companies', 'quotes', 'invoices'];
  for (const type of spaTypes) kinds.push(`spa:${type.entityTypeId}`);
  kinds.push('activities', 'tasks');
  return kinds;
}

export interface SeedTarget {
  readonly directory: Directory;
  readonly store: ItemStore;
  readonly stages: StageCatalog;
  readonly spaTypes: readonly SpaType[];
}

function seedPeople(target: SeedTarget, options: SeedOptions, random: () => number): void {
  const userCount = Math.max(3, options.users ?? 12);
  const deptCount = Math.max(1, options.departments ?? 4);
  // Department members first, so each department's head can be its first active member.
  const members = new Map<number, number[]>();
  const userDepts = new Map<number, number[]>();
  for (let id = 1; id <= userCount; id += 1) {
    const home = id === 1 || deptCount === 1 ? 1 : 2 + ((id - 2) % (deptCount - 1));
    const depts = [home];
    // Every fifth person also works in a second department (a head question with two answers).
    if (id % 5 === 0 && deptCount > 2) depts.push(home === deptCount ? 2 : home + 1);
    userDepts.set(id, depts);
    for (const d of depts) members.set(d, [...(members.get(d) ?? []), id]);
  }
  const inactive = (id: number) => id > 2 && id % 7 === 0;
  for (let id = 1; id <= userCount; id += 1) {
    target.directory.addUser({
      id,
      name: FIRST_NAMES[(id - 1) % FIRST_NAMES.length] ?? `User${id}`,
      lastName: pick(LAST_NAMES, random),
      active: !inactive(id),
      isAdmin: id === 1 || id === userCount,
      departmentIds: userDepts.get(id) ?? [1],
      timeZone: id % 2 === 0 ? 'Europe/Kyiv' : 'America/New_York',
    });
  }
  for (let d = 1; d <= deptCount; d += 1) {
    // Departments 2-3 hang off the root, deeper ones off an earlier department; the last of 4+ has no head.
    const parentId = d === 1 ? undefined : d <= 3 ? 1 : 2 + Math.floor(random() * (d - 2));
    const headless = deptCount >= 4 && d === deptCount;
    const headId = headless ? undefined : (members.get(d) ?? []).find((id) => !inactive(id));
    target.directory.setDepartment({
      id: d,
      name: DEPARTMENT_NAMES[d - 1] ?? `Department ${d}`,
      sort: d * 100,
      ...(parentId === undefined ? {} : { parentId }),
      ...(headId === undefined ? {} : { headId }),
    });
  }
}

/** Adds one item of `kind` for `ownerId`; used by the seed and by `addItem`. */
export function newItemFields(
  target: SeedTarget,
  kind: EntityKind,
  ownerId: number,
  open: boolean,
  at: number,
  pickIndex = 0,
  title?: string,
): NewStoredItem {
  const categories = target.stages.categoriesOf(kind);
  const categoryId = categories[pickIndex % categories.length] ?? 0;
  let bindingId = 0;
  if (kind === 'activities') {
    const deals = target.store.idsOfOwner('deals', ownerId);
    bindingId = deals[pickIndex % Math.max(1, deals.length)] ?? 0;
  }
  return {
    title: title ?? `${KIND_TITLES[kind] ?? 'Item'} ${WORDS[pickIndex % WORDS.length]} ${pickIndex + 1}`,
    ownerId,
    stageId: target.stages.stageFor(kind, categoryId, open, pickIndex),
    categoryId,
    createdBy: ownerId,
    createdAt: at,
    updatedAt: at,
    updatedBy: ownerId,
    isMyCompany: false,
    bindingTypeId: kind === 'activities' && bindingId > 0 ? 2 : 0,
    bindingId,
  };
}

/** Fills an empty portal. */
export function seedPortal(target: SeedTarget, options: SeedOptions = {}): void {
  const random = createRandom(options.seed ?? 1);
  seedPeople(target, options, random);
  const perUser = options.itemsPerUser ?? 3;
  const closedShare = options.closedShare ?? 0.3;
  let at = SEED_EPOCH_MS;
  for (const kind of seedKinds(target.spaTypes)) {
    for (const userId of target.directory.userIds()) {
      for (let n = 0; n < perUser; n += 1) {
        at += 60_000;
        const open = random() >= closedShare;
        const fields = newItemFields(target, kind, userId, open, at, Math.floor(random() * 1000));
        target.store.add(kind, { ...fields, isMyCompany: kind === 'companies' && userId === 1 && n === 0 });
      }
    }
  }
  for (const bulk of options.bulk ?? []) {
    if (!target.directory.users.has(bulk.userId)) target.directory.addUser({ id: bulk.userId });
    for (let n = 0; n < bulk.count; n += 1) {
      at += 1000;
      target.store.add(bulk.kind, newItemFields(target, bulk.kind, bulk.userId, bulk.open ?? true, at, n));
    }
  }
}
