/**
 * `readFacts` on Bitrix24: the smart-process types, the caller's profile, each asked user, the department tree, the
 * asked departments' members and the asked item counts, all in one `batch` request (reference §3) instead of one
 * request each — at 2 requests per second past the burst (§5) each saved request is half a second of a small
 * handoff. Only what was not read within the caches' lifetimes is asked; what is read is kept in those caches (the
 * start job and the names in a read-back reuse it). A list longer than one page, a failed command, or a count whose
 * query needs pipeline stages falls back to the single call, so every answer is the one the single call gives.
 * @module
 */
import { isHandoffError } from '../engine/errors.js';
import { isSpaKind } from '../engine/kinds.js';
import {
  type CountKey,
  countKeyOf,
  type FactsRequest,
  type PortalFacts,
  type PortalUser,
  type WorkSystem,
} from '../engine/ports.js';
import type { BatchCommand, CommandResult } from './batch.js';
import type { Bitrix24Client } from './client.js';
import type { CountCache } from './count-cache.js';
import type { Bitrix24Directory } from './directory.js';
import { parseEntityModule } from './entities/index.js';
import type { EntityContext } from './entities/types.js';
import { rowsOf } from './listing.js';
import type { PortalCatalog } from './portal-catalog.js';

export interface FactsDeps {
  readonly client: Bitrix24Client;
  readonly catalog: PortalCatalog;
  readonly directory: Bitrix24Directory;
  readonly counts: CountCache;
  /** The single calls, for what the batch could not answer whole. */
  readonly single: Omit<WorkSystem, 'readFacts'>;
}

/** A count query must not need the pipelines' stages (they are another request): such counts are asked singly. */
const NO_STAGES: EntityContext = {
  finalStageIds: () => Promise.reject(new NeedsStages()),
  stagesEnabled: () => Promise.reject(new NeedsStages()),
};

class NeedsStages extends Error {}

/** One batch of commands, each with what to do with its answer. */
class FactsBatch {
  readonly commands: BatchCommand[] = [];
  readonly handlers: ((result: CommandResult) => Promise<void> | void)[] = [];

  add(command: BatchCommand, onAnswer: (result: CommandResult & { ok: true }) => Promise<void> | void): void {
    this.commands.push(command);
    this.handlers.push((result) => (result.ok ? onAnswer(result) : undefined));
  }

  async run(client: Bitrix24Client): Promise<void> {
    if (this.commands.length === 0) return;
    const results = await client.batch(this.commands);
    // The profile's answer comes first: the users after it are built with it (the admin flag).
    for (const [index, handler] of this.handlers.entries()) {
      const result = results[index];
      if (result) await handler(result);
    }
  }
}

/** One answer of a list method whose every row arrived (no next page). */
function whole(result: CommandResult & { ok: true }): boolean {
  return result.next === undefined;
}

export async function readFactsBatched(deps: FactsDeps, request: FactsRequest): Promise<PortalFacts> {
  const users = [...new Set(request.users ?? [])];
  const memberIds = [...new Set(request.members ?? [])];
  const batch = new FactsBatch();
  const members = new Map<number, readonly PortalUser[]>();

  const needUsers = users.some((id) => deps.directory.cachedUser(id) === undefined) || memberIds.length > 0;
  if (needUsers && !deps.directory.profileFresh())
    batch.add({ method: 'profile', params: {} }, (r) => deps.directory.seedProfile(r.result));
  if (request.kinds && !deps.catalog.typesFresh())
    batch.add({ method: 'crm.type.list', params: { start: 0 } }, (r) => {
      const types = r.result !== null && typeof r.result === 'object' ? (r.result as { types?: unknown }).types : [];
      if (whole(r)) deps.catalog.seedTypes(Array.isArray(types) ? types : []);
    });
  for (const id of users) {
    if (deps.directory.cachedUser(id) !== undefined) continue;
    batch.add({ method: 'user.get', params: { FILTER: { ID: id } } }, (r) =>
      deps.directory.seedUser(id, Array.isArray(r.result) ? r.result : []),
    );
  }
  if (request.departments && !deps.directory.departmentsFresh())
    batch.add({ method: 'department.get', params: { START: 0 } }, (r) => {
      if (whole(r)) deps.directory.seedDepartments(Array.isArray(r.result) ? r.result : []);
    });
  for (const id of memberIds) {
    // Inactive members are dropped here as departmentMembers drops them (no ACTIVE filter: flags differ in a batch).
    batch.add({ method: 'user.get', params: { FILTER: { UF_DEPARTMENT: id } } }, async (r) => {
      if (whole(r)) members.set(id, await deps.directory.membersOf(id, Array.isArray(r.result) ? r.result : []));
    });
  }
  await addCounts(deps, batch, request.counts ?? []);
  await batch.run(deps.client);

  // Everything now comes from the caches just filled; what the batch could not answer is asked singly.
  const single = deps.single;
  const [kinds, userAnswers, departments, memberAnswers, counts] = await Promise.all([
    request.kinds ? single.listKinds() : undefined,
    Promise.all(users.map((id) => single.getUser(id))),
    request.departments ? single.listDepartments() : undefined,
    Promise.all(memberIds.map((id) => members.get(id) ?? single.departmentMembers(id))),
    Promise.all((request.counts ?? []).map((key) => countOrNothing(single, key))),
  ]);
  return {
    ...(kinds ? { kinds } : {}),
    users: new Map(users.map((id, index) => [id, userAnswers[index] ?? null])),
    ...(departments ? { departments } : {}),
    members: new Map(memberIds.map((id, index) => [id, memberAnswers[index] ?? []])),
    counts: new Map(counts.filter((entry) => entry !== undefined)),
  };
}

/** Count commands for the counts not cached whose kind is static and whose query needs no stages. */
async function addCounts(deps: FactsDeps, batch: FactsBatch, keys: readonly CountKey[]): Promise<void> {
  for (const key of keys) {
    if (isSpaKind(key.kind) || deps.counts.get(key.kind, key.ownerId, key.scope) !== undefined) continue;
    const found = parseEntityModule(key.kind);
    if (!found.ok) continue;
    let query: Awaited<ReturnType<typeof found.value.ownerQuery>>;
    try {
      query = await found.value.ownerQuery(key.ownerId, key.scope, NO_STAGES);
    } catch (error) {
      if (error instanceof NeedsStages) continue;
      throw error;
    }
    batch.add({ method: query.method, params: { ...query.params, filter: query.filter, start: 0 } }, (r) => {
      // countByQuery's reading: the answer's `total`, or the rows when the method gives none.
      deps.counts.set(key.kind, key.ownerId, key.scope, r.total ?? rowsOf(query, r.result).length);
    });
  }
}

async function countOrNothing(single: FactsDeps['single'], key: CountKey) {
  try {
    return [countKeyOf(key), await single.countItems(key.kind, key.ownerId, key.scope)] as const;
  } catch (error) {
    if (isHandoffError(error) && error.code === 'unknown_kind') return undefined;
    throw error;
  }
}
