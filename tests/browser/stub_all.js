// A stand-in for Atlassian Connect's all.js, served by the browser tests (tests/browser/jira_host.py), never by
// the app. Like the real one, AP asks the Jira page around the iframe by postMessage: for a context JWT (which
// the test mints with the simulated site's secret); stub_resize.js, served before it, fits the iframe's height.
(function () {
  let lastRequest = 0;
  const waiting = new Map();

  window.addEventListener('message', (event) => {
    const message = event.data || {};
    if (event.source !== window.parent || message.type !== 'tandem-stub:token') return;
    const resolve = waiting.get(message.requestId);
    waiting.delete(message.requestId);
    if (resolve) resolve(message.token);
  });

  function getToken(callback) {
    const requestId = ++lastRequest;
    const token = new Promise((resolve) => waiting.set(requestId, resolve));
    window.parent.postMessage({ type: 'tandem-stub:getToken', requestId }, '*');
    if (callback) token.then(callback);
    return token;
  }

  window.AP = { context: { getToken }, resize: window.tandemStubResize, sizeToParent() {} };
})();
