import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFiles } from './fixture-gen/fixture-files';
import { OTEL_FIXTURES } from './helpers';

describe('OTel fixtures', () => {
  it('match their generator (rerun `npx tsx tests/unit/import/otel/fixture-gen/fixture-files.ts` after editing it)', () => {
    for (const [rel, text] of Object.entries(fixtureFiles())) {
      expect({ rel, same: readFileSync(join(OTEL_FIXTURES, rel), 'utf8') === text }).toEqual({ rel, same: true });
    }
  });
});
