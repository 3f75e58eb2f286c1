// Fits the iframe to its content, as Connect's all.js (AP.resize) and Forge's Custom UI bridge do: tells the Jira
// page around it (host_relay.js) the content's height whenever it changes. Served before stub_all.js and
// stub_forge_bridge.js (tests/browser/jira_host.py), never by the app.
(function () {
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
  window.tandemStubResize = resize;
})();
