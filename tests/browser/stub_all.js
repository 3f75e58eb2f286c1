// A stand-in for Atlassian Connect's all.js, served by the browser tests (tests/browser/jira_host.py), never by
// the app. Like the real one, AP asks the Jira page around the iframe by postMessage: for a context JWT (which
// the test mints with the simulated site's secret) and to fit the iframe's height to the content.
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

  // The content's height: the lowest bottom of the body's children (the body itself may be as tall as the
  // iframe, whatever its content).
  function contentHeight() {
    const bottoms = [...(document.body ? document.body.children : [])].map(
      (child) => child.getBoundingClientRect().bottom + window.scrollY,
    );
    return Math.ceil(Math.max(0, ...bottoms));
  }

  let reported = null;
  function resize() {
    const height = contentHeight();
    if (height === reported) return;
    reported = height;
    window.parent.postMessage({ type: 'tandem-stub:resize', height }, '*');
  }

  setInterval(resize, 100);

  window.AP = { context: { getToken }, resize, sizeToParent() {} };
})();
