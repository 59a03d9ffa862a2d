import type { Migration } from './migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-audio-analysis';
import { migration0003 } from './0003-analysis';
import { migration0004 } from './0004-compliance';
import { migration0005 } from './0005-packages';
import { migration0006 } from './0006-decode-gaps';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
