/**
 * The method registry: every REST method the sandbox answers, by lower-case name. Adding a method is one line.
 * @module
 */
import { activityGet, activityList, activityUpdate } from './activity.js';
import { eventSend, robotAdd, robotDelete, robotList } from './bizproc.js';
import type { MethodHandler } from './context.js';
import { crmItemGet, crmItemList, crmItemUpdate } from './crm-item.js';
import { LEGACY_ENTITIES, legacyCrmHandlers } from './crm-legacy.js';
import { crmStatusEntityTypes, crmStatusList, crmTypeList } from './crm-meta.js';
import {
  eventBind,
  imbotBotList,
  imbotCommandRegister,
  imbotMessageAdd,
  imbotMessageUpdate,
  imbotRegister,
  imbotUnregister,
  imbotUpdate,
  imNotifyPersonalAdd,
  imNotifySystemAdd,
} from './im.js';
import { dealContactItemsGet, leadContactItemsGet } from './relations.js';
import { taskGet, taskList, taskUpdate } from './tasks.js';
import { departmentGet, profile, userCurrent, userGet } from './users.js';

function buildRegistry(): ReadonlyMap<string, MethodHandler> {
  const methods = new Map<string, MethodHandler>([
    ['user.get', userGet],
    ['user.current', userCurrent],
    ['profile', profile],
    ['department.get', departmentGet],
    ['crm.type.list', crmTypeList],
    ['crm.status.list', crmStatusList],
    ['crm.status.entity.types', crmStatusEntityTypes],
    ['crm.item.list', crmItemList],
    ['crm.item.get', crmItemGet],
    ['crm.item.update', crmItemUpdate],
    ['crm.activity.list', activityList],
    ['crm.activity.get', activityGet],
    ['crm.activity.update', activityUpdate],
    ['tasks.task.list', taskList],
    ['tasks.task.get', taskGet],
    ['tasks.task.update', taskUpdate],
    ['crm.deal.contact.items.get', dealContactItemsGet],
    ['crm.lead.contact.items.get', leadContactItemsGet],
    ['bizproc.robot.add', robotAdd],
    ['bizproc.robot.list', robotList],
    ['bizproc.robot.delete', robotDelete],
    ['bizproc.event.send', eventSend],
    ['imbot.register', imbotRegister],
    ['imbot.update', imbotUpdate],
    ['imbot.unregister', imbotUnregister],
    ['imbot.bot.list', imbotBotList],
    ['imbot.message.add', imbotMessageAdd],
    ['imbot.message.update', imbotMessageUpdate],
    ['imbot.command.register', imbotCommandRegister],
    ['im.notify.personal.add', imNotifyPersonalAdd],
    ['im.notify.system.add', imNotifySystemAdd],
    ['event.bind', eventBind],
  ]);
  for (const [entity, kind] of Object.entries(LEGACY_ENTITIES)) {
    const handlers = legacyCrmHandlers(kind);
    methods.set(`crm.${entity}.list`, handlers.list);
    methods.set(`crm.${entity}.get`, handlers.get);
    methods.set(`crm.${entity}.update`, handlers.update);
  }
  return methods;
}

export const METHODS = buildRegistry();

/** The handler of a method name (case-insensitive), or undefined when the portal has no such method. */
export function findMethod(name: string): MethodHandler | undefined {
  return METHODS.get(name.toLowerCase());
}
