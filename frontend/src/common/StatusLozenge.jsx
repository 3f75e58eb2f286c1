import Lozenge from '@atlaskit/lozenge';

const APPEARANCES = {
  active: 'success',
  paused: 'moved',
  stopped: 'default',
  requested: 'new',
  error: 'removed',
  ok: 'success',
  skipped: 'default',
  failed: 'removed',
};

// A connection's status (or a sync's outcome) the way Jira shows statuses.
export default function StatusLozenge({ status }) {
  return <Lozenge appearance={APPEARANCES[status] ?? 'default'}>{status}</Lozenge>;
}
