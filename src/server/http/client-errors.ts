import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../../shared/errors';

type Refusal = { status: number; code: ErrorCode; message: string };

const notHttp = 'The request is not valid HTTP/1.1';

/**
 * What Node's parser (llhttp) and the server's timeouts report, as answers in the error shape. The
 * messages are fixed: the parser's own text can quote the request, which is the attacker's.
 */
const refusals: Record<string, Refusal> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'The request headers are larger than 16 KiB',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    code: 'payload_too_large',
    message: 'The chunk extensions are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'The request did not arrive in time',
  },
  HPE_INVALID_METHOD: { status: 400, code: 'bad_request', message: 'Unknown HTTP method' },
  HPE_INVALID_VERSION: { status: 400, code: 'bad_request', message: 'Unsupported HTTP version' },
  HPE_INVALID_URL: {
    status: 400,
    code: 'bad_request',
    message: 'The request target holds a character HTTP does not allow',
  },
  HPE_INVALID_TRANSFER_ENCODING: {
    status: 400,
    code: 'bad_request',
    message: 'Send the body with Content-Length or Transfer-Encoding: chunked, not both',
  },
  HPE_UNEXPECTED_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'Send the body with Content-Length or Transfer-Encoding: chunked, not both',
  },
  HPE_INVALID_HEADER_TOKEN: {
    status: 400,
    code: 'bad_request',
    message: 'A header holds a character HTTP does not allow',
  },
};

/** A whole HTTP/1.1 response in the error shape that closes the connection. */
export function errorResponseBytes(status: number, code: ErrorCode, message: string): Buffer {
  const body = JSON.stringify({ error: { code, message } });
  return Buffer.from(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
    'latin1',
  );
}

function refusalFor(error: Error & { code?: string }): Refusal {
  return (
    refusals[error.code ?? ''] ?? {
      status: 400,
      code: 'bad_request',
      message: error.code?.startsWith('HPE_') ? notHttp : 'The request could not be read',
    }
  );
}

const answered = new WeakSet<Socket>();
// A peer that does not read the answer must not keep the socket open.
const lingerMs = 2_000;

/**
 * Node's 'clientError': a request it cannot parse, or a timeout while receiving one. Answers in the
 * error shape when nothing of a response has gone out on this connection yet, then closes it; Node's
 * own answer is a bare status line.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // The parser stays failed and reports again on every later chunk of the same connection.
  if (answered.has(socket)) return;
  answered.add(socket);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const { status, code, message } = refusalFor(error);
  socket.end(errorResponseBytes(status, code, message));
  setTimeout(() => socket.destroy(), lingerMs).unref();
}
