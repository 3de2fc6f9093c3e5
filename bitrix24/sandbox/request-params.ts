/**
 * Reads a REST request's parameters: the query string plus a JSON body, or a form-encoded one as a fallback
 * (reference §1: POST JSON is the norm; GET and forms also work).
 * @module
 */
import { isRecord } from './params.js';
import { parseQuery } from './qs.js';

/** Query parameters merged with body parameters (the body wins). `undefined` when the body is not parseable. */
export async function readRequestParams(request: Request): Promise<Record<string, unknown> | undefined> {
  const url = new URL(request.url);
  const fromQuery = url.search.length > 1 ? parseQuery(url.search) : {};
  if (request.method === 'GET' || request.method === 'HEAD') return fromQuery;
  const text = await request.text();
  if (text.trim() === '') return fromQuery;
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return { ...fromQuery, ...parseQuery(text) };
  try {
    const body: unknown = JSON.parse(text);
    return isRecord(body) ? { ...fromQuery, ...body } : undefined;
  } catch {
    return type.includes('json') ? undefined : { ...fromQuery, ...parseQuery(text) };
  }
}
