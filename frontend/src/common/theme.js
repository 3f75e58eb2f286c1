// Atlaskit's design tokens and CSS reset, as in Jira itself.
import '@atlaskit/css-reset';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';

export function applyJiraTheme() {
  return setGlobalTheme({ colorMode: 'light' });
}
