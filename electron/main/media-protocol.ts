import { protocol } from 'electron';
import { Readable } from 'node:stream';
import { mediaResponse } from './media/media-response';

export const MEDIA_SCHEME = 'turnscope-media';

/** Must run before the app is ready: lets <audio> stream and seek from our scheme. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

/** Serves `turnscope-media://recording/<id>` from the recording's file, with Range, so the renderer never reads files. */
export function handleMediaProtocol(recordingPath: (id: string) => string | null): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const id = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const media = mediaResponse(url.hostname === 'recording' ? recordingPath(id) : null, request.headers.get('range'));
    const body = media.body ? (Readable.toWeb(media.body) as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: media.status, headers: media.headers });
  });
}
