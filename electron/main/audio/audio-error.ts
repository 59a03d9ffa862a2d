/** A recording Turnscope cannot read, with the file and what is wrong with it. */
export class AudioFormatError extends Error {
  override name = 'AudioFormatError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
