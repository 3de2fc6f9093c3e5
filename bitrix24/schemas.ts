/**
 * zod schemas for the Bitrix24 answers the connector reads (reference §6.2, §6.3, §8): never cast a portal answer.
 * Legacy and directory methods send ids as strings, crm.item as numbers; flags as booleans or 'Y'/'N'.
 * @module
 */
import { z } from 'zod';

const Id = z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int().positive());
const OptionalId = z
  .union([z.number(), z.string(), z.null(), z.boolean()])
  .optional()
  .transform((value) => {
    const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isInteger(n) && n > 0 ? n : undefined;
  });
const Flag = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .optional()
  .transform(
    (value) => value === true || value === 'Y' || value === 'y' || value === 1 || value === '1' || value === 'true',
  );
const Text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? '' : String(value)));

/** One row of user.get / user.current. */
export const UserRow = z.object({
  ID: Id,
  ACTIVE: Flag,
  NAME: Text,
  LAST_NAME: Text,
  EMAIL: Text,
  UF_DEPARTMENT: z
    .union([z.array(z.union([z.number(), z.string()])), z.number(), z.string(), z.null()])
    .optional()
    .transform((value) =>
      (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value])
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  USER_TYPE: Text,
  TIME_ZONE: Text,
});
export type UserRow = z.infer<typeof UserRow>;

/** One row of department.get; UF_HEAD holds one user id, absent or empty without a head. */
export const DepartmentRow = z.object({
  ID: Id,
  NAME: Text,
  PARENT: OptionalId,
  UF_HEAD: OptionalId,
});
export type DepartmentRow = z.infer<typeof DepartmentRow>;

/** `profile`: the caller; ADMIN tells whether they administer the portal. */
export const ProfileAnswer = z.object({ ID: Id, ADMIN: Flag });
export type ProfileAnswer = z.infer<typeof ProfileAnswer>;

/** One smart-process type from crm.type.list (`id` is the record id, not the entityTypeId). */
export const SpaTypeRow = z.object({
  entityTypeId: Id,
  title: Text,
  isStagesEnabled: z
    .union([z.boolean(), z.string(), z.number(), z.null()])
    .optional()
    .transform((value) => value === undefined || value === null || value === true || value === 'Y' || value === 1),
});
export type SpaTypeRow = z.infer<typeof SpaTypeRow>;

/** One stage from crm.status.list; SEMANTICS 'S' success, 'F' failure, empty while in progress. */
export const StatusRow = z.object({
  ENTITY_ID: z.string(),
  STATUS_ID: z.string(),
  SEMANTICS: z.union([z.string(), z.null()]).optional(),
});
export type StatusRow = z.infer<typeof StatusRow>;

/** Rows of a schema from an array, skipping the ones that do not parse (a portal quirk must not sink a list). */
export function parseRows<T>(schema: z.ZodType<T>, value: unknown): T[] {
  const list = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  const rows: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) rows.push(parsed.data);
  }
  return rows;
}
