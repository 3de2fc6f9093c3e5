/**
 * Request and answer shapes of /api/v1/roles (issue 10), shared by the routes and the OpenAPI document.
 * @module
 */
import { z } from 'zod';

const Id = z.number().int().positive();
const Email = z.string().trim().email().max(254);

/** PUT /api/v1/roles/{name}: who holds the role from now on. */
export const RoleInput = z.strictObject({
  holder: z.discriminatedUnion(
    'type',
    [
      z
        .strictObject({ type: z.literal('user'), id: Id.optional(), email: Email.optional() })
        .refine((h) => (h.id === undefined) !== (h.email === undefined), {
          message: 'give either "id" or "email", not both and not neither',
        }),
      z.strictObject({ type: z.literal('department'), id: Id }),
      z.strictObject({ type: z.literal('department_head'), id: Id }),
    ],
    { error: 'expected { "type": "user" | "department" | "department_head", … }' },
  ),
});

export const RoleOut = z.strictObject({
  name: z.string().meta({ description: 'Lower-case: a letter, then letters, digits, "-" or "_".' }),
  holder: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('user'), id: z.number().int(), name: z.string().optional() }),
    z.strictObject({
      type: z.enum(['department', 'department_head']),
      id: z.number().int().meta({ description: 'The department id.' }),
    }),
  ]),
  description: z.string().meta({ description: '"user 12", "department 7", "the head of department 7".' }),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RoleOut = z.infer<typeof RoleOut>;

export const RoleListOut = z.strictObject({ roles: z.array(RoleOut) });
