// The issue glance (jiraIssueGlances): where this issue's twin is, how its last sync went, and Sync now.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyJiraTheme } from '../common/theme';
import '../common/tandem.css';
import IssueGlance from './IssueGlance';

applyJiraTheme();
createRoot(document.getElementById('tandem-root')).render(
  <StrictMode>
    <IssueGlance />
  </StrictMode>,
);
