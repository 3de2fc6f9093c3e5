/**
 * The demo's configuration: `npm start`'s, with defaults for trying it on one machine.
 * @module
 */
import { randomBytes } from 'node:crypto';

/**
 * Demo defaults; anything set in the environment wins (PORT, DATABASE_PATH, API_KEY, PUBLIC_URL, LOG_LEVEL, Slack…).
 * PUBLIC_URL defaults to the loopback address the demo listens on, so `console` to the bot answers with a link, as
 * it does in production.
 */
export function demoEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return {
    LOG_LEVEL: 'warn',
    DATABASE_PATH: './data/demo.db',
    API_KEY: `demo_${randomBytes(12).toString('hex')}`,
    PUBLIC_URL: `http://127.0.0.1:${env.PORT ?? '3000'}`,
    ...env,
    SANDBOX: '1',
  };
}
