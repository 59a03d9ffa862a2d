import type { NormalizedCall } from '../../../../shared/model/normalized';

/**
 * One input file as adapters see it. `json()` parses once on first use and throws an ImportError naming the
 * file and place when the text is not JSON; line-oriented formats read `text()` instead.
 */
export interface SourceFile {
  path: string;
  bytes: Buffer;
  text(): string;
  json(): unknown;
}

/** A call an adapter read, with every file it was read from (OTel batches can spread one call over many). */
export interface AdaptedCall {
  call: NormalizedCall;
  sourcePaths: string[];
}

/**
 * A trace format Turnscope imports. Detection looks at content, never the file name: `detect` returns a
 * score in 0..1 (0 = not this format; the highest score wins; 1 = certain, e.g. a format marker).
 * `read` receives every file that detected as this format in one import, so formats that spread a call
 * over several files (OTel Collector JSON Lines) can group them; per-file formats map files one to one.
 * A file it cannot read goes into `failed` with an ImportError-style message naming the file and place;
 * the other files' calls are still returned.
 */
export interface TraceAdapter {
  id: string;
  /** Human name for reports: "Vapi call object", "OTLP/JSON (Pipecat)". */
  label: string;
  detect(file: SourceFile): number;
  /**
   * True when one call can span several files, so `read` must see them all at once. Otherwise files are
   * read one at a time and their bytes released, which keeps a 10,000-file import in bounded memory.
   */
  groupsFiles?: boolean;
  read(files: SourceFile[]): { calls: AdaptedCall[]; failed: { path: string; error: string }[] };
}
