import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, TurnscopeApi } from '../../shared/contract/api';
import { createApiHandlers } from './api/handlers';
import { openDatabase, type Db } from './db/open';
import { getRecording } from './db/queries/calls-read';
import { appRoot, samplesDir } from './paths';

export interface Services {
  db: Db;
  api: TurnscopeApi;
  databasePath: string;
  recordingPath: (recordingId: string) => string | null;
  close(): void;
}

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Everything the hosts and the CLI share, over one store. */
export function openServices(databasePath: string, host: AppInfo['host'], chooseFiles?: () => Promise<string[]>): Services {
  const db = openDatabase(databasePath);
  const api = createApiHandlers({ db, databasePath, host, version: appVersion(), samplesDir: samplesDir(), chooseFiles });
  return {
    db,
    api,
    databasePath,
    recordingPath: (id) => getRecording(db, id)?.path ?? null,
    close: () => db.close(),
  };
}
