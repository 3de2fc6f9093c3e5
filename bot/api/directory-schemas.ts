/**
 * Schemas of the directory endpoints (`GET /api/v1/people`, `GET /api/v1/departments`): how a script or a person finds
 * the portal ids the plan takes (`from.id`, `to.id`, `dept:<id>`). Shared by the routes, the OpenAPI document and the CLI.
 * @module
 */
import { z } from 'zod';

/** Query of GET /api/v1/people. */
export const PeopleQuery = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1, { message: 'expected a part of a name or e-mail, or an id' })
    .max(100, { message: 'expected at most 100 characters' })
    .optional()
    .meta({ description: 'Part of a name or e-mail (case-insensitive), or a user id. Without it: everyone.' }),
  active: z
    .enum(['true', 'false', 'all'], { message: 'expected true, false or all' })
    .optional()
    .meta({ description: 'true (default): active people only; false: deactivated only; all: both.' }),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

const DepartmentRef = z.strictObject({ id: z.number().int(), name: z.string() });

export const PersonEntryOut = z.strictObject({
  id: z.number().int().meta({ description: 'The portal user id, as plans take it (from.id, to.id).' }),
  name: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  departments: z.array(DepartmentRef),
  headOf: z.array(DepartmentRef).meta({ description: 'Departments this person heads.' }),
});
export type PersonEntryOut = z.infer<typeof PersonEntryOut>;

export const PeopleListOut = z.strictObject({ people: z.array(PersonEntryOut) });
export type PeopleListOut = z.infer<typeof PeopleListOut>;

export const DepartmentEntryOut = z.strictObject({
  id: z.number().int().meta({ description: 'The department id, as plans take it (to: { type: "department", id }).' }),
  name: z.string(),
  parentId: z.number().int().nullable(),
  head: z.strictObject({ id: z.number().int(), name: z.string() }).nullable(),
  activeMembers: z
    .number()
    .int()
    .meta({ description: 'Active people in the department itself (a split spreads over them).' }),
});
export type DepartmentEntryOut = z.infer<typeof DepartmentEntryOut>;

export const DepartmentListOut = z.strictObject({ departments: z.array(DepartmentEntryOut) });
export type DepartmentListOut = z.infer<typeof DepartmentListOut>;

/** Query of GET /api/v1/departments: none. */
export const DepartmentsQuery = z.strictObject({});
