/**
 * ELAN annotation document (EAF 3.0). The XML follows the EAFv3.0 schema's element order (HEADER,
 * TIME_ORDER, TIER*, LINGUISTIC_TYPE*) and its rules: every ALIGNABLE_ANNOTATION refers to two TIME_SLOTs
 * of the TIME_ORDER whose values are whole milliseconds, slots are listed in increasing time, every
 * tier names a LINGUISTIC_TYPE that is defined, and ids are unique. All tiers are top-level and
 * time-alignable, so ELAN opens the file without a template.
 */
import { callTiers, type ExchangeCall } from './tiers';
import { xmlAttr, xmlText } from './xml';

export interface EafOptions {
  /** xs:dateTime of the document, e.g. "2026-03-01T10:00:00Z". */
  date: string;
  author?: string;
  /** The recording, so ELAN opens it alongside: an absolute file URL and, optionally, a relative one. */
  media?: { url: string; relativeUrl?: string; mimeType: string } | null;
}

const TYPES: Record<'utterance' | 'word' | 'note', string> = { utterance: 'utterance', word: 'word', note: 'note' };

export function toEaf(call: ExchangeCall, o: EafOptions): string {
  const tiers = callTiers(call);
  const values = [...new Set(tiers.flatMap((t) => t.annotations.flatMap((a) => [a.startMs, a.endMs])))].sort((a, b) => a - b);
  const slotOf = new Map(values.map((v, i) => [v, `ts${i + 1}`]));
  let annotationId = 0;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ANNOTATION_DOCUMENT AUTHOR="${xmlAttr(o.author ?? '')}" DATE="${xmlAttr(o.date)}" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">`,
    '    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">',
  ];
  if (o.media) {
    const rel = o.media.relativeUrl ? ` RELATIVE_MEDIA_URL="${xmlAttr(o.media.relativeUrl)}"` : '';
    lines.push(`        <MEDIA_DESCRIPTOR MEDIA_URL="${xmlAttr(o.media.url)}" MIME_TYPE="${xmlAttr(o.media.mimeType)}"${rel}/>`);
  }
  const tierXml: string[] = [];
  for (const t of tiers) {
    const participant = t.participant ? ` PARTICIPANT="${t.participant}"` : '';
    if (t.annotations.length === 0) {
      tierXml.push(`    <TIER LINGUISTIC_TYPE_REF="${TYPES[t.type]}" TIER_ID="${xmlAttr(t.id)}"${participant}/>`);
      continue;
    }
    tierXml.push(`    <TIER LINGUISTIC_TYPE_REF="${TYPES[t.type]}" TIER_ID="${xmlAttr(t.id)}"${participant}>`);
    for (const a of t.annotations) {
      tierXml.push(
        '        <ANNOTATION>',
        `            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a${++annotationId}" TIME_SLOT_REF1="${slotOf.get(a.startMs)}" TIME_SLOT_REF2="${slotOf.get(a.endMs)}">`,
        `                <ANNOTATION_VALUE>${xmlText(a.text)}</ANNOTATION_VALUE>`,
        '            </ALIGNABLE_ANNOTATION>',
        '        </ANNOTATION>',
      );
    }
    tierXml.push('    </TIER>');
  }
  lines.push(
    `        <PROPERTY NAME="lastUsedAnnotationId">${annotationId}</PROPERTY>`,
    `        <PROPERTY NAME="turnscope.callId">${xmlText(call.id)}</PROPERTY>`,
    '    </HEADER>',
    '    <TIME_ORDER>',
    ...values.map((v) => `        <TIME_SLOT TIME_SLOT_ID="${slotOf.get(v)}" TIME_VALUE="${v}"/>`),
    '    </TIME_ORDER>',
    ...tierXml,
    ...Object.values(TYPES).map((id) => `    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${id}" TIME_ALIGNABLE="true"/>`),
    '</ANNOTATION_DOCUMENT>',
    '',
  );
  return lines.join('\n');
}
