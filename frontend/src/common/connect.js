// The Connect door: what the Flask page put in the HTML (addon/web/pages.py), and Connect's AP object from all.js.
// Each call carries a fresh context JWT: AP caches it and renews it before it expires (15 minutes).

export function connectHost() {
  const boot = JSON.parse(document.getElementById('tandem-boot').textContent);
  return {
    boot,
    async send(method, path, body) {
      const headers = { Authorization: `JWT ${await contextToken()}`, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(boot.apiBase + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, statusText: response.statusText, data: parseJson(await response.text()) };
    },
  };
}

function contextToken() {
  return new Promise((resolve, reject) => {
    const getToken = window.AP?.context?.getToken;
    if (!getToken) {
      reject(new Error("Jira's Connect library (all.js) did not load, so Tandem cannot identify you. Reload the page."));
      return;
    }
    getToken((token) => (token ? resolve(token) : reject(new Error('Jira did not hand out a token for Tandem.'))));
  });
}

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
