// Dates and names as a Jira user reads them.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function siteName(url) {
  if (!url) return 'another site (not joined yet)';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const SCENARIO_NAMES = { basic: 'Basic', power_customer: 'Power Customer', mirroring: 'Mirroring' };

export function scenarioName(key) {
  return SCENARIO_NAMES[key] ?? key;
}

const ACTIONS = {
  created_issue: 'Created issue',
  updated_fields: 'Updated fields',
  added_comment: 'Added comment',
  edited_comment: 'Edited comment',
  deleted_comment: 'Deleted comment',
  added_attachment: 'Added attachment',
  deleted_attachment: 'Deleted attachment',
  linked_twin: 'Linked to an existing copy',
  unlinked: 'Unlinked',
  skipped: 'Skipped',
  failed: 'Failed',
  created_value: 'Created component or version',
  left_out_value: 'Value left out',
};

// "1 change", "3 changes".
export function counted(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function actionName(action) {
  return ACTIONS[action] ?? action;
}
