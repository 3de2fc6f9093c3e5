/**
 * drizzle-kit configuration: `npx drizzle-kit generate` turns storage/schema.ts into SQL migrations under
 * storage/migrations/, which storage/sqlite.ts applies at open.
 * @module
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './storage/schema.ts',
  out: './storage/migrations',
});
