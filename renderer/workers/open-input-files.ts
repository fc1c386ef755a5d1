/** An open's inputs as the worker reads them: bytes, a File's stream, or the body the host sends (its refusal read back as an AppError). */
import { AppError } from '../../shared/base/errors.ts';
import { jsonObject } from '../../shared/base/json.ts';
import type { ByteStreamLike } from '../../shared/base/web-apis.ts';
import type { InputFile } from '../../shared/incident/index.ts';
import type { OpenInput } from '../../shared/contract/worker/analysis-protocol.ts';

/** The host's answer to a file it would not send: the message of its AppErrorData (serve-files.ts), the kind by status. */
async function refusal(response: Response, name: string): Promise<AppError> {
  const kind = response.status === 404 ? 'notFound' : response.status === 403 ? 'auth' : 'invalidInput';
  const text = (await response.text().catch(() => '')).trim();
  let message: unknown;
  try {
    message = jsonObject(JSON.parse(text))?.['message'];
  } catch {
    // Not JSON: a plain-text answer (a wrong token) says it as it is.
  }
  return new AppError(kind, typeof message === 'string' ? message : `${name}: the Trace Explorer host answered ${response.status}${text ? ` (${text.slice(0, 200)})` : ''}.`, name);
}

/** An open's inputs as the one open path takes them: bytes, or a stream of them (a File's, an HTTP body fetched here). */
export async function inputFileOf(input: OpenInput, signal: AbortSignal): Promise<InputFile> {
  if ('bytes' in input) return { name: input.name, bytes: input.bytes };
  if ('blob' in input) return { name: input.name, source: input.blob.stream(), size: input.blob.size };
  if ('stream' in input) return { name: input.name, source: input.stream, size: input.size };
  const response = await fetch(input.url, { headers: { ...input.headers }, signal });
  if (!response.ok || !response.body) throw await refusal(response, input.name);
  const length = Number(response.headers.get('content-length'));
  return { name: input.name, source: response.body as unknown as ByteStreamLike, size: Number.isFinite(length) && length > 0 ? length : input.size };
}
