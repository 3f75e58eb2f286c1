// The project settings page under Connect (jiraProjectAdminTabPanels): a project's synchronizations.
import { connectHost } from '../common/connect';
import { renderPage } from '../common/render';
import SettingsApp from './SettingsApp';

renderPage(connectHost(), SettingsApp);
