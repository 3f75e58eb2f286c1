import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import { post } from '../common/api';
import { useFeedback } from '../common/flags';
import { formatDate, scenarioName } from '../common/format';
import StatusLozenge from '../common/StatusLozenge';
import { describeSide, mySide, otherSide } from './sides';

// Which switches a status offers (docs/settings-api.md, "Statuses").
const SWITCHES = {
  stopped: ['start'],
  error: ['start', 'stop'],
  active: ['pause', 'stop'],
  paused: ['resume', 'stop'],
  requested: [],
};
const SWITCH_LABELS = { start: 'Start', pause: 'Pause', resume: 'Resume', stop: 'Stop' };
const SWITCHED = { start: 'started', pause: 'paused', resume: 'resumed', stop: 'stopped' };

export default function ConnectionHeader({ connection, onChanged }) {
  const { failed, succeeded } = useFeedback();
  const [busy, setBusy] = useState(null);
  const [problem, setProblem] = useState(null);

  const change = async (action) => {
    setBusy(action);
    setProblem(null);
    try {
      await post(`/connections/${connection.id}/${action}`);
      succeeded(`${connection.name} ${SWITCHED[action]}`);
      onChanged();
    } catch (error) {
      const title = `Could not ${SWITCH_LABELS[action].toLowerCase()} ${connection.name}`;
      setProblem({ title, message: error.message });
      failed(title, error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center">
        <Inline space="space.100" alignBlock="center">
          <Heading size="medium" as="h2">
            {connection.name}
          </Heading>
          <StatusLozenge status={connection.status} />
        </Inline>
        <Inline space="space.100">
          {(SWITCHES[connection.status] ?? []).map((action) => (
            <Button
              key={action}
              appearance={action === 'start' || action === 'resume' ? 'primary' : 'default'}
              onClick={() => change(action)}
              isLoading={busy === action}
              isDisabled={action === 'start' && !connection.canStart}
            >
              {SWITCH_LABELS[action]}
            </Button>
          ))}
        </Inline>
      </Inline>
      <dl className="tandem-facts">
        <dt>This side</dt>
        <dd>{describeSide(mySide(connection))}</dd>
        <dt>Other side</dt>
        <dd>{describeSide(otherSide(connection))}</dd>
        <dt>Scenario</dt>
        <dd>{scenarioName(connection.scenario)}</dd>
        <dt>Issues under sync</dt>
        <dd>{connection.issuesUnderSync}</dd>
        <dt>Last sync</dt>
        <dd>{formatDate(connection.lastSync)}</dd>
        <dt>Open errors</dt>
        <dd>{connection.openErrors}</dd>
      </dl>
      {problem && (
        <SectionMessage appearance="error" title={problem.title}>
          <p>{problem.message}</p>
        </SectionMessage>
      )}
      {connection.attention && (
        <SectionMessage appearance="error" title="Needs attention">
          <p>{connection.attention}</p>
        </SectionMessage>
      )}
      {connection.missedSince && <MissedChanges connection={connection} />}
      {connection.startBlockers.length > 0 && (
        <SectionMessage appearance="warning" title="Before it can start">
          <ul>
            {connection.startBlockers.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </SectionMessage>
      )}
    </Stack>
  );
}

// Paused or in error, a connection misses changes; running again, it catches up on them (docs/settings-api.md).
function MissedChanges({ connection }) {
  const since = formatDate(connection.missedSince);
  if (connection.status === 'active') {
    return (
      <SectionMessage appearance="information" title="Catching up">
        <p>Tandem is carrying across the changes made since {since}, while the synchronization was not running.</p>
      </SectionMessage>
    );
  }
  const action = connection.status === 'paused' ? 'Resume' : 'Start';
  return (
    <SectionMessage appearance="information" title="Changes waiting">
      <p>
        Changes made since {since} have not been carried across. {action} the synchronization and Tandem catches
        up on them; Stop, and it starts afresh without them.
      </p>
    </SectionMessage>
  );
}
