/**
 * The import's pipeline: recordings analysed a few at a time, calls landing one at a time in the order
 * given, never two calls of one id in flight, a large recording analysed alone, a failing call failing
 * alone.
 */
import { describe, expect, it } from 'vitest';
import type { StartedStore } from '../../../electron/main/import/store-adapted';
import { StorePipeline } from '../../../electron/main/import/store-pipeline';

interface Trace {
  events: string[];
  running: Set<string>;
  maxRunning: number;
}

/** A call whose "analysis" takes `ms` once launched; the trace records launches, finishes and overlap. */
function fakeCall(t: Trace, id: string, ms: number, recordingSeconds: number | null = 120, fail = false): () => StartedStore {
  return () => {
    t.events.push(`start ${id}`);
    let analysis: Promise<void> | null = null;
    const launch = (): Promise<void> => {
      analysis ??= new Promise((resolve) => {
        t.events.push(`launch ${id}`);
        t.running.add(id);
        t.maxRunning = Math.max(t.maxRunning, t.running.size);
        setTimeout(() => {
          t.running.delete(id);
          resolve();
        }, ms);
      });
      return analysis;
    };
    return {
      id,
      recordingSeconds,
      launch: () => void launch(),
      finish: async () => {
        await launch();
        if (fail) throw new Error(`${id} failed`);
        t.events.push(`land ${id}`);
        return `${id}.wav`;
      },
    };
  };
}

async function run(limit: number, calls: [string, number, (number | null)?, boolean?][]): Promise<{ t: Trace; landed: string[]; failed: string[] }> {
  const t: Trace = { events: [], running: new Set(), maxRunning: 0 };
  const p = new StorePipeline(limit);
  const landed: string[] = [];
  const failed: string[] = [];
  for (const [id, ms, seconds, fail] of calls) {
    await p.add(id.split('@')[0]!, fakeCall(t, id, ms, seconds, fail), (r) => landed.push(r!), (e) => failed.push((e as Error).message));
  }
  await p.drain();
  return { t, landed, failed };
}

describe('the import pipeline', () => {
  it('analyses up to its limit at once, and lands calls in the order given even when later ones finish first', async () => {
    const { t, landed } = await run(3, [['a', 60], ['b', 10], ['c', 10], ['d', 10], ['e', 10]]);
    expect(t.maxRunning).toBe(3);
    expect(landed).toEqual(['a.wav', 'b.wav', 'c.wav', 'd.wav', 'e.wav']);
    expect(t.events.filter((e) => e.startsWith('land'))).toEqual(['land a', 'land b', 'land c', 'land d', 'land e']);
  });

  it('one at a time with a limit of one', async () => {
    const { t } = await run(1, [['a', 5], ['b', 5], ['c', 5]]);
    expect(t.maxRunning).toBe(1);
  });

  it('never has two calls of one id in flight: the second starts after the first has landed', async () => {
    const { t } = await run(3, [['x', 30], ['y', 5], ['x@vapi', 5]]);
    expect(t.events.indexOf('start x@vapi')).toBeGreaterThan(t.events.indexOf('land x'));
  });

  it('analyses a long recording, or one of unknown length, alone', async () => {
    const { t, landed } = await run(3, [['a', 20], ['b', 20], ['long', 20, 3600], ['c', 20], ['unknown', 20, null], ['d', 20]]);
    expect(t.events.indexOf('launch long')).toBeGreaterThan(t.events.indexOf('land b'));
    expect(t.events.indexOf('launch c')).toBeGreaterThan(t.events.indexOf('land long'));
    expect(t.events.indexOf('launch unknown')).toBeGreaterThan(t.events.indexOf('land c'));
    expect(t.events.indexOf('launch d')).toBeGreaterThan(t.events.indexOf('land unknown'));
    expect(landed).toEqual(['a.wav', 'b.wav', 'long.wav', 'c.wav', 'unknown.wav', 'd.wav']);
  });

  it('a call that fails fails alone; the others land', async () => {
    const { landed, failed } = await run(2, [['a', 5], ['b', 5, 120, true], ['c', 5]]);
    expect(landed).toEqual(['a.wav', 'c.wav']);
    expect(failed).toEqual(['b failed']);
  });
});
