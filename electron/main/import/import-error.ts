/** Why one input file could not be imported: the file, where in it (a JSON path when known), and what. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly location: string | null = null,
  ) {
    super(location ? `${path}: at ${location}: ${problem}` : `${path}: ${problem}`);
  }
}
