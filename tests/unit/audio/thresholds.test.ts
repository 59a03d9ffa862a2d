import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAudioThresholds, ThresholdsError } from '../../../electron/main/audio/audio-thresholds';
import { RESOURCES, thresholds } from './helpers/analyze';

describe('audio thresholds (resources/thresholds/audio.json)', () => {
  it('the shipped file is complete and versioned, with the issue\'s defaults', () => {
    const th = thresholds();
    expect(th).toMatchObject({ id: 'turnscope-audio', version: 1 });
    expect(th.latency.disagreementMs).toBe(250);
    expect(th.deadAir.warningMs).toBe(3000);
  });

  it('refuses a file with a missing or non-numeric key, naming it', () => {
    const raw = JSON.parse(readFileSync(join(RESOURCES, 'thresholds', 'audio.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    delete raw.echo!.minProminence;
    expect(() => parseAudioThresholds(raw)).toThrow(ThresholdsError);
    expect(() => parseAudioThresholds(raw)).toThrow(/echo\.minProminence must be a number/);
    expect(() => parseAudioThresholds({ ...raw, snr: undefined })).toThrow(/missing section "snr"/);
    expect(() => parseAudioThresholds([])).toThrow(/needs "id"/);
  });
});
