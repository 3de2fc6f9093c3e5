/**
 * Reading method parameters the way Bitrix24 does: top-level names case-insensitively, and every scalar possibly a
 * string (batch commands and form bodies carry only strings).
 * @module
 */
import { badRequest } from './api-error.js';

export type Params = Readonly<Record<string, unknown>>;

/** The value of a top-level parameter, matching its name case-insensitively (`filter`, `FILTER`, `Filter`). */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) {
    if (key.toLowerCase() === lower) return params[key];
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object parameter (filter, order, fields); arrays from PHP-style keys `x[0]` count as objects too. */
export function recordParam(params: Params, name: string): Record<string, unknown> {
  const value = param(params, name);
  if (isRecord(value)) return value;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return {};
}

/** A list parameter such as `select`: an array, or an object with index keys, or one string. */
export function listParam(params: Params, name: string): string[] | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (isRecord(value)) return Object.values(value).map(String);
  return [String(value)];
}

/** An integer parameter, or undefined when absent or not a number. */
export function intParam(params: Params, name: string): number | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** An integer parameter the method cannot work without. */
export function requiredInt(params: Params, name: string, code = 'INVALID_ARG_VALUE'): number {
  const n = intParam(params, name);
  if (n === undefined) throw badRequest(code, `Parameter '${name}' is required and must be an integer`);
  return n;
}
