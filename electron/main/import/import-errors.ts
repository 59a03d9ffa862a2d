import { AudioFormatError } from '../audio/audio-error';
import { ZipError } from '../zip/safe-unzip';
import { ImportError } from './import-error';

/** The message to report for a failed input: our own errors already name the file and place. */
export function errorMessage(path: string, err: unknown): string {
  // A recording's problem names the recording; the call file it belongs to is named first, so a failed call
  // can be found from the message alone.
  if (err instanceof AudioFormatError && err.path !== path) return `${path}: recording ${err.message}`;
  if (err instanceof ImportError || err instanceof AudioFormatError || err instanceof ZipError) return err.message;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
}
