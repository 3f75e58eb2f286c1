// The project settings page (jiraProjectAdminTabPanels): a project's synchronizations.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FlagsProvider } from '@atlaskit/flag';
import { applyJiraTheme } from '../common/theme';
import '../common/tandem.css';
import SettingsApp from './SettingsApp';

applyJiraTheme();
createRoot(document.getElementById('tandem-root')).render(
  <StrictMode>
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>
  </StrictMode>,
);
