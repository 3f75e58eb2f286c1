// The Forge door: the page is the Custom UI of descriptors/forge/manifest.yml, and every call of the settings API
// goes through Forge with invokeRemote, which adds the invocation token (FIT) naming the user and the project or
// issue the page was opened for; Tandem's server checks it (docs/forge.md). What the page is for comes from the
// view's context, not from a page Tandem rendered.
import { invokeRemote, view } from '@forge/bridge';

// The remote's base URL is Tandem's own (TANDEM_BASE_URL): the settings API is under /api there, as for Connect.
const API_PATH = '/api';

export async function forgeHost() {
  const context = await view.getContext();
  const extension = context.extension ?? {};
  return {
    boot: { siteUrl: context.siteUrl, project: extension.project, issue: extension.issue, module: extension.type },
    send,
  };
}

// Forge resolves the answers it accepts as {status, headers, body} (a 4xx with Tandem's JSON message too) and
// refuses the others (a 401, meaning the FIT was not accepted; no answer; one that is not JSON) with a message.
async function send(method, path, body) {
  const answer = await invokeRemote({ path: API_PATH + path, method, headers: { Accept: 'application/json' }, body });
  if (typeof answer?.status !== 'number') {
    throw new Error(answer?.message ?? 'Forge did not pass on an answer from Tandem.');
  }
  return { status: answer.status, statusText: '', data: answer.body ?? null };
}
