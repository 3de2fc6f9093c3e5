/**
 * The sandbox Bitrix24 portal: a simulated portal on loopback for tests, benchmarks and the demo (SANDBOX=1).
 * See README.md in this folder for what it reproduces and how to inspect it.
 * @module
 */
export { createSandboxApp } from './app.js';
export { createSandboxPortal, DEFAULT_WEBHOOK, SANDBOX_MEMBER_ID, SandboxPortal } from './portal.js';
export { encodeQuery, parseQuery } from './qs.js';
export { bindActivity, bindTask, linkItem, linkParent, type ParentRef } from './relations.js';
export type { RegisteredRobot, RobotDelivery, RobotTrigger, SentRobotEvent } from './robots.js';
export { createRandom, SEED_EPOCH_MS, seedKinds } from './seed.js';
export { type RunningSandbox, startSandbox } from './server.js';
export type {
  CallLogEntry,
  FaultError,
  NewSandboxItem,
  NewSandboxUser,
  OAuthTokens,
  RequestLogEntry,
  SandboxDepartment,
  SandboxItem,
  SandboxOptions,
  SandboxStats,
  SandboxUser,
  SeedOptions,
  SpaType,
} from './types.js';
