import type { Migration } from './migration';
import { migration0001 } from './0001-initial';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
