// The Forge app's Custom UI (descriptors/forge/manifest.yml, resource "ui"): one page for both of its modules,
// the project settings page and the issue glance, told apart by the view's context.
import { forgeHost } from '../common/forge';
import { renderPage } from '../common/render';
import IssueGlance from '../glance/IssueGlance';
import SettingsApp from '../settings/SettingsApp';

const PAGES = { 'jira:projectSettingsPage': SettingsApp, 'jira:issueGlance': IssueGlance };

forgeHost().then((host) => {
  const Page = PAGES[host.boot.module];
  if (!Page) throw new Error(`Tandem has no page for the Forge module ${host.boot.module}`);
  renderPage(host, Page);
});
