// What the Jira page does for the app's iframe (tests/browser/jira_host.py serves it into host_page.html): hand
// out Connect's context JWTs, answer the Forge bridge's calls, and fit the iframe to its content. The test's host
// answers under the view's URL, VIEW_URL.
(function () {
  const frame = document.getElementById('app-frame');
  const ask = async (path, body) => (await fetch(VIEW_URL + path, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })).json();
  const reply = (message) => frame.contentWindow.postMessage(message, '*');

  window.addEventListener('message', async (event) => {
    if (event.source !== frame.contentWindow) return;
    const message = event.data || {};
    if (message.type === 'tandem-stub:getToken') {
      const { token } = await ask('/token');
      reply({ type: 'tandem-stub:token', requestId: message.requestId, token });
    } else if (message.type === 'tandem-forge:call') {
      const answer = await ask(`/bridge/${encodeURIComponent(message.name)}`, message.payload ?? null);
      reply({ type: 'tandem-forge:answer', requestId: message.requestId, ...answer });
    } else if (message.type === 'tandem-forge:blocked') {
      await ask('/blocked', message.blocked);
    } else if (message.type === 'tandem-stub:resize') {
      frame.style.height = Math.max(message.height, 120) + 'px';
    }
  });
})();
