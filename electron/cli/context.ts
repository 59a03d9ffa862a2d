import { resolveDatabasePath } from '../main/paths';
import { openServices, type Services } from '../main/services';

export interface GlobalOptions {
  db?: string;
}

/** Usage errors exit 2; input failures exit 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function withServices<T>(opts: GlobalOptions, fn: (s: Services) => T): T {
  const services = openServices(resolveDatabasePath(opts.db), 'test');
  try {
    return fn(services);
  } finally {
    services.close();
  }
}

/** Pretty JSON for what a person reads; `compact` for bulk output (10,000 alignments), where indentation only costs. */
export function printJson(value: unknown, compact = false): void {
  process.stdout.write(JSON.stringify(value, null, compact ? undefined : 2) + '\n');
}

export async function withServicesAsync<T>(opts: GlobalOptions, fn: (s: Services) => Promise<T>): Promise<T> {
  const services = openServices(resolveDatabasePath(opts.db), 'test');
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}
