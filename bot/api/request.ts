/**
 * Reading untrusted request parts for the REST API: JSON bodies and query strings through zod schemas, handoff ids
 * and the Idempotency-Key header. Each reader throws ApiError naming the part at fault.
 * @module
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { parseHandoffNo } from '../../engine/ids.js';
import { ApiError, fromZodError } from './errors.js';

/**
 * Parses the JSON body with `schema`. An empty body reads as `{}` when `emptyAllowed` (action endpoints).
 * @example const input = await readJsonBody(c, PlanInput);
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { emptyAllowed?: boolean } = {},
): Promise<z.infer<S>> {
  const text = await c.req.text();
  let json: unknown;
  if (text.trim() === '' && options.emptyAllowed) {
    json = {};
  } else {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.', []);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Parses the query string (single values only) with `schema`; fields are named `query.<name>`. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw fromZodError(parsed.error, ['query']);
  return parsed.data;
}

/** The `H-n` (or `n`) of the path; an id that cannot be one answers 404, like an unknown handoff. */
export function readHandoffNo(c: Context): number {
  const id = c.req.param('id') ?? '';
  const no = parseHandoffNo(id);
  if (no === null)
    throw new ApiError(404, 'not_found', `There is no handoff "${id.slice(0, 40)}" (ids look like H-3).`);
  return no;
}

/** The Idempotency-Key header: absent, or 1–200 visible ASCII characters. */
export function readIdempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ApiError(400, 'invalid_input', 'Idempotency-Key: expected 1 to 200 visible ASCII characters.', [
      'header',
      'Idempotency-Key',
    ]);
  }
  return key;
}

/** Splits a checked comma-separated query value. */
export function splitList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',');
}
