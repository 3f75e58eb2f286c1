// A stand-in for what Forge injects into a Custom UI iframe before the app's scripts: the `__bridge` that the real
// @forge/bridge (bundled in the app) calls. Served by the browser tests (tests/browser/jira_host.py), never by
// the app. Like Forge's, it asks the page around the iframe by postMessage, and the test answers as Forge would
// (tests/forgesim/custom_ui.py): getContext, and invoke for invokeRemote (a FIT minted by the simulated
// platform). Anything the Content Security Policy blocks is reported, so a test can fail on it.
(function () {
  let lastRequest = 0;
  const waiting = new Map();

  window.addEventListener('message', (event) => {
    const message = event.data || {};
    if (event.source !== window.parent || message.type !== 'tandem-forge:answer') return;
    const call = waiting.get(message.requestId);
    waiting.delete(message.requestId);
    if (!call) return;
    if (message.refused) call.reject(new Error(message.refused));
    else call.resolve(message.result);
  });

  function callBridge(name, payload) {
    const requestId = ++lastRequest;
    return new Promise((resolve, reject) => {
      waiting.set(requestId, { resolve, reject });
      window.parent.postMessage({ type: 'tandem-forge:call', requestId, name, payload }, '*');
    });
  }

  document.addEventListener('securitypolicyviolation', (violation) => {
    const blocked = `${violation.effectiveDirective}: ${violation.blockedURI || 'inline'}`;
    window.parent.postMessage({ type: 'tandem-forge:blocked', blocked }, '*');
  });

  window.__bridge = { callBridge };
})();
