// The issue glance under Connect (jiraIssueGlances): where this issue's twin is, how its last sync went, Sync now.
import { connectHost } from '../common/connect';
import { renderPage } from '../common/render';
import IssueGlance from './IssueGlance';

renderPage(connectHost(), IssueGlance);
