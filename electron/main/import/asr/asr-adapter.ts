import type { AsrTranscript } from '../../../../shared/model/asr';
import type { SourceFile } from '../formats/trace-adapter';

/**
 * A speech recognizer's output file that Turnscope reads. These files describe no call on their own: they
 * supply word times and confidences that `attachAsrWords` lays onto the caller turns of a call imported
 * from a trace (paired by request / job id or file name).
 *
 * `detect` scores content, never the file name: 0 = not this engine, 1 = certain; it must not throw.
 * `read` throws an ImportError naming the file and the JSON path of the first value it cannot use.
 */
export interface AsrAdapter {
  id: string;
  /** Human name for reports: "Deepgram pre-recorded response". */
  label: string;
  detect(file: SourceFile): number;
  read(file: SourceFile): AsrTranscript;
}
