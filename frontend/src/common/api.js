// The settings API (docs/settings-api.md), called with Jira's context JWT. A failure becomes an ApiError that
// carries the server's own message, so the page can show it as it is.
import { boot, contextToken } from './connect';

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
  const token = await contextToken();
  const headers = { Authorization: `JWT ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(boot.apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(`Tandem could not be reached: ${error.message}`, 0, null);
  }
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) {
    const message = data?.message ?? `Tandem answered ${response.status} ${response.statusText}`.trim();
    throw new ApiError(message, response.status, data);
  }
  return data;
}

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
