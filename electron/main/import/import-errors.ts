import { AudioFormatError } from '../audio/audio-error';
import { ZipError } from '../zip/safe-unzip';
import { ImportError } from './import-error';

/** The message to report for a failed input: our own errors already name the file and place. */
export function errorMessage(path: string, err: unknown): string {
  if (err instanceof ImportError || err instanceof AudioFormatError || err instanceof ZipError) return err.message;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
}
