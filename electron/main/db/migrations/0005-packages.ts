import type { Migration } from './migration';

/**
 * Schema v5: regression packages made from the store, and verifications run against them.
 *
 * - packages: one row per exported package (by package id), with the manifest hash, the call it came
 *   from, its turns and where the zip was written. No foreign key to calls on purpose: a package is a
 *   file that outlives the call it came from (a re-import of a changed call deletes and re-inserts the
 *   call row), and the library must still say where it came from.
 * - package_verifications: every `verify` run recorded in the store (with --store, or from the app):
 *   which package (by id and manifest hash, so a package verified here that was made elsewhere is listed
 *   too), which trace and, when the new call was stored, its call id; the counts and the whole report.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'packages',
  sql: `
CREATE TABLE packages (
  id                TEXT PRIMARY KEY,
  manifest_sha256   TEXT NOT NULL,
  title             TEXT NOT NULL,
  source_call_id    TEXT NOT NULL,
  turns_json        TEXT NOT NULL,
  redacted          INTEGER NOT NULL CHECK (redacted IN (0, 1)),
  assertion_count   INTEGER NOT NULL CHECK (assertion_count >= 0),
  path              TEXT NOT NULL,
  created_at        TEXT NOT NULL
);
CREATE INDEX packages_source_call ON packages(source_call_id, created_at);

CREATE TABLE package_verifications (
  id                INTEGER PRIMARY KEY,
  package_id        TEXT NOT NULL,
  manifest_sha256   TEXT NOT NULL,
  trace_path        TEXT NOT NULL,
  call_id           TEXT,
  passed            INTEGER NOT NULL CHECK (passed >= 0),
  failed            INTEGER NOT NULL CHECK (failed >= 0),
  skipped           INTEGER NOT NULL CHECK (skipped >= 0),
  verified_at       TEXT NOT NULL,
  report_json       TEXT NOT NULL
);
CREATE INDEX package_verifications_package ON package_verifications(package_id, id);
`,
};
