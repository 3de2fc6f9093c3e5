/**
 * user.get, user.current, profile and department.get (reference §8): string ids, filters at the top level or under
 * FILTER, ACTIVE as a boolean, UF_DEPARTMENT as a number array, UF_HEAD holding one head id.
 * @module
 */

import { renderRow } from '../fields.js';
import type { FieldMap } from '../filter.js';
import { intParam, isRecord, type Params, param } from '../params.js';
import { runList } from '../query.js';
import type { SandboxDepartment, SandboxUser } from '../types.js';
import { type MethodHandler, pageResult } from './context.js';
import { arraySource } from './sources.js';

const USER_FIELDS: FieldMap<SandboxUser> = {
  ID: (u) => String(u.id),
  ACTIVE: (u) => u.active,
  NAME: (u) => u.name,
  LAST_NAME: (u) => u.lastName,
  SECOND_NAME: () => '',
  EMAIL: (u) => u.email,
  WORK_POSITION: (u) => (u.isAdmin ? 'Administrator' : 'Manager'),
  UF_DEPARTMENT: (u) => [...u.departmentIds],
  USER_TYPE: (u) => u.userType,
  IS_ONLINE: () => 'N',
  TIME_ZONE: (u) => u.timeZone,
  PERSONAL_GENDER: () => '',
};

const DEPARTMENT_FIELDS: FieldMap<SandboxDepartment> = {
  ID: (d) => String(d.id),
  NAME: (d) => d.name,
  SORT: (d) => d.sort,
  PARENT: (d) => (d.parentId === undefined ? undefined : String(d.parentId)),
  UF_HEAD: (d) => (d.headId === undefined ? '' : String(d.headId)),
};

const NOT_FILTERS = new Set(['sort', 'order', 'filter', 'admin_mode', 'start', 'select', 'auth']);

/** user.get and department.get take filters at the top level (and user.get also under FILTER). */
function topLevelFilter(params: Params): Record<string, unknown> {
  const nested = param(params, 'FILTER');
  const filter: Record<string, unknown> = isRecord(nested) ? { ...nested } : {};
  for (const [key, value] of Object.entries(params)) {
    if (!NOT_FILTERS.has(key.toLowerCase())) filter[key] = value;
  }
  return filter;
}

function orderOf(params: Params): Record<string, unknown> {
  const sort = param(params, 'sort');
  if (typeof sort !== 'string' || sort === '') return {};
  return { [sort]: param(params, 'order') ?? 'ASC' };
}

function userRow(user: SandboxUser): Record<string, unknown> {
  const row = renderRow(user, USER_FIELDS, undefined, 'ID');
  delete row.PERSONAL_GENDER;
  return row;
}

export const userGet: MethodHandler = ({ portal }, params) => {
  const page = runList(
    arraySource(portal.users, (u) => u.id),
    {
      filter: topLevelFilter(params),
      order: orderOf(params),
      start: intParam(params, 'start') ?? 0,
      fields: USER_FIELDS,
      idField: 'ID',
    },
  );
  return pageResult(page.rows.map(userRow), page);
};

export const userCurrent: MethodHandler = ({ portal, userId }) => {
  const user = portal.directory.users.get(userId);
  return { result: user ? userRow(user) : {} };
};

export const profile: MethodHandler = ({ portal, userId }) => {
  const user = portal.directory.users.get(userId);
  if (!user?.active) return { result: {} };
  return {
    result: {
      ID: String(user.id),
      ADMIN: user.isAdmin,
      NAME: user.name,
      LAST_NAME: user.lastName,
      PERSONAL_GENDER: '',
      TIME_ZONE: user.timeZone,
    },
  };
};

export const departmentGet: MethodHandler = ({ portal }, params) => {
  const page = runList(
    arraySource(portal.departments, (d) => d.id),
    {
      filter: topLevelFilter(params),
      order: orderOf(params),
      start: intParam(params, 'START') ?? 0,
      fields: DEPARTMENT_FIELDS,
      idField: 'ID',
    },
  );
  return pageResult(
    page.rows.map((d) => {
      const row = renderRow(d, DEPARTMENT_FIELDS, undefined, 'ID');
      if (row.PARENT === undefined) delete row.PARENT;
      return row;
    }),
    page,
  );
};
