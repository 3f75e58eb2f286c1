import { useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Fieldset, Label, Legend } from '@atlaskit/form';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { RadioGroup } from '@atlaskit/radio';
import { AsyncSelect } from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import { Stack } from '@atlaskit/primitives';
import { get, post } from '../common/api';
import { boot } from '../common/host';
import { Helper, LabeledSelect, LabeledText } from '../common/fields';
import { useFeedback } from '../common/flags';
import { useLoad } from '../common/useLoad';
import InvitationCode from './InvitationCode';

const WHERE = [
  { name: 'where', value: 'site', label: 'With a project of this site' },
  { name: 'where', value: 'other', label: 'With a project of another site' },
];

// The wizard: a name, a scenario, and the other side (a project here, or an invitation for another site).
export default function NewConnectionModal({ projectKey, onClose }) {
  const { failed, succeeded } = useFeedback();
  const scenarios = useLoad(() => get('/scenarios'), []);
  const [name, setName] = useState('');
  const [scenario, setScenario] = useState('basic');
  const [where, setWhere] = useState('site');
  const [target, setTarget] = useState(null);
  const [busy, setBusy] = useState(false);
  const [invitation, setInvitation] = useState(null);
  const [problem, setProblem] = useState(null);

  const create = async () => {
    setBusy(true);
    setProblem(null);
    const body = { name, scenario, ...(where === 'other' ? { otherSite: true } : { target: { projectId: target?.value } }) };
    try {
      const created = await post('/connections', body);
      if (created.invitationCode) {
        setInvitation(created.invitationCode);
      } else {
        succeeded(
          created.status === 'requested' ? 'Request sent' : `Connected with ${target.label}`,
          created.status === 'requested' ? `An administrator of ${target.label} must accept it.` : undefined,
        );
        onClose(created.status === 'requested' ? null : created.id);
      }
    } catch (error) {
      setProblem(error);
      failed('Could not create the synchronization', error);
    } finally {
      setBusy(false);
    }
  };

  const scenarioOptions = (scenarios.data?.scenarios ?? []).map((s) => ({ label: s.name, value: s.key }));
  const description = scenarios.data?.scenarios.find((s) => s.key === scenario)?.description;
  const ready = name.trim() && (where === 'other' || target);

  return (
    <ModalTransition>
      <Modal onClose={() => onClose(null)} width="medium">
        <ModalHeader>
          <ModalTitle>New synchronization</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {invitation ? (
            <InvitationCode code={invitation} />
          ) : (
            <Stack space="space.200">
              {problem && <SectionMessage appearance="error" title="Not created">{problem.message}</SectionMessage>}
              <LabeledText label="Name" value={name} onChange={setName} isRequired autoFocus
                placeholder={`e.g. ${projectKey} with first-level support`} />
              <LabeledSelect label="Scenario" options={scenarioOptions} value={scenario}
                onChange={(value) => setScenario(value ?? 'basic')} helper={description} />
              <WhereChoice where={where} onChange={setWhere} />
              {where === 'site' ? (
                <ProjectPicker value={target} onChange={setTarget} onError={(error) => failed('Could not list projects', error)} />
              ) : (
                <Helper>
                  Tandem makes an invitation code. An administrator of the other site pastes it under Accept invitation
                  in their project's Tandem settings.
                </Helper>
              )}
            </Stack>
          )}
        </ModalBody>
        <ModalFooter>
          {invitation ? (
            <Button appearance="primary" onClick={() => onClose(null)}>Done</Button>
          ) : (
            <>
              <Button appearance="subtle" onClick={() => onClose(null)}>Cancel</Button>
              <Button appearance="primary" onClick={create} isLoading={busy} isDisabled={!ready}>Create</Button>
            </>
          )}
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}

function WhereChoice({ where, onChange }) {
  const legendId = useId();
  return (
    <Fieldset legend={<Legend id={legendId}>Connect</Legend>}>
      <RadioGroup options={WHERE} value={where} onChange={(event) => onChange(event.target.value)}
        aria-labelledby={legendId} />
    </Fieldset>
  );
}

function ProjectPicker({ value, onChange, onError }) {
  const id = useId();
  const load = async (query) => {
    try {
      const { projects } = await get(`/projects?query=${encodeURIComponent(query ?? '')}`);
      return projects
        .filter((project) => project.id !== String(boot.project.id))
        .map((project) => ({ label: `${project.name} (${project.key})`, value: project.id }));
    } catch (error) {
      onError(error);
      return [];
    }
  };
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>Project</Label>
      <AsyncSelect inputId={id} defaultOptions loadOptions={load} value={value} onChange={onChange}
        placeholder="Search this site's projects" menuPosition="fixed" />
    </Stack>
  );
}
