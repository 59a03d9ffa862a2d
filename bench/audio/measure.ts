/**
 * What the one-recording audio benchmarks (analyze-one.ts, analyze-inline.ts) share: their command-line
 * options, and one JSON line of wall time, CPU time of all threads and peak RSS around the analysis.
 */
export type HelperMode = 'always' | 'never' | 'auto';

/** The value after `--name` on the command line, if any. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs `analysis` and prints how long it took and what it used, with `describe`'s facts of its result. */
export async function printMeasured<T>(analysis: () => Promise<T>, describe: (result: T) => Record<string, unknown>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await analysis();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      ...describe(result),
    }),
  );
}
