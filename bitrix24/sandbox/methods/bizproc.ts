/**
 * bizproc.robot.add / list / delete and bizproc.event.send (reference §11). Robots need an application context (a
 * webhook gets ACCESS_DENIED "Application context required") and an admin; codes are `[A-Za-z0-9._-]`; a second add
 * of the same code fails with ERROR_ACTIVITY_ALREADY_INSTALLED; HANDLER must be a URL. An event token works once.
 * @module
 */
import { badRequest, SandboxApiError } from '../api-error.js';
import { isRecord, type Params, param } from '../params.js';
import type { RobotProperty } from '../robots.js';
import type { CallContext, MethodHandler } from './context.js';

function requireApp(ctx: CallContext, admin: boolean): void {
  if (!ctx.viaApp) throw new SandboxApiError(403, 'ACCESS_DENIED', 'Application context required');
  if (admin && !ctx.portal.directory.users.get(ctx.userId)?.isAdmin) {
    throw new SandboxApiError(403, 'ACCESS_DENIED', 'Access denied! Admin permissions required');
  }
}

function text(params: Params, name: string): string | undefined {
  const value = param(params, name);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const PROPERTY_TYPES = ['bool', 'date', 'datetime', 'double', 'file', 'int', 'select', 'string', 'text', 'user'];

function parseProperties(value: unknown): Record<string, RobotProperty> {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return {};
  if (!isRecord(value)) throw badRequest('ERROR_ACTIVITY_VALIDATION_FAILURE', 'PROPERTIES must be an object');
  const out: Record<string, RobotProperty> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!/^[A-Za-z]/.test(key) || !isRecord(raw) || !PROPERTY_TYPES.includes(String(raw.Type ?? ''))) {
      throw badRequest('ERROR_ACTIVITY_VALIDATION_FAILURE', `Wrong property: ${key}`);
    }
    if (raw.Name === undefined || raw.Name === '') {
      throw badRequest('ERROR_ACTIVITY_VALIDATION_FAILURE', `Property ${key}: Name is required`);
    }
    out[key] = raw as unknown as RobotProperty;
  }
  return out;
}

export const robotAdd: MethodHandler = (ctx, params) => {
  requireApp(ctx, true);
  const code = text(params, 'CODE');
  if (!code || !/^[A-Za-z0-9._-]+$/.test(code)) throw badRequest('ERROR_ACTIVITY_VALIDATION_FAILURE', 'Wrong CODE');
  const handler = text(params, 'HANDLER');
  if (!handler) throw badRequest('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  let url: URL;
  try {
    url = new URL(handler);
  } catch {
    throw badRequest('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badRequest('ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported protocol');
  }
  const name = param(params, 'NAME');
  if (name === undefined || name === '') throw badRequest('ERROR_ACTIVITY_VALIDATION_FAILURE', 'NAME is required');
  const robots = ctx.portal.robots;
  if (robots.robots.has(code)) throw badRequest('ERROR_ACTIVITY_ALREADY_INSTALLED', 'Activity already installed');
  const authUser = text(params, 'AUTH_USER_ID');
  robots.add({
    code,
    handler,
    authUserId: authUser === undefined ? undefined : Number(authUser),
    useSubscription: text(params, 'USE_SUBSCRIPTION') ?? '',
    name,
    properties: parseProperties(param(params, 'PROPERTIES')),
    filter: param(params, 'FILTER'),
  });
  return { result: true };
};

export const robotList: MethodHandler = (ctx) => {
  requireApp(ctx, true);
  return { result: [...ctx.portal.robots.robots.keys()] };
};

export const robotDelete: MethodHandler = (ctx, params) => {
  requireApp(ctx, true);
  const code = text(params, 'CODE');
  if (!code || !ctx.portal.robots.robots.delete(code)) {
    throw badRequest('ERROR_ACTIVITY_NOT_FOUND', 'Activity not found');
  }
  return { result: true };
};

export const eventSend: MethodHandler = (ctx, params) => {
  requireApp(ctx, false);
  const token = text(params, 'EVENT_TOKEN') ?? text(params, 'event_token');
  if (!token) throw badRequest('ERROR_WRONG_EVENT_TOKEN', 'EVENT_TOKEN is required');
  const values = param(params, 'RETURN_VALUES');
  const logMessage = text(params, 'LOG_MESSAGE');
  if (!ctx.portal.robots.acceptEvent(token, isRecord(values) ? values : {}, logMessage)) {
    throw new SandboxApiError(403, 'ACCESS_DENIED', 'Access denied!');
  }
  return { result: true };
};
