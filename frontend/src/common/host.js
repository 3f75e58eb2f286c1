// The door the page came through, chosen by its entry point: Connect (common/connect.js: AP's context JWT on a
// fetch) or Forge (common/forge.js: @forge/bridge's invokeRemote, to which Forge adds its invocation token). Each
// gives the same two things: `boot`, what the page was opened for ({siteUrl, project, issue}), and `send`, one call
// of the settings API answering {status, statusText, data} (or throwing when the call never reached Tandem).
// The components import `boot` and common/api.js, never a door.

export let boot = null;
let sendThroughDoor = null;

export function enterThrough(host) {
  boot = host.boot;
  sendThroughDoor = host.send;
}

export function send(method, path, body) {
  return sendThroughDoor(method, path, body);
}
