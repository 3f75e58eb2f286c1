// Renders a page of the app into #tandem-root, in Jira's look, once the door it came through is known.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FlagsProvider } from '@atlaskit/flag';
import { enterThrough } from './host';
import { applyJiraTheme } from './theme';
import './tandem.css';

export function renderPage(host, Page) {
  enterThrough(host);
  applyJiraTheme();
  createRoot(document.getElementById('tandem-root')).render(
    <StrictMode>
      <FlagsProvider>
        <Page />
      </FlagsProvider>
    </StrictMode>,
  );
}
