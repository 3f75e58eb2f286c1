// What the Flask page put in the HTML (addon/web/pages.py), and Connect's AP object from all.js.

export const boot = JSON.parse(document.getElementById('tandem-boot').textContent);

// A fresh context JWT for each call: AP caches it and renews it before it expires (15 minutes).
export function contextToken() {
  return new Promise((resolve, reject) => {
    const getToken = window.AP?.context?.getToken;
    if (!getToken) {
      reject(new Error("Jira's Connect library (all.js) did not load, so Tandem cannot identify you. Reload the page."));
      return;
    }
    getToken((token) => (token ? resolve(token) : reject(new Error('Jira did not hand out a token for Tandem.'))));
  });
}
