// The settings API (docs/settings-api.md), through whichever door the page came (common/host.js). A failure
// becomes an ApiError that carries the server's own message, so the page can show it as it is.
import { send } from './host';

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  // Validation failures by path in the body: {"incoming.fields": ["field 'x' does not exist ..."]}.
  get fieldErrors() {
    return this.body?.errors ?? {};
  }
}

export async function api(method, path, body) {
  let answer;
  try {
    answer = await send(method, path, body);
  } catch (error) {
    throw new ApiError(`Tandem could not be reached: ${error.message}`, 0, null);
  }
  const { status, statusText, data } = answer;
  if (status < 200 || status >= 300) {
    const message = data?.message ?? `Tandem answered ${status} ${statusText}`.trim();
    throw new ApiError(message, status, data);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
